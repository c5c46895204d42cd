/**
 * Relaying a Responses WebSocket-mode connection to the upstream and capturing it as a cassette
 * interaction. The caller has already accepted the client's upgrade; this opens
 * `<upstream>/responses` with the client's credentials, relays every frame both ways unchanged
 * (text stays text, byte for byte), relays the close code, and records each frame with its
 * offset from the connection's start, grouped into turns (ws-turns.ts).
 *
 * When the upstream cannot be reached (connection refused, DNS, TLS, or a rejected handshake),
 * the client gets a nested `error` frame (`code: tapedeck_upstream_unreachable`, or the
 * upstream's own error for a rejected handshake) and the connection is closed with 1011, which
 * SDKs with `reconnect` set treat as retryable; nothing is recorded.
 *
 * Frames the client sends while the upstream handshake is in progress are queued and sent on
 * open. Binary frames are relayed as binary and stored base64 in `raw` with a note.
 * @module
 */
import type { IncomingMessage } from 'node:http'
import { WebSocket, type RawData } from 'ws'
import type { WebSocketClose, WebSocketFrame, WebSocketInteraction } from '../cassette/model.js'
import { tryParseJson } from '../protocol/sse-codec.js'
import { flattenHeaders } from '../protocol/http-headers.js'
import { createRedactor, type Redactor } from '../record/redact.js'
import { systemClock, type Clock } from '../util/clock.js'
import { isJsonObject } from '../util/json.js'
import { silentLogger, type Logger } from '../util/logger.js'
import { recordedTarget } from './recorded-target.js'
import { upstreamUnreachableFrame } from './upstream-error.js'
import { upstreamWebSocketUrl } from './upstream-url.js'
import { createTurnRecorder } from './ws-turns.js'

/** Handshake headers passed to the upstream (credentials and API options). */
export const FORWARDED_WEBSOCKET_HEADERS: readonly string[] = [
  'authorization',
  'api-key',
  'openai-organization',
  'openai-project',
  'openai-beta',
  'user-agent',
]

/** Options of one relayed connection. */
export interface WebSocketRelayOptions {
  /** The client's socket, already accepted (create the server with `perMessageDeflate: false`). */
  client: WebSocket
  /** The client's upgrade request (path, query string, headers). */
  request: IncomingMessage
  /** Upstream base URL including its API root, e.g. `https://api.openai.com/v1`. */
  upstream: string
  clock?: Clock
  logger?: Logger
  /** Applied to the captured interaction. Default: `createRedactor()`. */
  redactor?: Redactor
  /** Extra handshake header names to keep in the cassette. */
  keepRequestHeaders?: string[]
  /** How long the upstream handshake may take. Default 10 000 ms. */
  handshakeTimeoutMs?: number
}

/**
 * Relay one connection. Resolves when both sides are closed, with the captured and redacted
 * interaction, or `undefined` when the upstream could not be reached. Never rejects.
 *
 * @example
 * wss.handleUpgrade(req, socket, head, (client) => {
 *   void relayResponsesWebSocket({ client, request: req, upstream: 'https://api.openai.com/v1' })
 *     .then((interaction) => interaction && store.append(file, interaction))
 * })
 */
export function relayResponsesWebSocket(
  options: WebSocketRelayOptions,
): Promise<WebSocketInteraction | undefined> {
  const { client, request } = options
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? silentLogger
  const redactor = options.redactor ?? createRedactor()
  const started = clock.now()
  const at = () => clock.now() - started
  const clientTarget = request.url ?? '/v1/responses'
  const target = upstreamWebSocketUrl(options.upstream, clientTarget)
  const turns = createTurnRecorder()
  const notes: string[] = []
  const queued: Array<{ data: RawData; isBinary: boolean }> = []
  let closed: WebSocketClose | undefined
  let unreachable = false

  const upstream = new WebSocket(target, {
    headers: forwardedHeaders(request),
    perMessageDeflate: false,
    maxPayload: 0,
    handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
  })
  logger.debug(`Relaying WebSocket ${request.url ?? ''} to ${target}`)

  const failUpstream = (frame: ReturnType<typeof upstreamUnreachableFrame>, reason: string) => {
    if (unreachable) return
    unreachable = true
    logger.warn(`Failed to open the upstream WebSocket ${target}: ${reason}`)
    if (client.readyState === WebSocket.OPEN) {
      client.send(JSON.stringify(frame))
      client.close(1011, 'upstream unreachable')
    }
  }

  client.on('error', (error) => logger.warn(`The client WebSocket failed: ${error.message}`))
  client.on('message', (data, isBinary) => {
    turns.clientFrame(toFrame(data, isBinary, at(), 'client', notes))
    if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary })
    else if (upstream.readyState === WebSocket.CONNECTING) queued.push({ data, isBinary })
  })
  upstream.on('open', () => {
    for (const { data, isBinary } of queued.splice(0)) upstream.send(data, { binary: isBinary })
  })
  upstream.on('message', (data, isBinary) => {
    turns.serverFrame(toFrame(data, isBinary, at(), 'server', notes))
    if (client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary })
  })
  // A rejected handshake (401, 403, 5xx) carries the upstream's OpenAI error body: pass it on.
  upstream.on('unexpected-response', (_request, response) => {
    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    const done = () => {
      const status = response.statusCode ?? 502
      const parsed = tryParseJson(Buffer.concat(chunks).toString('utf8'))
      const error = parsed.ok && isJsonObject(parsed.value) ? parsed.value['error'] : undefined
      const reason = `the handshake was answered with HTTP ${status}`
      const frame = upstreamUnreachableFrame(options.upstream, reason, status)
      failUpstream(isJsonObject(error) ? { ...frame, error } : frame, `HTTP ${status}`)
      // Still CONNECTING: terminate() aborts the handshake and emits 'close'.
      upstream.terminate()
    }
    response.on('end', done)
    response.on('error', done)
  })
  upstream.on('error', (error) => {
    if (upstream.readyState !== WebSocket.OPEN && closed === undefined) {
      failUpstream(upstreamUnreachableFrame(options.upstream, error.message), error.message)
    } else logger.warn(`The upstream WebSocket ${target} failed: ${error.message}`)
  })

  return new Promise((resolve) => {
    let clientClosed = false
    let upstreamClosed = false
    const settle = () => {
      if (!clientClosed || !upstreamClosed) return
      if (unreachable) return resolve(undefined)
      const interaction: WebSocketInteraction = {
        transport: 'websocket',
        recorded_at: new Date(started).toISOString(),
        duration_ms: at(),
        request: recordedTarget(clientTarget, request.headers, options.keepRequestHeaders),
        ...turns.result(),
        ...(closed ? { close: closed } : {}),
        ...(notes.length > 0 ? { notes } : {}),
      }
      // Built here from frames only the turn recorder held, which is done: redacted without a copy.
      resolve(redactor.redactInteraction(interaction, { inPlace: true }))
    }
    client.on('close', (code, reason) => {
      clientClosed = true
      if (!unreachable) closed ??= closeRecord(at(), 'client', code, reason)
      closeLike(upstream, code, reason)
      settle()
    })
    upstream.on('close', (code, reason) => {
      upstreamClosed = true
      if (!unreachable) closed ??= closeRecord(at(), 'server', code, reason)
      if (!unreachable) closeLike(client, code, reason)
      settle()
    })
  })
}

function forwardedHeaders(request: IncomingMessage): Record<string, string> {
  const all = flattenHeaders(request.headers)
  const headers: Record<string, string> = {}
  for (const name of FORWARDED_WEBSOCKET_HEADERS) {
    const value = all[name]
    if (value !== undefined) headers[name] = value
  }
  return headers
}

function toFrame(
  data: RawData,
  isBinary: boolean,
  at: number,
  side: 'client' | 'server',
  notes: string[],
): WebSocketFrame {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
  if (isBinary) {
    notes.push(`A binary ${side} frame at ${at} ms is stored base64-encoded in "raw".`)
    return { at, raw: bytes.toString('base64') }
  }
  const text = bytes.toString('utf8')
  const parsed = tryParseJson(text)
  return parsed.ok ? { at, data: parsed.value } : { at, raw: text }
}

function closeRecord(at: number, by: 'client' | 'server', code: number, reason: Buffer): WebSocketClose {
  const text = reason.toString('utf8')
  return text === '' ? { at, by, code } : { at, by, code, reason: text }
}

/** Close `socket` the way its peer was closed; codes that cannot be sent map to their effect. */
function closeLike(socket: WebSocket, code: number, reason: Buffer): void {
  if (socket.readyState === WebSocket.CLOSED) return
  if (socket.readyState === WebSocket.CONNECTING || code === 1006) {
    socket.terminate()
    return
  }
  if (socket.readyState === WebSocket.CLOSING) return
  if (isSendableCloseCode(code)) socket.close(code, reason)
  else socket.close()
}

function isSendableCloseCode(code: number): boolean {
  const standard = code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006
  return standard || (code >= 3000 && code <= 4999)
}
