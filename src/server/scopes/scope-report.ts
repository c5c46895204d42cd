/**
 * What a scope reports when asked (`GET`) and when closed (`DELETE`): counters, the recordings
 * the test never used, and why its requests missed.
 * @module
 */
import type { Exchange } from '../../replay/types.js'
import type { EngineContext } from '../engine-context.js'
import type { Mode } from '../options.js'

/** The report of one scope, as JSON. */
export interface ScopeReport {
  scope: string
  mode: Mode
  cassette: string
  /** Requests answered from the cassette. */
  hits: number
  /** Requests the cassette did not answer (in `auto` they went upstream and were recorded). */
  misses: number
  /** Interactions queued to the cassette (written by the time `DELETE` answers). */
  recorded: number
  /** Requests and WebSocket connections sent upstream. */
  forwarded: number
  /** The recordings never used, one line each. */
  unused: string[]
  /** Why requests missed: the explanations of the first 20 misses. */
  missed: string[]
}

/**
 * Build the report of a scope from its context.
 *
 * @example
 * scopeReport('chat--hello-1f3a', 'chat/hello.yaml', context)
 * // { scope: 'chat--hello-1f3a', mode: 'replay', cassette: 'chat/hello.yaml', hits: 2, misses: 0, ... }
 */
export function scopeReport(scope: string, cassette: string, context: EngineContext): ScopeReport {
  const stats = context.stats()
  return {
    scope,
    mode: context.mode,
    cassette,
    hits: stats.hits,
    misses: stats.misses,
    recorded: stats.recorded ?? 0,
    forwarded: stats.forwarded ?? 0,
    unused: context.replayer.unused().map(describeExchange),
    missed: context.missed(),
  }
}

/**
 * One line about a recorded exchange.
 *
 * @example
 * describeExchange(exchange) // 'POST /v1/responses (sse): interaction 2 of "chat/hello.yaml"'
 */
export function describeExchange(exchange: Exchange): string {
  const { source } = exchange
  const request =
    source.transport === 'websocket' ? 'response.create over WebSocket' : `${exchange.method} ${exchange.path} (${source.transport})`
  const turn = source.turn === undefined ? '' : `, turn ${source.turn}`
  return `${request}: interaction ${source.interaction}${turn} of "${source.cassette}"`
}
