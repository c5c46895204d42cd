/**
 * Deterministic ids and padding for the fake upstream: the same requests in the same order
 * always produce the same output, so a recording and its replay can be compared field by field.
 * @module
 */
import { createHash } from 'node:crypto'

/** A fixed creation time (Unix seconds) for every object the fake produces. */
export const FAKE_CREATED_AT = 1763900000

/** Hands out ids: `<prefix><hex>` from a counter and a seed. */
export interface IdSource {
  /** Start a new object: the counter goes up and later ids derive from it. */
  next(seed: string): IdSet
  reset(): void
}

/** The ids of one response or completion. */
export interface IdSet {
  id(prefix: string, index?: number): string
  /** An obfuscation string (3–12 characters) for event number `index`. */
  obfuscation(index: number): string
  /** A request id for headers. */
  requestId: string
}

/**
 * Create an id source.
 *
 * @example
 * createIdSource().next('body').id('resp_') // 'resp_3f…'
 */
export function createIdSource(): IdSource {
  let counter = 0
  return {
    next(seed) {
      counter += 1
      const base = hex(`${counter}:${seed}`)
      return {
        id: (prefix, index = 0) => `${prefix}${hex(`${base}:${prefix}:${index}`).slice(0, 48)}`,
        obfuscation: (index) => {
          const digest = createHash('sha256').update(`${base}:obf:${index}`).digest('base64url')
          return digest.slice(0, 3 + (index % 10))
        },
        requestId: `req_${base.slice(0, 32)}`,
      }
    },
    reset() {
      counter = 0
    },
  }
}

function hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
