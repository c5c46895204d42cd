/**
 * Pieces shared by the Responses and Chat compaction: tool calls, usage and failures in their
 * compact form. Pure.
 * @module
 */
import type { CompactFailure, CompactToolCall, CompactUsage } from '../scenario/types.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'

/**
 * A compact tool call. Arguments become a map when that map writes back to the very same
 * string, and stay the exact string otherwise (spacing, key order, malformed JSON).
 *
 * @example
 * compactToolCall('f', '{"a":1}', 'call_1')  // { name: 'f', arguments: { a: 1 }, call_id: 'call_1' }
 * compactToolCall('f', '{"a": 1}', undefined) // { name: 'f', arguments: '{"a": 1}' }
 */
export function compactToolCall(name: string, args: string, callId: JsonValue | undefined): CompactToolCall {
  const call: CompactToolCall = { name, arguments: args }
  try {
    const parsed = JSON.parse(args) as JsonValue
    if (isJsonObject(parsed) && JSON.stringify(parsed) === args) call.arguments = parsed
  } catch {
    // Not JSON: keep the exact string, a test may rely on malformed arguments.
  }
  if (typeof callId === 'string' && callId !== '') call.call_id = callId
  return call
}

/**
 * Compact usage from the four counts, keeping only those that are numbers.
 *
 * @example
 * compactUsage(40, 12, 0, undefined) // { input_tokens: 40, output_tokens: 12, reasoning_tokens: 0 }
 */
export function compactUsage(
  input: JsonValue | undefined,
  output: JsonValue | undefined,
  reasoning: JsonValue | undefined,
  cached: JsonValue | undefined,
): CompactUsage {
  const usage: CompactUsage = {}
  if (typeof input === 'number') usage.input_tokens = input
  if (typeof output === 'number') usage.output_tokens = output
  if (typeof reasoning === 'number') usage.reasoning_tokens = reasoning
  if (typeof cached === 'number') usage.cached_tokens = cached
  return usage
}

/**
 * The `fail_with` of a recorded error payload (`{code, message}`, flat or under `error`).
 *
 * @example
 * compactFailure({ type: 'error', error: { code: 'server_error', message: 'x' } }, true)
 * // { code: 'server_error', message: 'x', shape: 'nested' }
 */
export function compactFailure(payload: JsonObject, reportShape: boolean): CompactFailure {
  const nested = isJsonObject(payload['error']) ? payload['error'] : undefined
  const source = nested ?? payload
  const failure: CompactFailure = {}
  if (typeof source['code'] === 'string') failure.code = source['code']
  if (typeof source['message'] === 'string') failure.message = source['message']
  if (reportShape && nested !== undefined) failure.shape = 'nested'
  return failure
}

/**
 * The object at `value`, or `{}`.
 *
 * @example
 * objectOr({ a: 1 }) // { a: 1 }
 * objectOr(null)     // {}
 */
export function objectOr(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {}
}

/**
 * The objects of an array value (anything else gives []).
 *
 * @example
 * objectsOf([{ a: 1 }, 2]) // [{ a: 1 }]
 */
export function objectsOf(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : []
}
