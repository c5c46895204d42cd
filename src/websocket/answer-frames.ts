/**
 * Turn a recorded answer into the WebSocket frames that replay it, and read what the turn
 * amounted to (a chainable response id, or a failure) from those frames. Pure.
 *
 * @note Frames are serialised once per answer and kept in a WeakMap keyed by the Answer, so a
 * cassette replayed a thousand times is stringified once.
 * @module
 */
import type { Answer, Exchange } from '../replay/types.js'
import { isResponseObject, responseToEvents } from '../synthetic/response-to-events.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { nestedErrorFrame } from './error-frames.js'

/** One frame ready to send. */
export interface PreparedFrame {
  /** The frame text as recorded (or as synthesised). */
  text: string
  /** The parsed frame when it is a JSON object, for `stream_id` echoing. */
  object: JsonObject | undefined
  /** Recorded gap in ms since the previous frame of the turn (0 for the first). */
  delayMs: number
}

/** What a turn amounts to once its frames are out. */
export type TurnOutcome =
  | { kind: 'response'; responseId: string }
  | { kind: 'failed' }

/** Everything the session needs to replay one answer. */
export interface PreparedAnswer {
  frames: PreparedFrame[]
  outcome: TurnOutcome
  /** The recording was cut: replay cuts the connection after the last frame. */
  truncated: boolean
  /**
   * Some frame waits for a recorded gap. Without one (or with instant timing) the whole turn can
   * go out in one socket write (see frame-writer.ts).
   */
  paced: boolean
}

const TERMINAL_SUCCESS = new Set(['response.completed', 'response.incomplete'])
const TERMINAL_FAILURE = new Set(['error', 'response.failed'])

const prepared = new WeakMap<Answer, PreparedAnswer>()

/**
 * The frames of a recorded exchange, computed once per answer.
 *
 * @example
 * const { frames, outcome } = prepareAnswer(lookup.exchange)
 * for (const frame of frames) socket.send(frame.text)
 */
export function prepareAnswer(exchange: Exchange): PreparedAnswer {
  const cached = prepared.get(exchange.answer)
  if (cached !== undefined) return cached
  const result = buildAnswer(exchange)
  prepared.set(exchange.answer, result)
  return result
}

/**
 * Frames for events produced here rather than recorded (the synthetic warm-up).
 *
 * @example
 * prepareEvents(warmupEvents(body, id, createdAt)).outcome // { kind: 'response', responseId: id }
 */
export function prepareEvents(events: JsonObject[]): PreparedAnswer {
  const frames = events.map((event) => jsonFrame(event, 0))
  return { frames, outcome: outcomeOf(frames), truncated: false, paced: false }
}

/**
 * The text a frame goes out as: as prepared, or with the create's `stream_id` echoed when the
 * turn ran on a named lane (non-JSON frames have nothing to carry it and go out as they are).
 *
 * @example
 * frameText({ text: '{"type":"response.created"}', object: { type: 'response.created' }, delayMs: 0 }, 'lane-a')
 * // '{"type":"response.created","stream_id":"lane-a"}'
 */
export function frameText(frame: PreparedFrame, streamId: string | undefined): string {
  return streamId === undefined || frame.object === undefined
    ? frame.text
    : JSON.stringify({ ...frame.object, stream_id: streamId })
}

/**
 * Whether a recorded answer is an error (an HTTP error status, or a stream whose first event is
 * an `error`), which replay sends even where the connection cache would have allowed the turn.
 *
 * @example
 * isErrorAnswer({ kind: 'json', status: 400, headers: {}, body: { error: {} } }) // true
 */
export function isErrorAnswer(answer: Answer): boolean {
  if (answer.status >= 400) return true
  if (answer.kind === 'json') return !isResponseObject(answer.body)
  const first = answer.events.find((event) => event.data !== undefined)
  return isJsonObject(first?.data) && first.data['type'] === 'error'
}

function buildAnswer(exchange: Exchange): PreparedAnswer {
  const { answer } = exchange
  if (answer.kind === 'json') return prepareEvents(jsonAnswerEvents(answer, exchange.source))
  const keepRawText = exchange.source.transport === 'websocket'
  const frames: PreparedFrame[] = []
  let previousAt: number | undefined
  for (const event of answer.events) {
    const at = event.at
    const delayMs = previousAt === undefined ? 0 : Math.max(0, at - previousAt)
    if (event.data !== undefined) {
      frames.push(jsonFrame(event.data, delayMs))
    } else if (event.raw_data !== undefined && keepRawText) {
      // A non-JSON WebSocket frame was recorded as it came; a non-JSON SSE payload is `[DONE]`,
      // which has no WebSocket counterpart.
      frames.push({ text: event.raw_data, object: undefined, delayMs })
    } else {
      continue
    }
    previousAt = at
  }
  const paced = frames.some((frame) => frame.delayMs > 0)
  return { frames, outcome: outcomeOf(frames), truncated: answer.truncated, paced }
}

/**
 * A JSON answer as events: an error status becomes one nested error frame. A Response object is
 * expanded with one delta per text and no obfuscation: the frames are computed once per answer,
 * whatever the later creates ask for, and the recording holds no chunking to reproduce.
 */
function jsonAnswerEvents(
  answer: Extract<Answer, { kind: 'json' }>,
  source: Exchange['source'],
): JsonObject[] {
  if (answer.status < 400 && isResponseObject(answer.body)) {
    // The seed only names items the recording left without an id.
    const seed = `${source.cassette}#${source.interaction}/${String(answer.body['id'])}`
    const events = responseToEvents(answer.body, seed, { chunking: 'whole', obfuscation: false })
    return events.flatMap((event) => ('data' in event ? [event.data] : []))
  }
  const error = isJsonObject(answer.body) ? answer.body['error'] : undefined
  const payload = isJsonObject(error) ? error : {}
  return [
    nestedErrorFrame(answer.status >= 400 ? answer.status : 500, {
      type: stringOr(payload['type'], 'invalid_request_error'),
      code: stringOrNull(payload['code']),
      message: stringOr(
        payload['message'],
        'Failed to replay the turn: the recorded answer is neither a Response object nor an error body. Re-record the cassette.',
      ),
      param: stringOrNull(payload['param']),
    }),
  ]
}

function jsonFrame(data: JsonValue, delayMs: number): PreparedFrame {
  return { text: JSON.stringify(data), object: isJsonObject(data) ? data : undefined, delayMs }
}

function outcomeOf(frames: PreparedFrame[]): TurnOutcome {
  let responseId: string | undefined
  for (const { object } of frames) {
    const type = object?.['type']
    if (typeof type !== 'string') continue
    if (TERMINAL_FAILURE.has(type)) return { kind: 'failed' }
    const response = object?.['response']
    if (TERMINAL_SUCCESS.has(type) && isJsonObject(response) && typeof response['id'] === 'string') {
      responseId = response['id']
    }
  }
  return responseId === undefined ? { kind: 'failed' } : { kind: 'response', responseId }
}

function stringOr(value: JsonValue | undefined, fallback: string): string {
  return typeof value === 'string' ? value : fallback
}

function stringOrNull(value: JsonValue | undefined): string | null {
  return typeof value === 'string' ? value : null
}
