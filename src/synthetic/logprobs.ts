/**
 * Synthetic log probabilities, for requests that ask for them. Each delta counts as one token;
 * the values are made up but well formed, and the same on every run. Pure.
 * @module
 */
import type { JsonObject } from '../util/json.js'
import type { SeededRandom } from './seeded-random.js'

/** Alternative tokens offered in `top_logprobs` after the chosen one. */
const ALTERNATIVES = [
  ' the', ' a', ',', '.', ' and', ' to', ' of', ' is', ' in', ' it',
  ' that', ' for', ' on', ' with', ' as', ' you', ' be', ' at', ' this', ' I',
]

/** The two shapes one token's logprob takes on the wire. */
export interface TokenLogprob {
  /** On `output_text.delta`/`.done` events: `{token, logprob, top_logprobs: [{token, logprob}]}`. */
  event: JsonObject
  /** In `output_text` parts and Chat choices: every entry also has `bytes`. */
  full: JsonObject
}

/**
 * The logprob of `token` with `top` alternatives (the chosen token first, as the API does).
 *
 * @example
 * tokenLogprob('Hi', 2, random).full
 * // { token: 'Hi', logprob: -0.12, bytes: [72, 105],
 * //   top_logprobs: [{ token: 'Hi', … }, { token: ' the', … }] }
 */
export function tokenLogprob(token: string, top: number, random: SeededRandom): TokenLogprob {
  const logprob = -round(random.next() * 1.5)
  const alternatives: Array<{ token: string; logprob: number }> = []
  if (top > 0) alternatives.push({ token, logprob })
  let next = logprob
  const start = random.int(ALTERNATIVES.length)
  for (let index = 0; index < ALTERNATIVES.length && alternatives.length < top; index++) {
    const candidate = ALTERNATIVES[(start + index) % ALTERNATIVES.length] ?? ' '
    if (candidate === token) continue
    next = -round(-next + 0.5 + random.next() * 2)
    alternatives.push({ token: candidate, logprob: next })
  }
  return {
    event: { token, logprob, top_logprobs: alternatives.map((entry) => ({ ...entry })) },
    full: {
      token,
      logprob,
      bytes: utf8Bytes(token),
      top_logprobs: alternatives.map((entry) => ({ ...entry, bytes: utf8Bytes(entry.token) })),
    },
  }
}

function utf8Bytes(text: string): number[] {
  return Array.from(new TextEncoder().encode(text))
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}
