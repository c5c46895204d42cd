/**
 * Responses WebSocket mode in replay: the upgrade handler for `GET /v1/responses`. It accepts
 * the upgrade (no permessage-deflate, pings answered by `ws`), and gives every connection its own
 * session (see session.ts) fed by the shared Replayer.
 *
 * When the server forwards misses (`auto` mode, or `replay` with `onMiss: 'proxy'`) the context
 * carries `handOver`, and the first client frame decides for the whole connection: a
 * `response.create` that replays starts the session; anything else (a miss, a `background`
 * create, a frame that is not a create) hands the connection over, first frame included, to be
 * relayed to the upstream. A connection is never split between replay and the upstream, because
 * the upstream's `previous_response_id` cache would not know the replayed responses.
 * @module
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { RESPONSES_PATH, splitRequestTarget } from '../protocol/endpoints.js'
import { flattenHeaders } from '../protocol/http-headers.js'
import { scopeOf } from '../protocol/scope.js'
import { delegateTo } from '../replay/delegate.js'
import type { Lookup, Replayer } from '../replay/types.js'
import type { Timing, TimingOption } from '../replay/timing.js'
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'
import { parseClientFrame } from './client-frames.js'
import { HIGH_WATER_BYTES, rememberSocket, writeTurn } from './frame-writer.js'
import { rejectUpgrade } from './handshake.js'
import { createRequestIds, type RequestIds } from '../protocol/openai-error.js'
import { DEFAULT_MAX_FRAME_BYTES, type SessionLimits } from './limits.js'
import { createResponsesSession, turnQuery, type SessionIO, type TurnTarget } from './session.js'

/** A connection the replay side gives away, its first client frame already read. */
export interface WebSocketHandOver {
  /** The accepted client socket; frames after the first are still to come. */
  socket: WebSocket
  /** The upgrade request (path, query string, handshake headers). */
  request: IncomingMessage
  /** The first client frame, to be sent upstream before any other. */
  first: { data: Buffer; isBinary: boolean }
}

/**
 * What the server hands the `createWebSocketHandler` option (public as `WebSocketHandlerContext`
 * from `tapedeck`): every field is what the server (or the scope) serving the upgrade uses itself.
 * This module owns the type because the server depends on the WebSocket side, never the reverse.
 *
 * @example
 * await startTapedeck({
 *   cassette: 'http-only.yaml',
 *   createWebSocketHandler: ({ logger, requestIds }) => (request, socket) => {
 *     logger.warn(`Refused the WebSocket upgrade ${requestIds.next()}: this test replays HTTP only.`)
 *     socket.destroy()
 *   },
 * })
 */
export interface WebSocketHandlerContext {
  /** Answers turns from the cassettes of the server (or the scope) the upgrade reached. */
  replayer: Replayer
  logger: Logger
  clock: Clock
  /** The `timing` option, already resolved (`'instant'` arrives as `{ kind: 'instant' }`). */
  timing: Timing
  /**
   * Set when misses go upstream (`auto`, or `replay` with `onMiss: 'proxy'`): a connection whose
   * first client frame is not a `response.create` that replays is handed over whole, to be
   * relayed (and, in `auto`, recorded). See the module note.
   */
  handOver?: (connection: WebSocketHandOver) => void
  /**
   * The server's own request-id counter (`req_tapedeck_<n>`): an upgrade refused with an OpenAI
   * error takes its `x-request-id` here, so ids stay unique across HTTP and WebSocket errors.
   */
  requestIds: RequestIds
}

/**
 * What {@link createResponsesWebSocketHandler} accepts: the server's context, or, when the handler
 * is used without a tapedeck server, one with an unresolved `timing` and no request-id counter
 * (the handler then counts ids of its own).
 *
 * @example
 * const context: ResponsesWebSocketContext = { replayer, logger, clock: systemClock, timing: 'instant' }
 */
export interface ResponsesWebSocketContext extends Omit<WebSocketHandlerContext, 'timing' | 'requestIds'> {
  timing: Timing | TimingOption
  requestIds?: RequestIds
}

/** Options of Responses WebSocket mode. */
export interface ResponsesWebSocketOptions extends Partial<SessionLimits> {
  /** Largest client frame in bytes (default 16 MiB); a larger one closes with 1009. */
  maxFrameBytes?: number
  /** Open connections allowed at once (default: no cap); over it the upgrade gets HTTP 429. */
  maxConnections?: number
}

/**
 * Handles one WebSocket upgrade of `GET /v1/responses`: the signature `http.Server`'s `upgrade`
 * event calls (public from `tapedeck`).
 *
 * @example
 * const refuse: WebSocketUpgradeHandler = (request, socket) => socket.destroy()
 * httpServer.on('upgrade', refuse)
 */
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

/**
 * Create the upgrade handler of `GET /v1/responses`.
 *
 * @example
 * const handleUpgrade = createResponsesWebSocketHandler({ replayer, logger, clock: systemClock,
 *   timing: 'instant' }, { connectionLimitMs: 200 })
 * httpServer.on('upgrade', handleUpgrade)
 */
export function createResponsesWebSocketHandler(
  context: ResponsesWebSocketContext,
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
  const requestIds = context.requestIds ?? createRequestIds()

  const attach = (
    ws: WebSocket,
    request: IncomingMessage,
    path: string,
    query: Record<string, string> | undefined,
  ) => {
    totalConnections++
    ws.on('error', (error) => context.logger.debug(`WebSocket connection error: ${error.message}`))
    const headers = flattenHeaders(request.headers)
    const scope = scopeOf(headers)
    // Every connection is a scenario session of its own (rule turns and uses).
    const session = `${scope}/websocket-${totalConnections}`
    const target: TurnTarget = { path, ...(query === undefined ? {} : { query }), headers, scope, session }
    const handOver = context.handOver
    if (handOver === undefined) {
      startSession(ws, target, context.replayer)
      return
    }
    const decide = (data: RawData, isBinary: boolean) => {
      ws.off('message', decide)
      const text = rawDataToText(data)
      const frame = parseClientFrame(text, isBinary)
      const lookup =
        frame.kind === 'create' && frame.settings['background'] !== true
          ? context.replayer.lookup(turnQuery(target, frame.body))
          : undefined
      if (lookup?.kind === 'hit') {
        const replayer = primedReplayer(context.replayer, lookup)
        startSession(ws, target, replayer).receive(text, isBinary)
        return
      }
      context.replayer.endSession?.(session)
      context.logger.debug('The first WebSocket frame did not replay: the connection goes upstream.')
      handOver({ socket: ws, request, first: { data: rawDataToBuffer(data), isBinary } })
    }
    ws.on('message', decide)
  }

  const startSession = (ws: WebSocket, target: TurnTarget, replayer: Replayer) => {
    const session = createResponsesSession({
      replayer,
      clock: context.clock,
      logger: context.logger,
      timing: context.timing,
      io: socketIO(ws),
      ...target,
      limits,
    })
    ws.on('message', (data, isBinary) => session.receive(rawDataToText(data), isBinary))
    ws.on('close', (code) => {
      context.logger.debug(`WebSocket connection closed (${code}).`)
      session.dispose()
    })
    return session
  }

  const handler: WebSocketUpgradeHandler = (request, socket, head) => {
    const { path, query } = splitRequestTarget(request.url ?? '/')
    if (closing) {
      rejectUpgrade(
        socket,
        {
          status: 503,
          message: 'Failed to open a WebSocket: tapedeck is shutting down. Start a new tapedeck server.',
          type: 'server_error',
          code: 'tapedeck_shutting_down',
        },
        requestIds.next(),
      )
      return
    }
    if (path !== RESPONSES_PATH) {
      rejectUpgrade(
        socket,
        {
          status: 404,
          message: `Failed to open a WebSocket on ${path}: tapedeck serves WebSocket mode only on ${RESPONSES_PATH}. Point the client at <tapedeck>/v1.`,
          type: 'invalid_request_error',
          code: 'tapedeck_route_unknown',
        },
        requestIds.next(),
      )
      return
    }
    if (maxConnections !== undefined && server.clients.size >= maxConnections) {
      rejectUpgrade(
        socket,
        {
          status: 429,
          message: `Failed to open a WebSocket: ${maxConnections} connections are already open (the maxConnections option). Close idle connections or raise the option.`,
          type: 'invalid_request_error',
          code: 'tapedeck_websocket_connection_cap',
        },
        requestIds.next(),
      )
      return
    }
    server.handleUpgrade(request, socket, head, (ws) => {
      rememberSocket(ws, socket)
      attach(ws, request, path, query)
    })
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
    sendTurn: (answer, streamId) => writeTurn(ws, answer, streamId),
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
  return rawDataToBuffer(data).toString('utf8')
}

function rawDataToBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  return data
}

/**
 * The replayer a handed-over decision's session uses: its first lookup (the first turn) gets
 * the hit already taken while deciding, so the turn is counted once. Every other call goes to
 * `replayer` (including `giveBack`, for a first turn refused with `previous_response_not_found`).
 */
function primedReplayer(replayer: Replayer, first: Lookup): Replayer {
  let primed: Lookup | undefined = first
  return {
    ...delegateTo(replayer),
    lookup(query) {
      const answer = primed ?? replayer.lookup(query)
      primed = undefined
      return answer
    },
  }
}
