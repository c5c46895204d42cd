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
 * Compact usage from a recorded usage object, keeping only the counts that are numbers;
 * undefined when there is no usage object. The two endpoints name the same counts after
 * different words: `input`/`output` (Responses: `input_tokens`, `output_tokens_details`, …)
 * and `prompt`/`completion` (Chat: `prompt_tokens`, `completion_tokens_details`, …).
 *
 * @example
 * compactUsage({ prompt_tokens: 40, completion_tokens: 12 }, 'prompt', 'completion')
 * // { input_tokens: 40, output_tokens: 12 }
 */
export function compactUsage(
  usage: JsonValue | undefined,
  inputWord: 'input' | 'prompt',
  outputWord: 'output' | 'completion',
): CompactUsage | undefined {
  if (!isJsonObject(usage)) return undefined
  const input = usage[`${inputWord}_tokens`]
  const output = usage[`${outputWord}_tokens`]
  const cached = objectOr(usage[`${inputWord}_tokens_details`])['cached_tokens']
  const reasoning = objectOr(usage[`${outputWord}_tokens_details`])['reasoning_tokens']
  const counts: CompactUsage = {}
  if (typeof input === 'number') counts.input_tokens = input
  if (typeof output === 'number') counts.output_tokens = output
  if (typeof reasoning === 'number') counts.reasoning_tokens = reasoning
  if (typeof cached === 'number') counts.cached_tokens = cached
  return counts
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
 * The string at `value`, or `''`.
 *
 * @example
 * stringOr('f') // 'f'
 * stringOr(3)   // ''
 */
export function stringOr(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : ''
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
