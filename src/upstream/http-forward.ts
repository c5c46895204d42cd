/**
 * Forwarding one HTTP request to the upstream through `http-proxy`, and capturing the exchange
 * as a cassette interaction (record mode = passthrough + capture).
 *
 * Streaming: the client receives every upstream chunk the moment it arrives (`selfHandleResponse`
 * with a pipe; nothing is buffered), while a copy of each chunk feeds the capture. The client gets
 * the upstream bytes exactly as sent, compressed or not; the capture decodes `content-encoding`
 * for storage (so cassettes hold readable bodies and no `content-encoding` header).
 *
 * Redaction: the captured interaction is redacted before `forward()` resolves (defaults on; pass
 * `redactor` to configure it). Request headers go to the upstream unchanged (credentials pass
 * through), except `x-tapedeck-*` control headers, `host` (set to the upstream) and
 * `content-length` (set to the body given).
 * @module
 */
import { Agent as HttpAgent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { Readable } from 'node:stream'
import httpProxy from 'http-proxy'
import type { HttpInteraction, Interaction, RecordedRequest, SseInteraction } from '../cassette/model.js'
import { createRequestIds, type RequestIds } from '../protocol/openai-error.js'
import { createRedactor, type Redactor } from '../record/redact.js'
import { keepResponseHeaders } from '../record/header-policy.js'
import { systemClock, type Clock } from '../util/clock.js'
import { logs, silentLogger, type Logger } from '../util/logger.js'
import { tryParseJson } from '../protocol/sse-codec.js'
import { createBodyCapture, type CapturedBody } from './body-capture.js'
import { recordedTarget } from './recorded-target.js'
import { sendUpstreamUnreachable } from './upstream-error.js'
import { upstreamUrlFor } from './upstream-url.js'

/** Options of the HTTP forwarder. */
export interface HttpForwarderOptions {
  /** Upstream base URL including its API root, e.g. `https://api.openai.com/v1`. */
  upstream: string
  logger?: Logger
  clock?: Clock
  /** Applied to every captured interaction. Default: `createRedactor()` (the defaults). */
  redactor?: Redactor
  /** Extra request/response header names to keep in cassettes (see header-policy.ts). */
  keepRequestHeaders?: string[]
  keepResponseHeaders?: string[]
  /**
   * Capture exchanges (default true). A forwarder whose exchanges are never recorded
   * (`passthrough`, misses sent upstream without recording) skips parsing and redacting them.
   */
  capture?: boolean
  /** Ids of the errors the forwarder answers with; default: a counter of its own. */
  requestIds?: RequestIds
}

/** Forwards requests and captures them. */
export interface HttpForwarder {
  /**
   * Forward `req` with `body` (the raw bytes the server already read) and stream the answer to
   * `res`. Resolves with the captured, redacted interaction once the exchange is over, or with
   * `undefined` when the upstream could not be reached (the client then got a 502 OpenAI-style
   * error with `x-should-retry: false`, and there is nothing to record) or when the forwarder
   * does not capture. Never rejects.
   */
  forward(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<Interaction | undefined>
  /** Drop pooled upstream connections. */
  close(): void
}

/** One exchange in flight, found again from the http-proxy events by its client request. */
interface PendingExchange {
  proxyReq?: ClientRequest
  responded: boolean
  onResponse(proxyRes: IncomingMessage, res: ServerResponse): void
}

/** Hop-by-hop headers, which belong to one connection and are never relayed. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
])

/**
 * Create a forwarder to one upstream.
 *
 * @example
 * const forwarder = createHttpForwarder({ upstream: 'https://api.openai.com/v1' })
 * const interaction = await forwarder.forward(req, res, rawBody)
 * if (interaction) await store.append(file, interaction)
 */
export function createHttpForwarder(options: HttpForwarderOptions): HttpForwarder {
  const logger = options.logger ?? silentLogger
  const clock = options.clock ?? systemClock
  const redactor = options.redactor ?? createRedactor()
  const capture = options.capture ?? true
  const requestIds = options.requestIds ?? createRequestIds()
  const secure = new URL(options.upstream).protocol === 'https:'
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true })
  const proxy = httpProxy.createProxyServer({
    changeOrigin: true,
    selfHandleResponse: true,
    ignorePath: true,
    agent,
  })
  const pending = new WeakMap<IncomingMessage, PendingExchange>()
  proxy.on('proxyReq', (proxyReq: ClientRequest, req: IncomingMessage) => {
    const exchange = pending.get(req)
    if (exchange !== undefined) exchange.proxyReq = proxyReq
  })
  proxy.on('proxyRes', (proxyRes: IncomingMessage, req: IncomingMessage, res: ServerResponse) => {
    const exchange = pending.get(req)
    if (exchange === undefined) return
    exchange.responded = true
    exchange.onResponse(proxyRes, res)
  })

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) =>
    new Promise<Interaction | undefined>((resolve) => {
      const started = clock.now()
      const elapsed = () => clock.now() - started
      const clientTarget = originalUrl(req)
      const target = upstreamUrlFor(options.upstream, clientTarget)
      const request = capture ? recordedRequest(req, clientTarget, body, options.keepRequestHeaders) : undefined
      if (logs(logger, 'debug')) logger.debug(`Forwarding ${req.method ?? 'GET'} ${clientTarget} to ${target}`)

      const exchange: PendingExchange = {
        responded: false,
        onResponse(proxyRes, response) {
          if (request === undefined) {
            relayResponse(proxyRes, response, undefined).then(() => resolve(undefined), () => resolve(undefined))
            return
          }
          relayResponse(proxyRes, response, elapsed).then((captured) => {
            if (captured === undefined) return resolve(undefined)
            const status = proxyRes.statusCode ?? 502
            const headers = keepResponseHeaders(proxyRes.headers, options.keepResponseHeaders)
            const base = { recorded_at: new Date(started).toISOString(), duration_ms: elapsed() }
            // Built here and referenced nowhere else: redacted in place, without a copy.
            const interaction = toInteraction(base, request, status, headers, captured)
            resolve(redactor.redactInteraction(interaction, { inPlace: true }))
          }, () => resolve(undefined))
        },
      }
      pending.set(req, exchange)
      // The client gave up before the upstream answered: stop waiting, record nothing.
      res.on('close', () => {
        if (exchange.responded) return
        exchange.proxyReq?.destroy()
        resolve(undefined)
      })

      // http-proxy copies `req.headers` synchronously inside `web()`; swapping in a cleaned copy
      // for that call is the only way to drop headers before the request starts.
      const clientHeaders = req.headers
      req.headers = outgoingHeaders(clientHeaders, body.length)
      try {
        proxy.web(req, res, { target, buffer: Readable.from(body.length > 0 ? [body] : []) }, (error) => {
          logger.warn(`Failed to reach the upstream ${target}: ${error.message}`)
          if (res.destroyed || res.writableEnded) return resolve(undefined)
          if (!res.headersSent) sendUpstreamUnreachable(res, options.upstream, error.message, requestIds.next())
          else res.destroy()
          resolve(undefined)
        })
      } finally {
        req.headers = clientHeaders
      }
    })

  return {
    forward,
    close() {
      agent.destroy()
    },
  }
}

/**
 * Write the upstream head, pipe the body to the client, and capture a copy (when `elapsed` is
 * given, which times the captured chunks; without it, the promise resolves with nothing).
 */
function relayResponse(
  proxyRes: IncomingMessage,
  res: ServerResponse,
  elapsed: (() => number) | undefined,
): Promise<CapturedBody | undefined> {
  for (const [name, value] of Object.entries(proxyRes.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value)
  }
  res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage)
  res.flushHeaders()
  const contentType = String(proxyRes.headers['content-type'] ?? '')
  const capture =
    elapsed === undefined
      ? undefined
      : createBodyCapture({
          sse: contentType.toLowerCase().startsWith('text/event-stream'),
          contentEncoding: proxyRes.headers['content-encoding'],
          elapsed,
        })
  return new Promise((resolve) => {
    let settled = false
    const settle = (complete: boolean, note?: string) => {
      if (settled) return
      settled = true
      // A cut upstream is cut for the client too, at the same byte.
      if (!complete) {
        res.destroy()
        proxyRes.destroy()
      }
      if (capture === undefined) return resolve(undefined)
      void capture.finish(complete).then((captured) => {
        if (note !== undefined) captured.notes.push(note)
        resolve(captured)
      })
    }
    if (capture !== undefined) proxyRes.on('data', (chunk: Buffer) => capture.push(chunk))
    proxyRes.pipe(res)
    proxyRes.on('end', () => settle(proxyRes.complete))
    proxyRes.on('error', () => settle(false))
    proxyRes.on('close', () => {
      if (!proxyRes.complete) settle(false)
    })
    res.on('close', () => {
      if (!res.writableFinished) settle(false, 'The client closed the connection before the upstream finished.')
    })
  })
}

function toInteraction(
  base: { recorded_at: string; duration_ms: number },
  request: RecordedRequest,
  status: number,
  headers: Record<string, string>,
  captured: CapturedBody,
): Interaction {
  const notes = [...captured.notes]
  const withNotes = <T extends Interaction>(interaction: T): T =>
    notes.length > 0 ? { ...interaction, notes } : interaction
  if (captured.kind === 'sse') {
    const response: SseInteraction['response'] = { status, headers, events: captured.events }
    if (captured.truncated) response.truncated = true
    return withNotes<SseInteraction>({ transport: 'sse', ...base, request, response })
  }
  const response: HttpInteraction['response'] = { status, headers }
  if (captured.bytes.length > 0) {
    const parsed = isJson(headers['content-type']) ? tryParseJson(captured.bytes.toString('utf8')) : undefined
    if (parsed?.ok) response.body = parsed.value
    else {
      if (parsed !== undefined) notes.push('The body was declared JSON but did not parse; it is stored as base64.')
      response.body_base64 = captured.bytes.toString('base64')
    }
  }
  return withNotes<HttpInteraction>({ transport: 'http', ...base, request, response })
}

function recordedRequest(
  req: IncomingMessage,
  target: string,
  body: Buffer,
  extraHeaders: string[] | undefined,
): RecordedRequest {
  const request: RecordedRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    ...recordedTarget(target, req.headers, extraHeaders),
  }
  if (body.length === 0) return request
  const contentType = req.headers['content-type']
  const parsed = contentType === undefined || isJson(contentType) ? tryParseJson(body.toString('utf8')) : undefined
  if (parsed?.ok) request.body = parsed.value
  else request.body_base64 = body.toString('base64')
  return request
}

function outgoingHeaders(headers: IncomingMessage['headers'], length: number): IncomingMessage['headers'] {
  const copy: IncomingMessage['headers'] = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-tapedeck-') || name === 'transfer-encoding' || name === 'content-length') continue
    copy[name] = value
  }
  // The body was read (and maybe de-chunked) by the server; describe the bytes actually sent.
  if (length > 0 || headers['content-length'] !== undefined) copy['content-length'] = String(length)
  return copy
}

function originalUrl(req: IncomingMessage): string {
  // Express rewrites `req.url` inside mounted routers and keeps the original here.
  const original = (req as IncomingMessage & { originalUrl?: unknown }).originalUrl
  return typeof original === 'string' ? original : (req.url ?? '/')
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /[/+]json\b/i.test(contentType)
}
