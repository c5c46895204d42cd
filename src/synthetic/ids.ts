/**
 * Ids and timestamps of synthetic responses, derived from the seed so that a chain of
 * `previous_response_id`s is the same on every run. Real ids are a prefix and a long lowercase
 * hex string (openai-wire-protocol.md §1.5); these look the same. Pure.
 * @module
 */
import { createSeededRandom, sha256Hex } from './seeded-random.js'

/** The first `created_at` tapedeck uses (Nov 2025); seeds spread responses over ~11 days. */
const EPOCH_SECONDS = 1_763_900_000

/**
 * An id such as `resp_<48 hex>`, unique to (seed, label).
 *
 * @example
 * syntheticId('msg', 'a.yaml#0.0.1', 'output/0') // 'msg_' + 48 lowercase hex characters
 */
export function syntheticId(prefix: string, seed: string, label: string): string {
  return `${prefix}_${sha256Hex(`${seed}\u0000${label}`).slice(0, 48)}`
}

/**
 * The `call_id` of the nth tool call of a reply that gave none. The rule matcher uses the same
 * function to recognise results of calls it handed out.
 *
 * @example
 * toolCallId('a.yaml#2.0.1', 0) // 'call_' + 32 hex characters, stable
 */
export function toolCallId(seed: string, index: number): string {
  return `call_${sha256Hex(`${seed}\u0000call/${index}`).slice(0, 32)}`
}

/**
 * The Chat Completions id: `chatcmpl-` and 29 letters and digits, like real ones.
 *
 * @example
 * chatCompletionId('seed') // 'chatcmpl-' + 29 alphanumerics
 */
export function chatCompletionId(seed: string): string {
  return `chatcmpl-${createSeededRandom(`${seed}\u0000chatcmpl`).string(29)}`
}

/**
 * `created_at` in Unix seconds, from the seed rather than the clock, so output is stable.
 *
 * @example
 * syntheticCreatedAt('seed') // 1763900000 + (a number below 1000000)
 */
export function syntheticCreatedAt(seed: string): number {
  return EPOCH_SECONDS + (Number.parseInt(sha256Hex(`${seed}\u0000created`).slice(0, 8), 16) % 1_000_000)
}

/**
 * The `x-request-id` of a synthetic answer.
 *
 * @example
 * requestIdFor('seed') // 'req_' + 32 hex characters
 */
export function requestIdFor(seed: string): string {
  return `req_${sha256Hex(`${seed}\u0000request`).slice(0, 32)}`
}
