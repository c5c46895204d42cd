/**
 * State shared by the HTTP routes and the WebSocket sessions of one fake upstream.
 * @module
 */
import type { JsonObject, JsonValue } from '../../../src/util/json.js'
import { createIdSource, type IdSource } from './ids.js'

/** One request the fake upstream received: HTTP, WebSocket handshake or WebSocket client frame. */
export interface ReceivedRequest {
  kind: 'http' | 'ws-handshake' | 'ws-frame'
  /** `WS` for a client frame. */
  method: string
  /** Path without the query string. */
  path: string
  query: Record<string, string>
  /** Lower-case names; the handshake's headers for WebSocket frames are on the handshake entry. */
  headers: Record<string, string>
  /** The parsed JSON body or frame, when it was JSON. */
  body: JsonValue | undefined
  /** The body or frame as text (UTF-8). */
  rawBody: string
}

/** Mutable state of one fake upstream. */
export interface FakeState {
  ids: IdSource
  /** Responses created with `store` not false, for `GET /v1/responses/{id}` and WS chaining. */
  stored: Map<string, JsonObject>
  requests: ReceivedRequest[]
  wsConnections: number
  /** Close codes and reasons the fake received from WebSocket clients. */
  wsCloses: Array<{ code: number; reason: string }>
  /** Extra delay between streamed events, for every request. */
  eventDelayMs: number
}

/**
 * Create empty state.
 *
 * @example
 * const state = createFakeState({ eventDelayMs: 0 })
 */
export function createFakeState(options: { eventDelayMs?: number } = {}): FakeState {
  return {
    ids: createIdSource(),
    stored: new Map(),
    requests: [],
    wsConnections: 0,
    wsCloses: [],
    eventDelayMs: options.eventDelayMs ?? 0,
  }
}

/**
 * Parse a body as JSON, or undefined.
 *
 * @example
 * parseJsonBody('{"a":1}') // { a: 1 }
 */
export function parseJsonBody(text: string): JsonValue | undefined {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as JsonValue
  } catch {
    return undefined
  }
}
