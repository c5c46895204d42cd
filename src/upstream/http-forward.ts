/**
 * Forwarding one HTTP request to the upstream through `http-proxy`, and capturing the exchange
 * for recording (record mode = passthrough + capture).
 *
 * Streaming: the client receives every upstream chunk the moment it arrives (`selfHandleResponse`
 * with a pipe; nothing is buffered), byte for byte, compressed or not. The capture only keeps a
 * reference to each chunk and its arrival time: decoding, parsing and redacting it into a
 * cassette interaction happen after the exchange, elsewhere (record/http-capture.ts), so that
 * recording adds as little as possible to the forwarding path.
 *
 * Request headers go to the upstream unchanged (credentials pass through), except
 * `x-tapedeck-*` control headers, `host` (set to the upstream) and `content-length` (set to the
 * body given).
 * @module
 */
import { Agent as HttpAgent, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { Readable } from 'node:stream'
import httpProxy from 'http-proxy'
import { createRequestIds, type RequestIds } from '../protocol/openai-error.js'
import { keepResponseHeaders } from '../record/header-policy.js'
import type { HttpCapture } from '../record/http-capture.js'
import type { TimedChunk } from '../record/captured-body.js'
import { systemClock, type Clock } from '../util/clock.js'
import { logs, silentLogger, type Logger } from '../util/logger.js'
import { recordedTarget } from './recorded-target.js'
import { sendUpstreamUnreachable } from './upstream-error.js'
import { upstreamUrlFor } from './upstream-url.js'

/** Options of the HTTP forwarder. */
export interface HttpForwarderOptions {
  /** Upstream base URL including its API root, e.g. `https://api.openai.com/v1`. */
  upstream: string
  logger?: Logger
  clock?: Clock
  /** Extra request/response header names to keep in cassettes (see header-policy.ts). */
  keepRequestHeaders?: string[]
  keepResponseHeaders?: string[]
  /**
   * Capture exchanges (default true). A forwarder whose exchanges are never recorded
   * (`passthrough`, misses sent upstream without recording) keeps nothing of them.
   */
  capture?: boolean
  /** Ids of the errors the forwarder answers with; default: a counter of its own. */
  requestIds?: RequestIds
}

/** Forwards requests and captures them. */
export interface HttpForwarder {
  /**
   * Forward `req` with `body` (the raw bytes the server already read) and stream the answer to
   * `res`. Resolves with the capture once the exchange is over (`interactionFromCapture` turns
   * it into a redacted interaction), or with `undefined` when the upstream could not be reached
   * (the client then got a 502 OpenAI-style error with `x-should-retry: false`, and there is
   * nothing to record) or when the forwarder does not capture. Never rejects.
   */
  forward(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<HttpCapture | undefined>
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
 * const capture = await forwarder.forward(req, res, rawBody)
 * if (capture) store.append(file, await interactionFromCapture(capture, redactor))
 */
export function createHttpForwarder(options: HttpForwarderOptions): HttpForwarder {
  const logger = options.logger ?? silentLogger
  const clock = options.clock ?? systemClock
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
    new Promise<HttpCapture | undefined>((resolve) => {
      const started = clock.now()
      const elapsed = () => clock.now() - started
      const clientTarget = originalUrl(req)
      const target = upstreamUrlFor(options.upstream, clientTarget)
      const request = capture ? capturedRequest(req, clientTarget, body, options.keepRequestHeaders) : undefined
      if (logs(logger, 'debug')) logger.debug(`Forwarding ${req.method ?? 'GET'} ${clientTarget} to ${target}`)

      const exchange: PendingExchange = {
        responded: false,
        onResponse(proxyRes, response) {
          if (request === undefined) {
            relayResponse(proxyRes, response, undefined).then(() => resolve(undefined), () => resolve(undefined))
            return
          }
          relayResponse(proxyRes, response, elapsed).then((relayed) => {
            if (relayed === undefined) return resolve(undefined)
            const contentType = String(proxyRes.headers['content-type'] ?? '')
            const contentEncoding = proxyRes.headers['content-encoding']
            resolve({
              recorded_at: new Date(started).toISOString(),
              duration_ms: elapsed(),
              request,
              response: {
                status: proxyRes.statusCode ?? 502,
                headers: keepResponseHeaders(proxyRes.headers, options.keepResponseHeaders),
                sse: contentType.toLowerCase().startsWith('text/event-stream'),
                ...(contentEncoding === undefined ? {} : { contentEncoding }),
                chunks: relayed.chunks,
                complete: relayed.complete,
              },
              notes: relayed.notes,
            })
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

/** What {@link relayResponse} kept of a body: its raw chunks, in one buffer of their own. */
interface RelayedBody {
  chunks: TimedChunk[]
  complete: boolean
  notes: string[]
}

/**
 * Write the upstream head, pipe the body to the client, and keep each raw chunk with its
 * arrival time (when `elapsed` is given; without it, the promise resolves with nothing).
 */
function relayResponse(
  proxyRes: IncomingMessage,
  res: ServerResponse,
  elapsed: (() => number) | undefined,
): Promise<RelayedBody | undefined> {
  for (const [name, value] of Object.entries(proxyRes.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value)
  }
  res.writeHead(proxyRes.statusCode ?? 502, proxyRes.statusMessage)
  res.flushHeaders()
  const chunks: Buffer[] = []
  const times: number[] = []
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
      if (elapsed === undefined) return resolve(undefined)
      resolve({ chunks: ownedChunks(chunks, times), complete, notes: note === undefined ? [] : [note] })
    }
    if (elapsed !== undefined) {
      proxyRes.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        times.push(elapsed())
      })
    }
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

/**
 * The chunks copied into one buffer of their own: socket chunks may be views of larger shared
 * buffers, which a worker message would copy whole; one exact buffer can be transferred.
 */
function ownedChunks(chunks: readonly Buffer[], times: readonly number[]): TimedChunk[] {
  let total = 0
  for (const chunk of chunks) total += chunk.length
  const owned = Buffer.allocUnsafeSlow(total)
  const timed: TimedChunk[] = []
  let offset = 0
  chunks.forEach((chunk, index) => {
    chunk.copy(owned, offset)
    timed.push({ bytes: owned.subarray(offset, offset + chunk.length), at: times[index] ?? 0 })
    offset += chunk.length
  })
  return timed
}

/** The request as a capture keeps it: target, kept headers, and its own copy of the body. */
function capturedRequest(
  req: IncomingMessage,
  target: string,
  body: Buffer,
  extraHeaders: string[] | undefined,
): HttpCapture['request'] {
  const request: HttpCapture['request'] = {
    method: (req.method ?? 'GET').toUpperCase(),
    ...recordedTarget(target, req.headers, extraHeaders),
    body: new Uint8Array(body),
  }
  const contentType = req.headers['content-type']
  if (contentType !== undefined) request.contentType = contentType
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
