/**
 * Responses WebSocket mode in replay: the upgrade handler for `GET /v1/responses`. It accepts
 * the upgrade (no permessage-deflate, pings answered by `ws`), and gives every connection its own
 * session (see session.ts) fed by the shared Replayer.
 * @module
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { RESPONSES_PATH, splitRequestTarget } from '../protocol/endpoints.js'
import type { Replayer } from '../replay/types.js'
import type { Timing, TimingOption } from '../replay/timing.js'
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'
import { handshakeHeaders, rejectUpgrade, scopeOf } from './handshake.js'
import { DEFAULT_MAX_FRAME_BYTES, type SessionLimits } from './limits.js'
import { createResponsesSession, type SessionIO } from './session.js'

export { DEFAULT_LIMITS, DEFAULT_MAX_FRAME_BYTES, type SessionLimits } from './limits.js'
export { createResponsesSession, type ResponsesSession, type SessionIO } from './session.js'
export { responseToEvents, isResponseObject } from './response-to-events.js'

/** What the server hands the WebSocket handler. */
export interface WebSocketHandlerContext {
  replayer: Replayer
  logger: Logger
  clock: Clock
  timing: Timing | TimingOption
}

/** Options of Responses WebSocket mode. */
export interface ResponsesWebSocketOptions extends Partial<SessionLimits> {
  /** Largest client frame in bytes (default 16 MiB); a larger one closes with 1009. */
  maxFrameBytes?: number
  /** Open connections allowed at once (default: no cap); over it the upgrade gets HTTP 429. */
  maxConnections?: number
}

/** The signature `http.Server`'s `upgrade` event calls. */
export type WebSocketUpgradeHandler = (
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
) => void

/** The upgrade handler, plus shutdown and counters for the server that owns it. */
export interface ResponsesWebSocketHandler extends WebSocketUpgradeHandler {
  /** Close every connection (1001) and stop accepting new ones. */
  close(): Promise<void>
  stats(): { activeConnections: number; totalConnections: number }
}

/** Bytes buffered on a socket above which replay waits for it to drain. */
const HIGH_WATER_BYTES = 1024 * 1024

/**
 * Create the upgrade handler of `GET /v1/responses`.
 *
 * @example
 * const handleUpgrade = createResponsesWebSocketHandler({ replayer, logger, clock: systemClock,
 *   timing: 'instant' }, { connectionLimitMs: 200 })
 * httpServer.on('upgrade', handleUpgrade)
 */
export function createResponsesWebSocketHandler(
  context: WebSocketHandlerContext,
  options: ResponsesWebSocketOptions = {},
): ResponsesWebSocketHandler {
  const { maxFrameBytes = DEFAULT_MAX_FRAME_BYTES, maxConnections, ...limits } = options
  const server = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: maxFrameBytes,
  })
  let totalConnections = 0
  let closing = false

  const attach = (
    ws: WebSocket,
    request: IncomingMessage,
    path: string,
    query: Record<string, string> | undefined,
  ) => {
    totalConnections++
    const headers = handshakeHeaders(request)
    const session = createResponsesSession({
      replayer: context.replayer,
      clock: context.clock,
      logger: context.logger,
      timing: context.timing,
      io: socketIO(ws),
      scope: scopeOf(headers),
      headers,
      path,
      ...(query === undefined ? {} : { query }),
      limits,
    })
    ws.on('message', (data, isBinary) => session.receive(rawDataToText(data), isBinary))
    ws.on('close', (code) => {
      context.logger.debug(`WebSocket connection closed (${code}).`)
      session.dispose()
    })
    ws.on('error', (error) => context.logger.debug(`WebSocket connection error: ${error.message}`))
  }

  const handler: WebSocketUpgradeHandler = (request, socket, head) => {
    const { path, query } = splitRequestTarget(request.url ?? '/')
    if (closing) {
      rejectUpgrade(socket, 503, {
        message: 'Failed to open a WebSocket: tapedeck is shutting down. Start a new tapedeck server.',
        type: 'server_error',
        code: 'tapedeck_shutting_down',
      })
      return
    }
    if (path !== RESPONSES_PATH) {
      rejectUpgrade(socket, 404, {
        message: `Failed to open a WebSocket on ${path}: tapedeck serves WebSocket mode only on ${RESPONSES_PATH}. Point the client at <tapedeck>/v1.`,
        type: 'invalid_request_error',
        code: 'tapedeck_route_unknown',
      })
      return
    }
    if (maxConnections !== undefined && server.clients.size >= maxConnections) {
      rejectUpgrade(socket, 429, {
        message: `Failed to open a WebSocket: ${maxConnections} connections are already open (the maxConnections option). Close idle connections or raise the option.`,
        type: 'invalid_request_error',
        code: 'tapedeck_websocket_connection_cap',
      })
      return
    }
    server.handleUpgrade(request, socket, head, (ws) => attach(ws, request, path, query))
  }

  const close = async () => {
    closing = true
    await Promise.all([...server.clients].map((ws) => closeSocket(ws)))
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  const stats = () => ({ activeConnections: server.clients.size, totalConnections })

  return Object.assign(handler, { close, stats })
}

function socketIO(ws: WebSocket): SessionIO {
  return {
    send: (frame) => {
      if (ws.readyState !== ws.OPEN) return
      if (ws.bufferedAmount < HIGH_WATER_BYTES) {
        ws.send(frame)
        return
      }
      return new Promise<void>((resolve) => ws.send(frame, () => resolve()))
    },
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
  }
}

/** Close politely, and cut the socket if the client does not answer the close frame soon. */
function closeSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), 500)
    ws.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    ws.close(1001, 'tapedeck is shutting down')
  })
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}
