/**
 * One Responses WebSocket connection in replay: lanes, the per-lane queue, the connection-local
 * `previous_response_id` cache and the connection's lifetime (openai-wire-protocol.md §2.7–2.9).
 * Socket-free: frames come in through `receive()` and leave through the injected `SessionIO`,
 * answers come from the Replayer, time from the Clock.
 * @module
 */
import { describeSource, outcomeOfSource } from '../replay/describe-source.js'
import type { Replayer, ReplayQuery } from '../replay/types.js'
import type { Clock } from '../util/clock.js'
import type { JsonObject } from '../util/json.js'
import type { Logger, RequestOutcome } from '../util/logger.js'
import { frameText, isErrorAnswer, prepareAnswer, prepareEvents, type PreparedAnswer } from './answer-frames.js'
import { parseClientFrame, type CreateFrame } from './client-frames.js'
import {
  backgroundUnsupportedFrame,
  connectionLimitFrame,
  invalidRequestFrame,
  previousResponseNotFoundFrame,
  replayMissFrame,
  streamLimitFrame,
  unsupportedEventFrame,
} from './error-frames.js'
import { replayOffset, resolveTiming, type Timing, type TimingOption } from '../replay/timing.js'
import { createLaneRegistry, type Lane } from './lanes.js'
import { DEFAULT_LIMITS, type SessionLimits } from './limits.js'
import { warmupEvents, warmupResponseId } from './warmup.js'

/** How the session talks to its socket. */
export interface SessionIO {
  /** Send one text frame; a returned promise resolves once the socket has taken it. */
  send(frame: string): void | Promise<void>
  /**
   * Optional: send a whole turn with nothing to wait for at once (see frame-writer.ts). `false`
   * means it could not, and the frames go one by one through `send`.
   */
  sendTurn?(answer: PreparedAnswer, streamId: string | undefined): boolean | Promise<void>
  /** Close with a close frame. */
  close(code: number, reason: string): void
  /** Drop the connection without a close handshake (a recording that was cut). */
  terminate(): void
}

/** Where a connection's turns are looked up: everything of a lookup but the body, fixed at the handshake. */
export interface TurnTarget {
  /** Path of the upgrade request, `/v1/responses`. */
  path: string
  /** Query parameters of the upgrade request, if any. */
  query?: Record<string, string>
  /** Handshake headers, lower-case, passed to the Replayer with every turn. */
  headers: Record<string, string>
  /** Order-counter scope (the `x-tapedeck-scope` handshake header). */
  scope: string
  /** The connection's own scenario session (rule turns and uses); default: the scope. */
  session?: string
}

/**
 * The lookup of one `response.create` on a connection. The upgrade handler uses it too, to decide
 * with the first frame whether a connection replays, so both look the same turn up the same way.
 *
 * @example
 * replayer.lookup(turnQuery({ path: '/v1/responses', headers: {}, scope: 'default' }, frame.body))
 */
export function turnQuery(target: TurnTarget, body: JsonObject): ReplayQuery {
  return {
    method: 'GET',
    path: target.path,
    ...(target.query === undefined ? {} : { query: target.query }),
    headers: target.headers,
    body,
    scope: target.scope,
    ...(target.session === undefined ? {} : { session: target.session }),
  }
}

/** What a session is built from. */
export interface SessionOptions extends TurnTarget {
  replayer: Replayer
  io: SessionIO
  clock: Clock
  logger: Logger
  /** Pacing of recorded frames: `instant`, `recorded`, a speed factor, or a resolved Timing. */
  timing: Timing | TimingOption
  limits?: Partial<SessionLimits>
}

/** A running session. */
export interface ResponsesSession {
  /** Handle one client frame. */
  receive(text: string, isBinary: boolean): void
  /** The client is gone: drop queued turns, stop streaming, cancel timers. */
  dispose(): void
  /** Resolves when no turn is queued or running (for tests and orderly shutdown). */
  idle(): Promise<void>
}

/** The longest delay `setTimeout` honours. */
const MAX_TIMER_MS = 2 ** 31 - 1

interface Turn {
  frame: CreateFrame
  /** 0-based index of the create on this connection (seeds synthetic warm-up ids). */
  index: number
  /** `clock.now()` when the create arrived: its request event counts the wait in the lane. */
  receivedAt: number
}

/** What became of a turn, for its request event. */
interface TurnOutcome {
  outcome: RequestOutcome
  detail: string
}

/**
 * Start the state machine of one connection. The lifetime clock starts now.
 *
 * @example
 * const session = createResponsesSession({ replayer, io: { send: (f) => ws.send(f),
 *   close: (c, r) => ws.close(c, r), terminate: () => ws.terminate() }, clock: systemClock,
 *   logger: silentLogger, timing: 'instant', scope: 'default', headers: {}, path: '/v1/responses' })
 * ws.on('message', (data, isBinary) => session.receive(data.toString(), isBinary))
 */
export function createResponsesSession(options: SessionOptions): ResponsesSession {
  const { replayer, io, clock, logger } = options
  const limits: SessionLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const timing = typeof options.timing === 'object' ? options.timing : resolveTiming(options.timing)
  const openedAt = clock.now()
  const lanes = createLaneRegistry<Turn>(limits)
  let createCount = 0
  let closed = false
  let expiring = false
  let lifetimeTimer: NodeJS.Timeout | undefined
  let graceTimer: NodeJS.Timeout | undefined
  let idleWaiters: Array<() => void> = []

  const sendFrame = (frame: JsonObject) => io.send(JSON.stringify(frame))

  const lifetimeLeft = () => limits.connectionLimitMs - (clock.now() - openedAt)

  const scheduleLifetime = () => {
    const left = lifetimeLeft()
    if (left <= 0) return beginExpiry()
    // Node fires longer timeouts at once; a re-check at the cap keeps huge limits correct.
    lifetimeTimer = setTimeout(scheduleLifetime, Math.min(left, MAX_TIMER_MS))
    lifetimeTimer.unref?.()
  }

  const notifyIdle = () => {
    if (lanes.inFlight() > 0) return
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  const receive = (text: string, isBinary: boolean) => {
    if (closed || expiring) return
    if (lifetimeLeft() <= 0) return beginExpiry()
    const frame = parseClientFrame(text, isBinary)
    if (frame.kind === 'invalid') {
      void sendFrame(invalidRequestFrame(frame.code, frame.message, frame.param, frame.streamId))
      return
    }
    if (frame.kind === 'unsupported') {
      void sendFrame(unsupportedEventFrame(frame.type, frame.streamId))
      return
    }
    const lane = lanes.enqueue(frame.streamId, { frame, index: createCount, receivedAt: clock.now() })
    createCount++
    if (lane === 'limit') {
      void sendFrame(streamLimitFrame(frame.streamId ?? ''))
      return
    }
    pump(lane)
  }

  const pump = (lane: Lane<Turn>) => {
    if (lane.running || closed) return
    const turn = lane.queue.shift()
    if (turn === undefined) return
    lane.running = true
    runTurn(lane, turn)
      .catch((error: unknown): TurnOutcome => {
        logger.error(`Failed to replay a WebSocket turn: ${String(error)}`)
        return { outcome: 'error', detail: 'internal error' }
      })
      .then((done) => reportTurn(turn, done))
      .finally(() => {
        lane.running = false
        lanes.settle()
        if (expiring) finishExpiry()
        else pump(lane)
        notifyIdle()
      })
  }

  /** One request event per turn, once its last frame is sent. */
  const reportTurn = (turn: Turn, done: TurnOutcome) => {
    logger.request?.({
      method: 'GET',
      path: options.path,
      transport: 'websocket',
      outcome: done.outcome,
      durationMs: Math.max(0, clock.now() - turn.receivedAt),
      detail: done.detail,
    })
  }

  const runTurn = async (lane: Lane<Turn>, turn: Turn): Promise<TurnOutcome> => {
    const { body, settings, streamId } = turn.frame
    const previousSetting = settings['previous_response_id']
    const previous = typeof previousSetting === 'string' ? previousSetting : undefined
    if (settings['background'] === true) {
      lanes.evict(previous)
      await sendFrame(backgroundUnsupportedFrame(streamId))
      return { outcome: 'error', detail: 'background responses are not replayed' }
    }
    const query = turnQuery(options, body)
    const lookup = replayer.lookup(query)
    if (previous !== undefined && !lanes.isCached(previous) && settings['store'] === false) {
      const recordedError = lookup.kind === 'hit' && isErrorAnswer(lookup.exchange.answer)
      if (!recordedError) {
        // The recording was not sent: the same turn, sent again once its chain is cached, gets it.
        if (lookup.kind === 'hit') replayer.giveBack?.(lookup.exchange, query)
        lanes.evict(previous)
        await sendFrame(previousResponseNotFoundFrame(previous, streamId))
        return { outcome: 'error', detail: `previous response ${previous} not found` }
      }
    }
    let answer: PreparedAnswer
    let done: TurnOutcome
    if (lookup.kind === 'hit') {
      answer = prepareAnswer(lookup.exchange)
      const { source } = lookup.exchange
      done = { outcome: outcomeOfSource(source), detail: describeSource(source) }
    } else if (settings['generate'] === false) {
      const id = warmupResponseId(body, turn.index)
      answer = prepareEvents(warmupEvents(settings, id, Math.floor(clock.now() / 1000)))
      done = { outcome: 'synthesized', detail: 'warm-up (generate: false)' }
    } else {
      lanes.evict(previous)
      await sendFrame(replayMissFrame(lookup.reason, lookup.message, streamId))
      return { outcome: 'miss', detail: lookup.reason }
    }
    const finished = await play(answer, streamId)
    if (!finished) return { ...done, detail: `${done.detail}, client gone` }
    if (answer.truncated) {
      closed = true
      io.terminate()
      return { ...done, detail: `${done.detail}, cut as recorded` }
    }
    if (answer.outcome.kind === 'response') lane.cachedResponseId = answer.outcome.responseId
    else lanes.evict(previous)
    return done
  }

  /** Send every frame at the configured pace; false when the connection went away meanwhile. */
  const play = async (answer: PreparedAnswer, streamId: string | undefined): Promise<boolean> => {
    if (closed) return false
    if ((timing.kind === 'instant' || !answer.paced) && io.sendTurn !== undefined) {
      const sent = io.sendTurn(answer, streamId)
      if (sent !== false) {
        await sent
        return !closed
      }
    }
    for (const frame of answer.frames) {
      const wait = replayOffset(frame.delayMs, timing)
      if (wait > 0) await clock.sleep(wait)
      if (closed) return false
      await io.send(frameText(frame, streamId))
    }
    return !closed
  }

  const beginExpiry = () => {
    if (expiring || closed) return
    expiring = true
    clearTimeout(lifetimeTimer)
    lanes.dropQueued()
    finishExpiry()
    notifyIdle()
  }

  /** Once nothing streams any more: the documented error, then a normal close after a grace. */
  const finishExpiry = () => {
    if (closed || graceTimer !== undefined) return
    if (lanes.anyRunning()) return
    void sendFrame(connectionLimitFrame())
    graceTimer = setTimeout(() => {
      if (closed) return
      closed = true
      io.close(1000, 'connection limit reached')
    }, limits.closeGraceMs)
  }

  const dispose = () => {
    if (options.session !== undefined) replayer.endSession?.(options.session)
    closed = true
    clearTimeout(lifetimeTimer)
    clearTimeout(graceTimer)
    lanes.dropQueued()
    notifyIdle()
  }

  const idle = () =>
    lanes.inFlight() === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => idleWaiters.push(resolve))

  scheduleLifetime()
  return { receive, dispose, idle }
}
