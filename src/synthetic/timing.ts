/**
 * When each synthetic event is sent: events that carry a token wait for their slot (the first
 * after `ttft_ms`, then one every `tbt_ms` or 1000 / `tokens_per_second` ms); the others go out
 * with the event before them. Pure.
 * @module
 */
import type { CompactReply } from '../scenario/types.js'

/** Hands out `at` offsets (ms) for events in order. */
export interface Timeline {
  /** The offset of the next event; `token` events advance the clock. */
  next(token: boolean): number
}

/**
 * A timeline for a reply's timing keys (all default to 0: everything at once).
 *
 * @example
 * const timeline = createTimeline({ ttft_ms: 100, tbt_ms: 20 })
 * timeline.next(false) // 0   (response.created)
 * timeline.next(true)  // 100 (first delta)
 * timeline.next(true)  // 120
 */
export function createTimeline(
  reply: Pick<CompactReply, 'ttft_ms' | 'tbt_ms' | 'tokens_per_second'>,
): Timeline {
  const ttft = reply.ttft_ms ?? 0
  const rate = reply.tokens_per_second
  const between = reply.tbt_ms ?? (rate === undefined ? 0 : 1000 / rate)
  let tokens = 0
  let now = 0
  return {
    next(token) {
      if (token) {
        now = Math.round(ttft + tokens * between)
        tokens += 1
      }
      return now
    },
  }
}
