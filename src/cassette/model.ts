/**
 * The cassette model (format version 1): plain data that round-trips through YAML unchanged.
 * Behaviour lives elsewhere (replay/, record/, transports/); nothing here is a class.
 *
 * Vocabulary:
 * - cassette: one YAML file holding interactions in recorded order.
 * - interaction: one HTTP exchange (`http`), one streamed HTTP exchange (`sse`) or one
 *   WebSocket connection (`websocket`, grouped into turns).
 * - turn: one client frame of a WebSocket connection and the server frames that answer it.
 * - exchange: the matching unit derived from interactions at load time (replay/exchange-index.ts):
 *   an HTTP or SSE interaction is one exchange, every WebSocket turn is one.
 *
 * Key names are snake_case, like the OpenAI wire objects they sit next to.
 * @module
 */
import type { JsonValue } from '../util/json.js'

/** The cassette format versions this build reads and writes. */
export const SUPPORTED_CASSETTE_VERSIONS = [1] as const

/** The version new cassettes are written with. */
export const CASSETTE_VERSION = 1

/** What to do when every recording of a request has been used. */
export type OnExhausted = 'error' | 'repeat_last'

/** Per-cassette matching options, editable by hand at the top of the file. */
export interface CassetteMatchOptions {
  /** JSON pointers into request bodies to ignore when matching, e.g. `/metadata`. */
  ignore?: string[]
  /** Default `error`: a miss once the recordings of a request are used up. */
  on_exhausted?: OnExhausted
}

/** Free-form provenance, written by the recorder. */
export interface CassetteMeta {
  recorded_with?: string
  created_at?: string
  [key: string]: JsonValue | undefined
}

/** A whole cassette file. */
export interface Cassette {
  version: 1
  name?: string
  meta?: CassetteMeta
  match?: CassetteMatchOptions
  /**
   * Hand-written scenario rules (scenario/types.ts `ScenarioRule`), checked in detail by
   * scenario/parse-rules.ts. The cassette codec only checks that this is a list. A file may hold
   * rules and no `interactions`; `interactions` is then `[]` once loaded.
   */
  rules?: JsonValue[]
  interactions: Interaction[]
}

/** The HTTP request that started an interaction, with secrets already redacted. */
export interface RecordedRequest {
  method: string
  /** Path including the `/v1` prefix, without the query string: `/v1/responses`. */
  path: string
  /** Query parameters, when there were any. */
  query?: Record<string, string>
  /** Headers worth keeping (lower-case names), redacted. */
  headers?: Record<string, string>
  /** The parsed JSON body, when the body was JSON. */
  body?: JsonValue
  /** A non-JSON body, base64-encoded. */
  body_base64?: string
}

/** Fields every interaction may carry. */
export interface InteractionBase {
  /** ISO-8601 time the interaction started. */
  recorded_at?: string
  /** Total duration in ms, from the request to the last byte. */
  duration_ms?: number
  /** Produced by the synthetic generator, not by OpenAI. */
  synthetic?: boolean
  /** Findings of the stream validator or the recorder, kept with the interaction. */
  notes?: string[]
}

/** A plain HTTP exchange with a JSON (or binary) body. */
export interface HttpInteraction extends InteractionBase {
  transport: 'http'
  request: RecordedRequest
  response: {
    status: number
    headers?: Record<string, string>
    /** Parsed JSON body. */
    body?: JsonValue
    /** A non-JSON body, base64-encoded. */
    body_base64?: string
  }
}

/**
 * One server-sent event. `data` is the parsed JSON payload; a payload that is not JSON
 * (Chat Completions' `[DONE]`) is kept as text in `raw_data`.
 */
export interface SseEvent {
  /** Offset in ms from the start of the request. */
  at: number
  /** The `event:` field, when the server sent one (Responses streams do, Chat streams do not). */
  event?: string
  /** The `id:` field, when present. */
  id?: string
  data?: JsonValue
  raw_data?: string
  /** An SSE comment line (`: keep-alive`), when the event is only a comment. */
  comment?: string
}

/** A streamed HTTP exchange (`text/event-stream`). */
export interface SseInteraction extends InteractionBase {
  transport: 'sse'
  request: RecordedRequest
  response: {
    status: number
    headers?: Record<string, string>
    events: SseEvent[]
    /** The upstream cut the stream before it ended; replay cuts it at the same point. */
    truncated?: boolean
  }
}

/** One WebSocket frame. `data` is the parsed JSON; a non-JSON text frame is kept in `raw`. */
export interface WebSocketFrame {
  /** Offset in ms from the connection's open. */
  at: number
  data?: JsonValue
  raw?: string
}

/** One client frame (usually `response.create`) and the server frames that answer it. */
export interface WebSocketTurn {
  client: WebSocketFrame
  server: WebSocketFrame[]
}

/** How a WebSocket connection ended. */
export interface WebSocketClose {
  at: number
  by: 'client' | 'server'
  code: number
  reason?: string
}

/** One WebSocket connection (Responses WebSocket mode), grouped into turns. */
export interface WebSocketInteraction extends InteractionBase {
  transport: 'websocket'
  request: {
    path: string
    query?: Record<string, string>
    headers?: Record<string, string>
  }
  /** Server frames sent before any client frame (rare). */
  preamble?: WebSocketFrame[]
  turns: WebSocketTurn[]
  close?: WebSocketClose
}

/** Any interaction. Discriminated by `transport`. */
export type Interaction = HttpInteraction | SseInteraction | WebSocketInteraction

/** The transports an interaction can have. */
export type TransportKind = Interaction['transport']
