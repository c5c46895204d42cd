/**
 * JSON value types shared by every layer. Cassettes hold plain data only, so these types
 * describe everything a cassette, an event or a request body can contain.
 * @module
 */

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue
}

/**
 * Narrow a JSON value to an object.
 *
 * @example
 * isJsonObject({ a: 1 }) // true
 * isJsonObject([1])      // false
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Freeze a JSON value and everything in it, so that one parsed value can be shared safely:
 * code that tries to change it fails loudly instead of changing it for everyone.
 *
 * @example
 * const body = deepFreeze({ input: [{ role: 'user' }] })
 * Object.isFrozen(body.input[0]) // true
 */
export function deepFreeze<T extends JsonValue>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  if (Array.isArray(value)) for (const item of value) deepFreeze(item)
  else for (const key in value) deepFreeze((value as JsonObject)[key] as JsonValue)
  return Object.freeze(value)
}
