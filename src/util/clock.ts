/**
 * Injectable time source, so that timing replay and the WebSocket connection limit are testable
 * without waiting.
 * @module
 */

/** A source of the current time in milliseconds, and of delays. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

/**
 * The real clock.
 *
 * @example
 * const started = systemClock.now()
 * await systemClock.sleep(10)
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => (ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms))),
}
