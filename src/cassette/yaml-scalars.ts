/**
 * YAML scalar rules shared by the cassette emitter and the fast subset parser, so that what one
 * writes plain the other reads back as the same value (YAML 1.2 core schema, as the `yaml`
 * package resolves it).
 * @module
 */

/**
 * Marker thrown when text leaves the subset the fast parser handles; the `yaml` package takes over.
 *
 * @example
 * if (text.includes('&')) throw OUTSIDE_SUBSET
 */
export const OUTSIDE_SUBSET: unique symbol = Symbol('outside-yaml-subset')

const NULL_WORD = /^(?:~|[Nn]ull|NULL)$/
const TRUE_WORD = /^(?:[Tt]rue|TRUE)$/
const FALSE_WORD = /^(?:[Ff]alse|FALSE)$/
const DECIMAL_INT = /^[-+]?[0-9]+$/
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/
const FLOAT_FIXED = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/
/** Core-schema forms the fast parser leaves to the `yaml` package (octal, hex, infinities, NaN). */
const OTHER_NON_STRING = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/
/** YAML 1.1 booleans: strings to us, but quoted so that 1.1 readers (PyYAML) agree. */
const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/

/**
 * Characters a plain scalar may hold: printable, no tab, and none of the characters YAML 1.1
 * readers treat as line breaks or that editors hide (NEL, LS, PS, BOM), no lone surrogates.
 */
const PLAIN_BODY = /^[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]*$/u
const ASCII_PLAIN = /^[A-Za-z0-9_./(][\x20-\x7e]*$/
/** First character of a plain scalar we write: never an indicator, a space or a quote. */
const PLAIN_FIRST = /^[A-Za-z0-9_./(\u00a0-\u2027\u202a-\ufefe\uff00-\ufffd]/

/**
 * Resolve a plain scalar the way the `yaml` package does with the core schema, or throw
 * OUTSIDE_SUBSET for forms only the `yaml` package handles.
 *
 * @example
 * resolvePlainScalar('42')   // 42
 * resolvePlainScalar('~')    // null
 * resolvePlainScalar('gpt-5') // 'gpt-5'
 */
export function resolvePlainScalar(text: string): string | number | boolean | null {
  const first = text.charCodeAt(0)
  const digitLike = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46
  if (digitLike) {
    if (DECIMAL_INT.test(text)) return parseInt(text, 10)
    if (FLOAT_FIXED.test(text) || FLOAT_EXP.test(text)) return parseFloat(text)
    if (OTHER_NON_STRING.test(text)) throw OUTSIDE_SUBSET
    return text
  }
  if (text.length > 5) return text
  // Only words starting with ~, n, t or f can be null or a boolean.
  if (first === 126 || first === 110 || first === 78) return NULL_WORD.test(text) ? null : text
  if (first === 116 || first === 84) return TRUE_WORD.test(text) ? true : text
  if (first === 102 || first === 70) return FALSE_WORD.test(text) ? false : text
  return text
}

/**
 * True when a string would be read back as something other than itself if written plain.
 *
 * @example
 * looksLikeNonString('1.0')  // true
 * looksLikeNonString('yes')  // true (YAML 1.1 boolean)
 * looksLikeNonString('hello') // false
 */
export function looksLikeNonString(text: string): boolean {
  const first = text.charCodeAt(0)
  if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46) {
    return DECIMAL_INT.test(text) || FLOAT_FIXED.test(text) || FLOAT_EXP.test(text) || OTHER_NON_STRING.test(text)
  }
  if (text.length > 5) return false
  return NULL_WORD.test(text) || TRUE_WORD.test(text) || FALSE_WORD.test(text) || YAML11_BOOL.test(text)
}

/**
 * True when a string can be written as a plain (unquoted) scalar in block context and read back
 * unchanged, both as a value and as a key.
 *
 * @example
 * canWritePlain('response.output_text.delta') // true
 * canWritePlain('a: b')                      // false (would read as a mapping)
 * canWritePlain('200')                       // false (would read as a number)
 */
export function canWritePlain(text: string): boolean {
  if (text === '') return false
  // Most strings are printable ASCII: one cheap test instead of the two Unicode-aware ones.
  if (!ASCII_PLAIN.test(text) && !(PLAIN_FIRST.test(text) && PLAIN_BODY.test(text))) return false
  const last = text.charCodeAt(text.length - 1)
  if (last === 32 || last === 58) return false
  if (text.includes(': ') || text.includes(' #')) return false
  return !looksLikeNonString(text)
}

const EXTRA_ESCAPES = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g

/**
 * Write a string as a YAML double-quoted scalar. JSON string syntax is valid YAML; the extra
 * escapes cover characters YAML does not allow (or 1.1 readers would break lines on).
 *
 * @example
 * quoteScalar('a "b"\n') // '"a \\"b\\"\\n"'
 */
export function quoteScalar(text: string): string {
  return JSON.stringify(text).replace(
    EXTRA_ESCAPES,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/**
 * True when a multi-line string can be written as a literal block scalar (`|`) and read back
 * unchanged. Anything unusual (CR, control characters, a first line starting with a space,
 * lines of only spaces) is left to double quotes, which are always exact.
 *
 * @example
 * canWriteBlock('line 1\nline 2\n') // true
 * canWriteBlock(' indented\nx')     // false
 */
export function canWriteBlock(text: string): boolean {
  if (!text.includes('\n')) return false
  const first = text.charCodeAt(0)
  if (first === 10 || first === 32 || first === 9) return false
  if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/u.test(text)) return false
  return !/(?:^|\n)[ \t]+(?:\n|$)/.test(text)
}
