/**
 * Find where a JSON pointer lands in YAML source text, for error messages that name the line.
 * Pure: takes the text, does no I/O.
 * @module
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml'
import { parsePointer } from '../util/json-pointer.js'

/** A 1-based position in a text file. */
export interface SourcePosition {
  line: number
  column: number
}

/** Resolves a JSON pointer (`/rules/0/reply/text`) to its position in the source. */
export type PointerLocator = (pointer: string) => SourcePosition | undefined

/**
 * Build a locator for YAML text. A pointer to a map entry resolves to its key (where a reader
 * looks for a misspelt key); a pointer that goes past the document resolves to the deepest node
 * that exists, so a missing key is reported at the map that lacks it. Unparseable text gives a
 * locator that always answers `undefined`.
 *
 * @example
 * const locate = locateInYaml('rules:\n  - reply:\n      txt: hi\n')
 * locate('/rules/0/reply/txt') // { line: 3, column: 7 }
 */
export function locateInYaml(text: string): PointerLocator {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, keepSourceTokens: false })
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset)
    return { line, column: col }
  }
  return (pointer) => {
    let segments: string[]
    try {
      segments = parsePointer(pointer)
    } catch {
      return undefined
    }
    let node: unknown = document.contents
    let found: number | undefined = offsetOf(node)
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment)
        if (pair === undefined) break
        found = offsetOf(pair.key) ?? found
        node = pair.value
      } else if (isSeq(node)) {
        const item: unknown = node.items[Number(segment)]
        if (item === undefined || !/^\d+$/.test(segment)) break
        node = item
        found = offsetOf(node) ?? found
      } else {
        break
      }
    }
    return found === undefined ? undefined : position(found)
  }
}

function offsetOf(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range
  return Array.isArray(range) ? range[0] : undefined
}
