/**
 * Deterministic randomness for the generator: the same seed gives the same ids, obfuscation
 * strings and logprobs on every run. Pure (hashing is computation, not I/O).
 * @module
 */
import { createHash } from 'node:crypto'

/** A deterministic pseudo-random source. */
export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number
  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number
  /** A string of `length` characters drawn from `alphabet` (default: letters and digits). */
  string(length: number, alphabet?: string): string
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/**
 * The SHA-256 of a text, as lowercase hex.
 *
 * @example
 * sha256Hex('abc').slice(0, 8) // 'ba7816bf'
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * A seeded generator (sfc32, seeded from the SHA-256 of `seed`): fast enough to call per event.
 *
 * @example
 * const random = createSeededRandom('cassette.yaml#0')
 * random.string(7) // the same 7 characters on every run
 */
export function createSeededRandom(seed: string): SeededRandom {
  const digest = createHash('sha256').update(seed).digest()
  let a = digest.readUInt32LE(0)
  let b = digest.readUInt32LE(4)
  let c = digest.readUInt32LE(8)
  let d = digest.readUInt32LE(12)
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  const next = () => nextUint32() / 4_294_967_296
  const int = (maxExclusive: number) => Math.floor(next() * maxExclusive)
  return {
    next,
    int,
    string(length, alphabet = ALPHANUMERIC) {
      let text = ''
      for (let index = 0; index < length; index++) text += alphabet[int(alphabet.length)] ?? ''
      return text
    },
  }
}
