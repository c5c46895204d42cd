/**
 * The `obfuscation` field: random padding that real streams add to deltas so that event sizes
 * do not reveal token lengths. Pure.
 * @module
 */
import type { SeededRandom } from './seeded-random.js'

/** Real traffic pads delta and obfuscation together to 16 characters. */
const PADDED_LENGTH = 16

/**
 * Padding for one delta: random letters and digits that bring it to 16 characters (none when
 * the delta is already that long), as in recorded traffic.
 *
 * @example
 * obfuscationFor(' world', random).length // 10
 */
export function obfuscationFor(delta: string, random: SeededRandom): string {
  return random.string(Math.max(0, PADDED_LENGTH - delta.length))
}

/**
 * Padding for a chunk that carries no text (a role or a final chunk): 8 to 15 characters.
 *
 * @example
 * emptyChunkObfuscation(random).length // between 8 and 15
 */
export function emptyChunkObfuscation(random: SeededRandom): string {
  return random.string(8 + random.int(8))
}
