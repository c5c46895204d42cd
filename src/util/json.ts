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
