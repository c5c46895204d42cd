/**
 * What the explainers of ajv errors in files people write (cassettes, scenario rules) share:
 * choosing the one error to report, reading what it says (which key is unknown or missing, what
 * type or values were expected, where to point), and naming JSON types the way a YAML author
 * reads them. The words of each message stay with each explainer. Pure.
 * @module
 */
import type { ErrorObject } from 'ajv/dist/2020.js'
import { escapePointerSegment } from './json-pointer.js'

/**
 * What one ajv error says, read from its untyped `params`. `pointer` is where to point: the key
 * itself for an unknown or refused key, otherwise the value (for a missing key, the object that
 * lacks it).
 */
export type AjvErrorReading =
  | { kind: 'unknown-key'; pointer: string; key: string; allowed: string[] }
  /** A key a `propertyNames` schema refuses. */
  | { kind: 'refused-key'; pointer: string; key: string }
  | { kind: 'missing-key'; pointer: string; key: string }
  /** `type` as ajv gives it: one name, or several joined by commas (`object,string`). */
  | { kind: 'type'; pointer: string; type: string }
  | { kind: 'enum'; pointer: string; values: unknown[] }
  | { kind: 'const'; pointer: string; value: unknown }
  | { kind: 'pattern'; pointer: string; pattern: string }
  /** Any other keyword, with ajv's own message. */
  | { kind: 'other'; pointer: string; keyword: string; message: string | undefined }

/**
 * The error to explain first: the least by `compare` (the earliest on a tie) among the errors
 * `isNoise` does not pass over, or among all of them when it passes over every one. Undefined
 * only for no errors.
 *
 * @example
 * mostRelevantError(validate.errors ?? [], (error) => error.keyword === 'if',
 *   (left, right) => right.instancePath.length - left.instancePath.length)
 * // the deepest error that is not an `if`
 */
export function mostRelevantError(
  errors: readonly ErrorObject[],
  isNoise: (error: ErrorObject) => boolean,
  compare: (left: ErrorObject, right: ErrorObject) => number,
): ErrorObject | undefined {
  const useful = errors.filter((error) => !isNoise(error))
  let best: ErrorObject | undefined
  for (const error of useful.length > 0 ? useful : errors) {
    if (best === undefined || compare(error, best) < 0) best = error
  }
  return best
}

/**
 * Read one error (ajv with `verbose: true`, for `parentSchema`).
 *
 * @example
 * readAjvError(error)
 * // { kind: 'unknown-key', pointer: '/0/reply/txt', key: 'txt', allowed: ['text', 'reasoning', …] }
 */
export function readAjvError(error: ErrorObject): AjvErrorReading {
  const pointer = error.instancePath
  const params = error.params as Record<string, unknown>
  if (error.propertyName !== undefined) {
    return { kind: 'refused-key', pointer: keyPointer(pointer, error.propertyName), key: error.propertyName }
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty'])
      return { kind: 'unknown-key', pointer: keyPointer(pointer, key), key, allowed: allowedKeys(error.parentSchema) }
    }
    case 'required':
      return { kind: 'missing-key', pointer, key: String(params['missingProperty']) }
    case 'type':
      return { kind: 'type', pointer, type: String(params['type']) }
    case 'enum': {
      const values = params['allowedValues']
      return { kind: 'enum', pointer, values: Array.isArray(values) ? values : [] }
    }
    case 'const':
      return { kind: 'const', pointer, value: params['allowedValue'] }
    case 'pattern':
      return { kind: 'pattern', pointer, pattern: String(params['pattern']) }
    default:
      return { kind: 'other', pointer, keyword: error.keyword, message: error.message }
  }
}

/**
 * A JSON type with its article, in the words of YAML (a mapping, a list); several types, as
 * ajv joins them, become alternatives.
 *
 * @example
 * typeWithArticle('integer')         // 'an integer'
 * typeWithArticle('object')          // 'a mapping'
 * typeWithArticle('object,string')   // 'a mapping or string'
 */
export function typeWithArticle(type: string): string {
  const readable = type
    .split(',')
    .map((name) => (name === 'object' ? 'mapping' : name === 'array' ? 'list' : name))
    .join(' or ')
  return /^[aeiou]/.test(readable) ? `an ${readable}` : `a ${readable}`
}

/**
 * Allowed values as they would be written, quoted where they are strings.
 *
 * @example
 * formatValues(['http', 'sse', 1]) // '"http", "sse", 1'
 */
export function formatValues(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ')
}

function keyPointer(objectPointer: string, key: string): string {
  return `${objectPointer}/${escapePointerSegment(key)}`
}

function allowedKeys(parentSchema: unknown): string[] {
  const properties = (parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties
  return properties === undefined ? [] : Object.keys(properties)
}
