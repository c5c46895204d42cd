/**
 * What the generator takes and gives. Its answers have the shape of the replay engine's
 * `Answer` (replay/types.ts), so transports emit synthetic and recorded answers alike, and its
 * events map one to one onto cassette `SseEvent`s (for `tapedeck expand`).
 * @module
 */
import type { Chunking } from '../scenario/types.js'
import type { JsonObject } from '../util/json.js'

/** What a synthetic answer is generated for. */
export interface SynthesisContext {
  /** The create body (`POST /v1/responses`, a flattened WebSocket `response.create`, or Chat). */
  request: JsonObject
  /**
   * Everything generated (ids, `created_at`, obfuscation, logprobs) derives from it: the rule
   * matcher's `RuleHit.seed`, or file + request identity for gap filling.
   */
  seed: string
  /** Stream (SSE or WebSocket frames) or one JSON body. */
  stream: boolean
  /** Default `http`. Over `websocket` an `error` reply becomes one nested error frame. */
  transport?: 'http' | 'websocket'
}

/** One event of a synthetic stream: an SSE event, or the `data` of a WebSocket frame. */
export type SyntheticEvent =
  | {
      /** Offset in ms from the start of the request. */
      at: number
      /** The SSE `event:` name (Responses streams only). */
      event?: string
      data: JsonObject
    }
  | {
      at: number
      /** Chat's final `[DONE]`. */
      raw_data: string
    }

/** A synthetic answer; assignable to the replay engine's `Answer`. */
export type SyntheticAnswer =
  | { kind: 'json'; status: number; headers: Record<string, string>; body: JsonObject }
  | {
      kind: 'stream'
      status: number
      headers: Record<string, string>
      events: SyntheticEvent[]
      /** Cut the connection after the last event instead of ending it (`disconnect_after`). */
      truncated: boolean
    }

/** Options of the stream builders that do not come from the request. */
export interface StreamStyle {
  chunking?: Chunking
}
