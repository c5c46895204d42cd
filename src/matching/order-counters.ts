/**
 * How many times each request key has been answered, per scope. Identical requests are answered
 * in recorded order, and each test (scope, from the `x-tapedeck-scope` header) counts on its own.
 * @module
 */

/** Order bookkeeping for identical requests. */
export interface OrderCounters {
  /** How many calls with this key the scope has made so far. */
  peek(scope: string, key: string): number
  /** Record one more call and return how many there were before it. */
  take(scope: string, key: string): number
  /** Undo one `take` (never below zero). */
  release(scope: string, key: string): void
  /** Forget a scope's counters (or every scope's), so its next call is answered from the start. */
  reset(scope?: string): void
}

/**
 * Create empty counters.
 *
 * @example
 * const counters = createOrderCounters()
 * counters.take('test-a', key) // 0
 * counters.take('test-a', key) // 1
 * counters.take('test-b', key) // 0
 */
export function createOrderCounters(): OrderCounters {
  const scopes = new Map<string, Map<string, number>>()
  return {
    peek(scope, key) {
      return scopes.get(scope)?.get(key) ?? 0
    },
    take(scope, key) {
      let counts = scopes.get(scope)
      if (counts === undefined) {
        counts = new Map()
        scopes.set(scope, counts)
      }
      const count = counts.get(key) ?? 0
      counts.set(key, count + 1)
      return count
    },
    release(scope, key) {
      const counts = scopes.get(scope)
      const count = counts?.get(key) ?? 0
      if (count > 0) counts?.set(key, count - 1)
    },
    reset(scope) {
      if (scope === undefined) scopes.clear()
      else scopes.delete(scope)
    },
  }
}
