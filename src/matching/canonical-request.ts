/**
 * The canonical form of a request body: what is left once the fields that do not change the
 * answer are removed. Two requests with equal canonical forms are the same request.
 * Pure: no I/O.
 * @module
 */
import type { EndpointKind } from '../replay/types.js'
import { isJsonObject, type JsonValue } from '../util/json.js'
import { parsePointer } from '../util/json-pointer.js'

/**
 * Top-level fields of Responses and Chat Completions bodies that never take part in matching:
 * - `stream`, `stream_options`: the transport, not the question (a streamed recording also
 *   answers a JSON request, and the other way round);
 * - `stream_id`, `type`: WebSocket-mode framing of `response.create`;
 * - `prompt_cache_key`: a cache-routing hint; some agents send a fresh one per session.
 */
export const VOLATILE_BODY_FIELDS: readonly string[] = [
  'stream',
  'stream_options',
  'stream_id',
  'type',
  'prompt_cache_key',
]

/**
 * Top-level Responses fields where an empty array means the same as no field at all. The
 * Agents SDK always sends `include: []` and `tools: []` over WebSocket, but not over HTTP.
 */
export const EMPTY_MEANS_ABSENT_FIELDS: readonly string[] = ['include', 'tools']

/**
 * The canonical body of a request: volatile fields dropped (Responses and Chat only), and
 * every `ignore` pointer removed. A pointer segment `*` matches every key or index.
 * Object members designated by a pointer are deleted; array elements are replaced by `null`
 * so that the positions of the others do not move.
 *
 * @example
 * canonicalBody('responses', { model: 'm', stream: true, metadata: { run: 7 } }, ['/metadata'])
 * // { model: 'm' }
 */
export function canonicalBody(
  endpoint: EndpointKind,
  body: JsonValue | undefined,
  ignore: readonly string[] = [],
): JsonValue | undefined {
  if (body === undefined) return undefined
  let result: JsonValue = body
  if (endpoint !== 'generic' && isJsonObject(body)) {
    const copy: Record<string, JsonValue> = {}
    for (const key in body) {
      if (VOLATILE_BODY_FIELDS.includes(key)) continue
      const value = body[key] as JsonValue
      if (endpoint === 'responses' && isEmptyArray(value) && EMPTY_MEANS_ABSENT_FIELDS.includes(key)) continue
      copy[key] = value
    }
    result = copy
  }
  if (ignore.length === 0) return result
  const clone = structuredClone(result)
  for (const pointer of ignore) removeAtPath(clone, parsePointer(pointer))
  return clone
}

function isEmptyArray(value: JsonValue): boolean {
  return Array.isArray(value) && value.length === 0
}

function removeAtPath(container: JsonValue, segments: readonly string[]): void {
  const [head, ...rest] = segments
  if (head === undefined || container === null || typeof container !== 'object') return
  const keys = head === '*' ? childKeys(container) : [head]
  for (const key of keys) {
    if (rest.length > 0) {
      const child = Array.isArray(container) ? container[Number(key)] : container[key]
      if (child !== undefined) removeAtPath(child, rest)
      continue
    }
    if (Array.isArray(container)) {
      const index = Number(key)
      if (Number.isInteger(index) && index >= 0 && index < container.length) container[index] = null
    } else {
      delete container[key]
    }
  }
}

function childKeys(container: JsonValue[] | { [key: string]: JsonValue }): string[] {
  return Array.isArray(container) ? container.map((_, index) => String(index)) : Object.keys(container)
}
