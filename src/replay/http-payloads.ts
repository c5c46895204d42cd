/**
 * The bytes an HTTP request gets for an exchange, computed once per exchange and reused: the
 * status, the headers and the body as one Buffer (plus one Buffer per SSE event for paced
 * replay). Which form a request gets follows its `stream` flag, not how it was recorded.
 * Pure: no I/O.
 * @module
 */
import { encodeSseEvent } from '../protocol/sse-codec.js'
import { isJsonObject, type JsonObject } from '../util/json.js'
import { foldStream, type JsonAnswer } from './fold-stream.js'
import type { Answer, Exchange } from './types.js'

/** Ready-to-write bytes of one answer. */
export interface HttpPayload {
  kind: 'payload'
  status: number
  /** Headers for writing the whole body at once, with `content-length`. */
  headers: Record<string, string>
  /** Headers for writing event by event (no `content-length`). */
  streamHeaders: Record<string, string>
  body: Buffer
  /** SSE events with their recorded offsets; absent for JSON bodies. */
  events?: ReadonlyArray<{ at: number; bytes: Buffer }>
  /** The recording was cut: end the connection after the body instead of finishing it. */
  truncated: boolean
  /** Drop the connection without sending anything (a cut answer to a non-streaming request). */
  dropBeforeHeaders?: boolean
}

/** The exchange matched, but cannot answer this form of the request. */
export interface HttpPayloadProblem {
  kind: 'problem'
  status: number
  code: 'tapedeck_replay_not_streamed' | 'tapedeck_replay_unfoldable'
  message: string
}

/** Payloads per exchange and form, computed on first use. */
export interface HttpPayloads {
  /** The payload for a request that asked for a stream (`stream: true`) or not. */
  get(exchange: Exchange, wantsStream: boolean): HttpPayload | HttpPayloadProblem
  /** Compute both forms of every exchange now, so that no request pays for it. */
  precompile(exchanges: Iterable<Exchange>): void
}

/** Recorded response headers that replay sends again (lower-case names or prefixes). */
const REPLAYED_HEADERS = ['content-type', 'x-request-id', 'retry-after', 'retry-after-ms', 'x-should-retry']
const REPLAYED_HEADER_PREFIXES = ['openai-', 'x-ratelimit-']

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8'
const JSON_CONTENT_TYPE = 'application/json'

/**
 * Create the payload cache.
 *
 * @example
 * const payloads = createHttpPayloads()
 * payloads.precompile(replayer.exchanges())
 * const payload = payloads.get(exchange, true) // SSE bytes
 */
export function createHttpPayloads(): HttpPayloads {
  type Compiled = HttpPayload | HttpPayloadProblem
  const cache = new WeakMap<Exchange, { stream?: Compiled; json?: Compiled }>()
  const get = (exchange: Exchange, wantsStream: boolean): Compiled => {
    let forms = cache.get(exchange)
    if (forms === undefined) {
      forms = {}
      cache.set(exchange, forms)
    }
    if (wantsStream) return (forms.stream ??= compilePayload(exchange, true))
    return (forms.json ??= compilePayload(exchange, false))
  }
  return {
    get,
    precompile(exchanges) {
      for (const exchange of exchanges) {
        get(exchange, true)
        get(exchange, false)
      }
    },
  }
}

/**
 * Compute the payload of an exchange for a streaming or non-streaming request.
 *
 * @example
 * compilePayload(sseExchange, false) // the final Response as JSON bytes
 */
export function compilePayload(exchange: Exchange, wantsStream: boolean): HttpPayload | HttpPayloadProblem {
  const { answer } = exchange
  if (exchange.endpoint === 'generic') {
    return answer.kind === 'json' ? jsonPayload(answer) : ssePayload(exchange, answer)
  }
  if (answer.kind === 'json') {
    if (wantsStream && answer.status < 300) {
      return {
        kind: 'problem',
        status: 400,
        code: 'tapedeck_replay_not_streamed',
        message:
          `Failed to replay a stream: the matching recording (${describe(exchange)}) is a JSON response, ` +
          'but this request asks for a stream (stream: true). Re-record it with streaming on, ' +
          'or send the request without stream: true.',
      }
    }
    return jsonPayload(answer)
  }
  const firstData = answer.events.find((event) => event.data !== undefined)?.data
  const failsBeforeStarting = isJsonObject(firstData) && firstData['type'] === 'error'
  if (wantsStream && !failsBeforeStarting) return ssePayload(exchange, answer)
  // @note A non-streaming request whose answer was cut (a recorded drop, or a scenario's
  // disconnect_after) gets the connection dropped before any byte, as the real API would.
  if (answer.truncated && !failsBeforeStarting) return dropPayload(answer.status)
  const folded = foldStream(exchange.endpoint, answer)
  if (folded.kind === 'json') return jsonPayload(folded)
  return {
    kind: 'problem',
    status: 422,
    code: 'tapedeck_replay_unfoldable',
    message:
      `Failed to replay a JSON response from a recorded stream (${describe(exchange)}): ${folded.reason}. ` +
      'Send the request with stream: true, or re-record it without streaming.',
  }
}

function dropPayload(status: number): HttpPayload {
  return { kind: 'payload', status, headers: {}, streamHeaders: {}, body: Buffer.alloc(0), truncated: true, dropBeforeHeaders: true }
}

function jsonPayload(answer: JsonAnswer): HttpPayload {
  const headers = replayedHeaders(answer.headers)
  let body: Buffer
  if (answer.body !== undefined) {
    body = Buffer.from(JSON.stringify(answer.body))
    headers['content-type'] = jsonContentType(headers)
  } else if (answer.bodyBase64 !== undefined) {
    body = Buffer.from(answer.bodyBase64, 'base64')
  } else {
    body = Buffer.alloc(0)
  }
  return finish(answer.status, headers, body, undefined, false)
}

function ssePayload(exchange: Exchange, answer: Extract<Answer, { kind: 'stream' }>): HttpPayload {
  const headers = replayedHeaders(answer.headers)
  headers['content-type'] ??= SSE_CONTENT_TYPE
  const fromWebSocket = exchange.source.transport === 'websocket'
  const events = answer.events.map((event) => {
    // A WebSocket recording echoes the lane (`stream_id`); HTTP streams have no lanes.
    const data = fromWebSocket && isJsonObject(event.data) ? withoutStreamId(event.data) : event.data
    const encoded = encodeSseEvent(data === undefined ? event : { ...event, data })
    return { at: event.at, bytes: Buffer.from(encoded) }
  })
  const body = Buffer.concat(events.map((event) => event.bytes))
  return finish(answer.status, headers, body, events, answer.truncated)
}

function finish(
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  events: HttpPayload['events'],
  truncated: boolean,
): HttpPayload {
  const streamHeaders = { ...headers }
  const complete = truncated ? streamHeaders : { ...headers, 'content-length': String(body.length) }
  const payload: HttpPayload = { kind: 'payload', status, headers: complete, streamHeaders, body, truncated }
  if (events !== undefined) payload.events = events
  return payload
}

function replayedHeaders(recorded: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [rawName, value] of Object.entries(recorded)) {
    const name = rawName.toLowerCase()
    if (REPLAYED_HEADERS.includes(name) || REPLAYED_HEADER_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      headers[name] = value
    }
  }
  return headers
}

/** The recorded JSON content type (it may name a charset), else `application/json`. */
function jsonContentType(headers: Record<string, string>): string {
  const recorded = headers['content-type'] ?? ''
  return recorded.includes('json') ? recorded : JSON_CONTENT_TYPE
}

function withoutStreamId(data: JsonObject): JsonObject {
  if (!('stream_id' in data)) return data
  const { stream_id: _streamId, ...rest } = data
  return rest
}

function describe(exchange: Exchange): string {
  const turn = exchange.source.turn === undefined ? '' : ` turn ${exchange.source.turn}`
  return `interaction ${exchange.source.interaction}${turn} of "${exchange.source.cassette}"`
}
