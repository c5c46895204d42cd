/**
 * Coerce values parsed from YAML into JSON values: YAML can hold binary (`!!binary`), dates and
 * maps with non-string keys, which JSON cannot.
 * @module
 */
import type { JsonObject, JsonValue } from '../util/json.js'

/**
 * Convert a parsed YAML value to JSON: bytes become base64 text, dates ISO strings, undefined null.
 *
 * @example
 * toJsonValue({ a: new Uint8Array([104, 105]) }) // { a: 'aGk=' }
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(toJsonValue)
  if (value instanceof Map) {
    const object: JsonObject = {}
    for (const [key, entry] of value) object[String(key)] = toJsonValue(entry)
    return object
  }
  if (typeof value === 'object') {
    const object: JsonObject = {}
    for (const [key, entry] of Object.entries(value)) object[key] = toJsonValue(entry)
    return object
  }
  return null
}
