/**
 * Where two JSON values differ, as JSON pointers, for miss explanations. Pure: no I/O.
 * @module
 */
import { isJsonObject, type JsonValue } from '../util/json.js'
import { escapePointerSegment } from '../util/json-pointer.js'

/** One place where a recorded value and a received value differ. */
export interface JsonDifference {
  pointer: string
  /** `undefined` when the recorded value has nothing at this pointer. */
  recorded: JsonValue | undefined
  /** `undefined` when the received value has nothing at this pointer. */
  received: JsonValue | undefined
}

/**
 * List the differences between two JSON values in document order (recorded keys first),
 * stopping after `limit`. The pointer `''` means the whole value differs.
 *
 * @example
 * diffJson({ model: 'a', input: ['x'] }, { model: 'a', input: ['y'] })
 * // [{ pointer: '/input/0', recorded: 'x', received: 'y' }]
 */
export function diffJson(
  recorded: JsonValue | undefined,
  received: JsonValue | undefined,
  limit = Number.POSITIVE_INFINITY,
): JsonDifference[] {
  const differences: JsonDifference[] = []
  walk(recorded, received, '', differences, limit)
  return differences
}

function walk(
  recorded: JsonValue | undefined,
  received: JsonValue | undefined,
  pointer: string,
  out: JsonDifference[],
  limit: number,
): void {
  if (out.length >= limit) return
  if (Array.isArray(recorded) && Array.isArray(received)) {
    const length = Math.max(recorded.length, received.length)
    for (let index = 0; index < length && out.length < limit; index++) {
      walk(recorded[index], received[index], `${pointer}/${index}`, out, limit)
    }
    return
  }
  if (isJsonObject(recorded) && isJsonObject(received)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(received)])]
    for (const key of keys) {
      if (out.length >= limit) return
      walk(recorded[key], received[key], `${pointer}/${escapePointerSegment(key)}`, out, limit)
    }
    return
  }
  if (recorded === received) return
  out.push({ pointer, recorded, received })
}
