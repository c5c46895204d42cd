/**
 * RFC 6901 JSON pointers: building them for messages, and reading values by them.
 * @module
 */
import type { JsonValue } from './json.js'

/**
 * Escape one path segment for a JSON pointer.
 *
 * @example
 * escapePointerSegment('a/b~c') // 'a~1b~0c'
 */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1')
}

/**
 * Build a JSON pointer from path segments.
 *
 * @example
 * toPointer(['interactions', 3, 'response']) // '/interactions/3/response'
 */
export function toPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((segment) => `/${escapePointerSegment(segment)}`).join('')
}

/**
 * Split a JSON pointer into its unescaped segments.
 *
 * @example
 * parsePointer('/input/0/content') // ['input', '0', 'content']
 */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer must start with "/": ${pointer}`)
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/**
 * Read the value a JSON pointer designates, or undefined when the path does not exist.
 *
 * @example
 * getByPointer({ a: [{ b: 1 }] }, '/a/0/b') // 1
 */
export function getByPointer(value: JsonValue | undefined, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = value
  for (const segment of parsePointer(pointer)) {
    if (current === null || typeof current !== 'object') return undefined
    current = Array.isArray(current) ? current[Number(segment)] : current[segment]
  }
  return current
}
