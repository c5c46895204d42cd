/**
 * The base of every replayer decorator: a replayer that hands each call to `inner`. A decorator
 * spreads it and overrides what it changes, so that a method added to the Replayer interface
 * reaches the core replayer through every layer without each layer listing it. Pure.
 * @module
 */
import type { Replayer } from './types.js'

/**
 * A replayer that forwards every call to `inner`.
 *
 * @example
 * const logged: Replayer = { ...delegateTo(inner), lookup: (query) => log(inner.lookup(query)) }
 */
export function delegateTo(inner: Replayer): Replayer {
  return {
    lookup: (query) => inner.lookup(query),
    giveBack: (exchange, query) => inner.giveBack?.(exchange, query),
    unused: () => inner.unused(),
    add: (exchange) => inner.add(exchange),
    exchanges: () => inner.exchanges(),
    stats: () => inner.stats(),
    resetScope: (scope) => inner.resetScope(scope),
    endSession: (session) => inner.endSession?.(session),
  }
}
