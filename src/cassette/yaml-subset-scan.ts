/**
 * Character-level scanning for the fast YAML subset reader: quotes, key colons, plain scalars.
 * Every function works on offsets into one text and stops at the end of the current line.
 * @module
 */
import { OUTSIDE_SUBSET } from './yaml-scalars.js'

const SPACE = 32
const TAB = 9
const HASH = 35
const COLON = 58
const DASH = 45
const DOUBLE_QUOTE = 34
const SINGLE_QUOTE = 39
const BACKSLASH = 92

/** Characters that cannot start a plain key or value here (YAML indicators, whitespace). */
const NOT_PLAIN_START = new Uint8Array(128)
for (const char of '-?:,[]{}#&*!|>\'"%@` \t') NOT_PLAIN_START[char.charCodeAt(0)] = 1

/**
 * True when the character cannot start a plain scalar (a `-` is checked by the caller).
 *
 * @example
 * isIndicator('&'.charCodeAt(0)) // true
 */
export function isIndicator(char: number): boolean {
  return char < 128 && NOT_PLAIN_START[char] === 1
}

/**
 * True when `- ` (or a lone `-`) starts at `at`: a block sequence item.
 *
 * @example
 * isSequenceItemAt('- a', 0, 3) // true
 */
export function isSequenceItemAt(text: string, at: number, end: number): boolean {
  return text.charCodeAt(at) === DASH && (at + 1 === end || text.charCodeAt(at + 1) === SPACE)
}

/**
 * The offset of the closing quote of a one-line quoted scalar that opens at `open`.
 * Throws OUTSIDE_SUBSET when it does not close on this line.
 *
 * @example
 * findClosingQuote('"a\\"b" x', 0, 8) // 5
 */
export function findClosingQuote(text: string, open: number, end: number): number {
  const quote = text.charCodeAt(open)
  for (let index = open + 1; index < end; index++) {
    const char = text.charCodeAt(index)
    if (quote === DOUBLE_QUOTE) {
      if (char === BACKSLASH) index++
      else if (char === DOUBLE_QUOTE) return index
    } else if (char === SINGLE_QUOTE) {
      if (text.charCodeAt(index + 1) === SINGLE_QUOTE) index++
      else return index
    }
  }
  throw OUTSIDE_SUBSET
}

/**
 * The value of a one-line quoted scalar between `open` and `close` (inclusive).
 *
 * @example
 * readQuoted("'it''s'", 0, 6) // "it's"
 */
export function readQuoted(text: string, open: number, close: number): string {
  if (text.charCodeAt(open) === SINGLE_QUOTE) return text.slice(open + 1, close).replace(/''/g, "'")
  try {
    // JSON string syntax is a subset of YAML double quotes; other YAML escapes go to `yaml`.
    return JSON.parse(text.slice(open, close + 1)) as string
  } catch {
    throw OUTSIDE_SUBSET
  }
}

/**
 * The colon that ends a plain key starting at `from` (followed by a space or the line end), or
 * -1 when the line holds no key. Throws OUTSIDE_SUBSET on a tab or a comment before the colon.
 *
 * @example
 * findKeyColon('a:b c: d', 0, 8) // 5
 */
export function findKeyColon(text: string, from: number, end: number): number {
  for (let index = from; index < end; index++) {
    const char = text.charCodeAt(index)
    if (char === COLON) {
      const next = index + 1
      if (next === end || text.charCodeAt(next) === SPACE) return index
    } else if (char === TAB) throw OUTSIDE_SUBSET
    else if (char === HASH && text.charCodeAt(index - 1) === SPACE) return -1
  }
  return -1
}

/**
 * True when the text at `from` is `key:` followed by a space or the line end (plain or quoted).
 *
 * @example
 * isMapEntryAt('- a: 1', 2, 6) // true
 */
export function isMapEntryAt(text: string, from: number, end: number): boolean {
  const char = text.charCodeAt(from)
  if (char === DOUBLE_QUOTE || char === SINGLE_QUOTE) {
    return text.charCodeAt(findClosingQuote(text, from, end) + 1) === COLON
  }
  if (isIndicator(char)) return false
  return findKeyColon(text, from, end) !== -1
}

/**
 * The end of a plain scalar value starting at `from`: before a ` #` comment and trailing
 * spaces. Throws OUTSIDE_SUBSET for a tab, or a `: ` that YAML would read as a nested mapping.
 *
 * @example
 * plainValueEnd('hello world  # hi', 0, 17) // 11
 */
export function plainValueEnd(text: string, from: number, end: number): number {
  let stop = end
  for (let index = from; index < end; index++) {
    const char = text.charCodeAt(index)
    if (char === COLON) {
      const next = index + 1
      if (next === end || text.charCodeAt(next) === SPACE) throw OUTSIDE_SUBSET
    } else if (char === TAB) throw OUTSIDE_SUBSET
    else if (char === HASH && text.charCodeAt(index - 1) === SPACE) {
      stop = index
      break
    }
  }
  while (stop > from && text.charCodeAt(stop - 1) === SPACE) stop--
  return stop
}
