/**
 * Find the line and column of a JSON pointer in cassette text, for error messages. Uses the
 * `yaml` document when the text needed one anyway, otherwise the fast subset reader (building a
 * document for a large cassette would take seconds).
 * @module
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml'
import { parsePointer, toPointer } from '../util/json-pointer.js'
import { locateInYamlSubset, type NodePosition, type TextPosition } from './yaml-subset-parser.js'

/** A parsed `yaml` document with the line counter it was parsed with. */
export interface ParsedYamlDocument {
  document: Document.Parsed
  lineCounter: LineCounter
}

/**
 * Finds a pointer's position: `key` for the key of a map entry (or the item of a list), `value`
 * for the value. A pointer that goes past what exists gives the deepest part that exists.
 */
export interface CassetteLocator {
  (pointer: string, at: 'key' | 'value'): TextPosition | undefined
  /** Several pointers at once: one pass over the text instead of one per pointer. */
  many?(pointers: readonly string[], at: 'key' | 'value'): Array<TextPosition | undefined>
}

/**
 * Build a locator for cassette text.
 *
 * @example
 * const locate = createLocator('version: 1\ninteractions: oops\n')
 * locate('/interactions', 'value') // { line: 2, column: 15 }
 */
export function createLocator(text: string, parsed?: ParsedYamlDocument): CassetteLocator {
  const many = (pointers: readonly string[], at: 'key' | 'value'): Array<TextPosition | undefined> => {
    const segmentLists = pointers.map(segmentsOf)
    if (parsed !== undefined) {
      return segmentLists.map((segments) => (segments === undefined ? undefined : locateInDocument(parsed, segments, at)))
    }
    const wanted = new Set<string>([''])
    for (const segments of segmentLists) for (const prefix of prefixesOf(segments ?? [])) wanted.add(prefix)
    const found = locateInYamlSubset(text, [...wanted])
    return segmentLists.map((segments) =>
      segments === undefined || found === undefined ? undefined : pickPosition(found, segments, at),
    )
  }
  const locate: CassetteLocator = (pointer, at) => many([pointer], at)[0]
  locate.many = many
  return locate
}

function segmentsOf(pointer: string): string[] | undefined {
  try {
    return parsePointer(pointer)
  } catch {
    return undefined
  }
}

function prefixesOf(segments: readonly string[]): string[] {
  return segments.map((_, index) => toPointer(segments.slice(0, index + 1)))
}

function pickPosition(
  found: Map<string, NodePosition>,
  segments: string[],
  at: 'key' | 'value',
): TextPosition | undefined {
  const prefixes = prefixesOf(segments)
  const exact = found.get(toPointer(segments))
  if (exact !== undefined && (exact.key !== undefined || exact.value !== undefined)) {
    return at === 'key' ? (exact.key ?? exact.value) : (exact.value ?? exact.key)
  }
  for (const pointer of ['', ...prefixes].reverse()) {
    const position = found.get(pointer)
    if (position?.value !== undefined || position?.key !== undefined) return position.value ?? position.key
  }
  return undefined
}

function locateInDocument(parsed: ParsedYamlDocument, segments: string[], at: 'key' | 'value'): TextPosition | undefined {
  let node: unknown = parsed.document.contents
  let valueOffset = startOf(node)
  let keyOffset: number | undefined
  let complete = true
  for (const segment of segments) {
    let next: unknown
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment)
      if (pair !== undefined) {
        keyOffset = startOf(pair.key)
        next = pair.value
      }
    } else if (isSeq(node) && /^\d+$/.test(segment)) {
      next = node.items[Number(segment)]
      keyOffset = startOf(next)
    }
    if (next === undefined) {
      complete = false
      break
    }
    node = next
    valueOffset = startOf(node) ?? keyOffset
  }
  const offset = complete && at === 'key' ? (keyOffset ?? valueOffset) : (valueOffset ?? keyOffset)
  if (offset === undefined) return undefined
  const { line, col } = parsed.lineCounter.linePos(offset)
  return { line, column: col }
}

function startOf(node: unknown): number | undefined {
  const range = (node as { range?: unknown } | null | undefined)?.range
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined
}
