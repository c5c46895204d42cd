/**
 * The contract between the replay engine and the transports that use it (HTTP routes and the
 * Responses WebSocket session). Transports ask `Replayer.lookup()` for the answer to one request
 * and emit it in their own framing; the engine knows nothing about sockets.
 * @module
 */
import type { SseEvent } from '../cassette/model.js'
import type { JsonValue } from '../util/json.js'

/** Which API an exchange belongs to; decides stream framing and stream-to-JSON folding. */
export type EndpointKind = 'responses' | 'chat' | 'generic'

/** A recorded answer in transport-neutral form. */
export type Answer =
  | {
      kind: 'json'
      status: number
      headers: Record<string, string>
      body?: JsonValue
      bodyBase64?: string
    }
  | {
      kind: 'stream'
      status: number
      headers: Record<string, string>
      /** Events in order. WebSocket server frames are held as events whose `data` is the frame. */
      events: SseEvent[]
      /** The recording was cut mid-stream: replay ends the connection at the same point. */
      truncated: boolean
    }

/** Where an exchange came from, for messages and the unused report. */
export interface ExchangeSource {
  cassette: string
  /**
   * 0-based index of the interaction in the cassette; -1 for an answer generated at lookup time
   * (a scenario rule's reply, or a synthesized answer), which no interaction holds.
   */
  interaction: number
  /** 0-based turn index, for WebSocket turns. */
  turn?: number
  transport: 'http' | 'sse' | 'websocket'
  /** 0-based index of the scenario rule (in the cassette's `rules:`) whose reply this is. */
  rule?: number
  /** Generated for a request nothing matched (`onMiss: 'synthesize'`). */
  synthetic?: boolean
}

/** The matching unit: one recorded request and its answer. */
export interface Exchange {
  endpoint: EndpointKind
  method: string
  path: string
  query?: Record<string, string>
  /** The recorded request body (for a WebSocket turn: the `response.create` body, flattened). */
  body: JsonValue | undefined
  /** Identity hash of the canonical request (see matching/). */
  key: string
  source: ExchangeSource
  answer: Answer
}

/**
 * One incoming request, as the replayer sees it. Copy one field by field rather than with a
 * spread: the HTTP side's queries (server/http-replay-query.ts) flatten `headers` lazily, from
 * a getter that a spread does not copy.
 */
export interface ReplayQuery {
  method: string
  /** Path including `/v1`, without the query string. */
  path: string
  query?: Record<string, string>
  headers: Record<string, string>
  /** Parsed JSON body; for a WebSocket `response.create`, the flattened body. */
  body: JsonValue | undefined
  /** Order counters are kept per scope (per test, via the `x-tapedeck-scope` header). */
  scope: string
  /**
   * The scenario session (turn numbers, rule uses) when it is narrower than the scope: every
   * WebSocket connection is a session of its own. Default: the scope.
   */
  session?: string
}

/** The result of a lookup. */
export type Lookup =
  | { kind: 'hit'; exchange: Exchange }
  | {
      kind: 'miss'
      reason: 'no_match' | 'exhausted'
      /** The full human explanation (cassette, closest request, differing pointers, fix). */
      message: string
    }

/** Counters of a replay run, for the run summary. */
export interface ReplayStats {
  /** Exchanges available (loaded and added). */
  exchanges: number
  /** Lookups answered by an exchange (including `repeat_last` repeats). */
  hits: number
  /** Lookups that found nothing (`no_match` or `exhausted`). */
  misses: number
  /** Exchanges never used. */
  unused: number
  /** Lookups answered by a scenario rule (not counted in `hits` or `misses`). */
  ruleHits?: number
  /** Lookups answered by the synthetic generator (not counted in `hits` or `misses`). */
  synthesized?: number
}

/** The replay engine. */
export interface Replayer {
  lookup(query: ReplayQuery): Lookup
  /**
   * Undo the use a lookup made of the exchange it returned, whose answer was then not sent (a
   * WebSocket turn refused with `previous_response_not_found`): a recording goes back to the
   * scope, so the next identical request gets it again; a scenario rule's answer gives back the
   * rule's use and the session's turn, as if the request had not been made. Pass the query of
   * that lookup. Synthesized answers are not given back.
   */
  giveBack?(exchange: Exchange, query: ReplayQuery): void
  /** Exchanges never used since start (for the run summary and `--fail-on-unused`). */
  unused(): Exchange[]
  /**
   * Add an exchange at run time (record in auto mode, synthesized answers). The replayer sets
   * its `key`, using the `match.ignore` of the cassette named by `source.cassette`.
   */
  add(exchange: Exchange): void
  /** Every exchange, loaded then added, in order. */
  exchanges(): readonly Exchange[]
  /** Hits, misses and unused exchanges so far. */
  stats(): ReplayStats
  /** Forget the order counters of one scope (or of all), so identical requests start over. */
  resetScope(scope?: string): void
  /** A session (a WebSocket connection) ended: its scenario state can go. */
  endSession?(session: string): void
}
