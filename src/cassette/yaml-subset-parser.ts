/**
 * A fast reader for the block-style YAML subset that tapedeck writes (yaml-emitter.ts), plus the
 * usual hand edits (comments, other indentation, quoted keys, CRLF line ends). The `yaml`
 * package needs about 16 s for a 35 MB cassette; this reads it in well under one.
 *
 * @note The reader never guesses. Any construct it does not handle exactly like the `yaml`
 * package (flow collections, anchors, tags, folded or multi-line scalars, directives, odd
 * indentation, duplicate keys) makes it give up with OUTSIDE_SUBSET, and the caller falls back
 * to the `yaml` package, which also produces the error messages for broken files.
 * @module
 */
import type { JsonObject, JsonValue } from '../util/json.js'
import { escapePointerSegment } from '../util/json-pointer.js'
import { OUTSIDE_SUBSET, resolvePlainScalar } from './yaml-scalars.js'
import { readLiteralBlock, type Chomp } from './yaml-subset-literal.js'
import {
  findClosingQuote,
  findKeyColon,
  isIndicator,
  isMapEntryAt,
  isSequenceItemAt,
  plainValueEnd,
  readQuoted,
} from './yaml-subset-scan.js'

/** A 1-based position in the text. */
export interface TextPosition {
  line: number
  column: number
}

/** Where a value sits: its key (or its `-` in a list) and the value itself. */
export interface NodePosition {
  key?: TextPosition
  value?: TextPosition
}

/** Where a top-level key's value ends, so that text can be inserted after it. */
export interface RootEntryLayout {
  key: string
  /** 0-based column of the key: the indentation of the top-level mapping. */
  keyColumn: number
  /** Offset just after the line break of the value's last line. */
  end: number
  /** Indentation of the value's items, when the value is a block sequence. */
  sequenceIndent?: number
  /** Offset of an inline `[]`, when the value is one. */
  emptyListAt?: number
}

/** The result of reading a text inside the subset. */
export interface SubsetParseResult {
  value: JsonValue | undefined
  rootEntries: RootEntryLayout[]
}

const LF = 10
const CR = 13
const SPACE = 32
const TAB = 9
const HASH = 35

class SubsetParser {
  private readonly text: string
  private readonly length: number
  /** Offset of the start of the current line, and its 0-based number. */
  private pos: number
  private line = 0
  private lastContentEnd = 0
  private depth = 0
  /** The `- key: value` line being read as a mapping at the column of `key`. */
  private compactLineStart = -1
  private compactColumn = 0
  /** The line break found for the line starting at `breakOf` (found once per line). */
  private breakOf = -1
  private breakAt = 0
  private readonly keyCache = new Map<number, string[]>()
  /** Set by readKey: the offset just after the key's `:`. */
  private keyEnd = 0
  readonly rootEntries: RootEntryLayout[] = []
  private nestedSequenceIndent: number | undefined
  private emptyListAt: number | undefined
  // Locate mode only.
  private readonly targets: Map<string, NodePosition> | undefined
  private readonly pointers: string[] = ['']

  constructor(text: string, targets?: Map<string, NodePosition>) {
    // CRLF line ends (Windows checkouts) are read like LF; a lone CR is left to `yaml`.
    if (text.includes('\r') && /\r(?!\n)/.test(text)) throw OUTSIDE_SUBSET
    this.text = text
    this.length = text.length
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0
    this.targets = targets
  }

  parseDocument(): JsonValue | undefined {
    const column = this.nextContent()
    if (column === -1) return undefined
    const start = this.pos + column
    const end = this.contentEnd()
    if (column === 0 && /^(?:---|\.\.\.)(?:[ \r\n]|$)/.test(this.text.slice(start, start + 4))) throw OUTSIDE_SUBSET
    this.valueAt(column)
    if (!isSequenceItemAt(this.text, start, end) && !isMapEntryAt(this.text, start, end)) throw OUTSIDE_SUBSET
    const value = this.parseBlock(column)
    if (this.nextContent() !== -1) throw OUTSIDE_SUBSET
    return value
  }

  /** Offset of the current line's break (or the text's end). */
  private lineBreak(): number {
    if (this.breakOf !== this.pos) {
      const index = this.text.indexOf('\n', this.pos)
      this.breakAt = index === -1 ? this.length : index
      this.breakOf = this.pos
    }
    return this.breakAt
  }

  /** Offset of the end of the current line's content (before CR LF). */
  private contentEnd(): number {
    const lineBreak = this.lineBreak()
    return lineBreak > this.pos && this.text.charCodeAt(lineBreak - 1) === CR ? lineBreak - 1 : lineBreak
  }

  /** Move past the current line, which held content. */
  private finishContentLine(): void {
    const lineBreak = this.lineBreak()
    this.pos = lineBreak < this.length ? lineBreak + 1 : this.length
    this.lastContentEnd = this.pos
    this.line++
  }

  /** Skip blank and comment lines; the indentation of the next content line, or -1 at the end. */
  private nextContent(): number {
    const text = this.text
    while (this.pos < this.length) {
      if (this.pos === this.compactLineStart) return this.compactColumn
      let index = this.pos
      while (text.charCodeAt(index) === SPACE) index++
      const char = text.charCodeAt(index)
      if (char === HASH || char === LF || char === CR || index >= this.length) {
        const lineBreak = text.indexOf('\n', index)
        this.pos = lineBreak === -1 ? this.length : lineBreak + 1
        this.line++
        continue
      }
      if (char === TAB) throw OUTSIDE_SUBSET
      return index - this.pos
    }
    return -1
  }

  private parseBlock(indent: number): JsonValue {
    const start = this.pos + indent
    return isSequenceItemAt(this.text, start, this.contentEnd()) ? this.parseSequence(indent) : this.parseMap(indent)
  }

  private parseMap(indent: number): JsonObject {
    const map: JsonObject = {}
    const isRoot = this.depth === 0
    for (;;) {
      const column = this.nextContent()
      if (column < indent) break
      if (column > indent) throw OUTSIDE_SUBSET
      const start = this.pos + column
      const end = this.contentEnd()
      if (isSequenceItemAt(this.text, start, end)) throw OUTSIDE_SUBSET
      const key = this.readKey(start, end)
      if (key === '__proto__' || (map[key] !== undefined && Object.hasOwn(map, key))) throw OUTSIDE_SUBSET
      if (isRoot) {
        this.nestedSequenceIndent = undefined
        this.emptyListAt = undefined
      }
      this.enter(key, column)
      map[key] = this.parseValueAfterKey(this.keyEnd, end, indent)
      this.leave()
      if (isRoot) {
        const entry: RootEntryLayout = { key, keyColumn: column, end: this.lastContentEnd }
        if (this.nestedSequenceIndent !== undefined) entry.sequenceIndent = this.nestedSequenceIndent
        if (this.emptyListAt !== undefined) entry.emptyListAt = this.emptyListAt
        this.rootEntries.push(entry)
      }
    }
    return map
  }

  private parseSequence(indent: number): JsonValue[] {
    const list: JsonValue[] = []
    for (;;) {
      const column = this.nextContent()
      if (column < indent) break
      if (column > indent) throw OUTSIDE_SUBSET
      const start = this.pos + column
      const end = this.contentEnd()
      if (!isSequenceItemAt(this.text, start, end)) break
      this.enter(list.length, column)
      list.push(this.parseSequenceItem(start, end, indent))
      this.leave()
    }
    return list
  }

  private parseSequenceItem(start: number, end: number, indent: number): JsonValue {
    const text = this.text
    let index = start + 1
    while (text.charCodeAt(index) === SPACE) index++
    if (index < end && text.charCodeAt(index) === TAB) throw OUTSIDE_SUBSET
    const column = index - this.pos
    this.valueAt(column)
    if (index >= end || text.charCodeAt(index) === HASH) {
      this.finishContentLine()
      return this.parseNested(indent, false)
    }
    if (isSequenceItemAt(text, index, end) || isMapEntryAt(text, index, end)) {
      // `- key: value` is a mapping at the column of `key`: read this line as if indented so.
      this.compactLineStart = this.pos
      this.compactColumn = column
      return this.parseBlock(column)
    }
    return this.parseInline(index, end, indent)
  }

  private parseValueAfterKey(from: number, end: number, indent: number): JsonValue {
    const text = this.text
    let index = from
    while (text.charCodeAt(index) === SPACE) index++
    if (index < end && text.charCodeAt(index) === TAB) throw OUTSIDE_SUBSET
    this.valueAt(index - this.pos)
    if (index >= end || text.charCodeAt(index) === HASH) {
      this.finishContentLine()
      return this.parseNested(indent, true)
    }
    return this.parseInline(index, end, indent)
  }

  /** The value on the lines below a `key:` or `-` with nothing after it. */
  private parseNested(indent: number, afterKey: boolean): JsonValue {
    const column = this.nextContent()
    if (column === -1 || column < indent) return null
    const start = this.pos + column
    const end = this.contentEnd()
    const isItem = isSequenceItemAt(this.text, start, end)
    // A list may sit at the same indentation as its key (`key:\n- item`).
    if (column === indent && !(afterKey && isItem)) return null
    if (!isItem && !isMapEntryAt(this.text, start, end)) throw OUTSIDE_SUBSET
    this.valueAt(column)
    if (isItem && this.depth === 1) this.nestedSequenceIndent = column
    return this.parseBlock(column)
  }

  private parseInline(from: number, end: number, parentIndent: number): JsonValue {
    const text = this.text
    const char = text.charCodeAt(from)
    if (char === 34 || char === 39) {
      const close = findClosingQuote(text, from, end)
      const value = readQuoted(text, from, close)
      this.finishLine(close + 1, end)
      return value
    }
    if (char === 124) return this.parseLiteral(from, end, parentIndent)
    if (char === 91 || char === 123) {
      if (text.charCodeAt(from + 1) !== char + 2) throw OUTSIDE_SUBSET
      if (char === 91 && this.depth === 1) this.emptyListAt = from
      this.finishLine(from + 2, end)
      return char === 91 ? [] : {}
    }
    if (char === 45 ? isSequenceItemAt(text, from, end) : isIndicator(char)) throw OUTSIDE_SUBSET
    const value = resolvePlainScalar(text.slice(from, plainValueEnd(text, from, end)))
    this.finishContentLine()
    return value
  }

  /** After a scalar: only spaces and a comment may follow on its line. */
  private finishLine(from: number, end: number): void {
    let index = from
    while (this.text.charCodeAt(index) === SPACE) index++
    if (index < end && (this.text.charCodeAt(index) !== HASH || index === from)) throw OUTSIDE_SUBSET
    this.finishContentLine()
  }

  private parseLiteral(from: number, end: number, parentIndent: number): string {
    const indicator = this.text.charCodeAt(from + 1)
    const chomp: Chomp = indicator === 45 ? 'strip' : indicator === 43 ? 'keep' : 'clip'
    this.finishLine(chomp === 'clip' ? from + 1 : from + 2, end)
    const block = readLiteralBlock(this.text, this.pos, parentIndent, chomp)
    if (block.lines > 0) {
      this.pos = block.next
      this.line += block.lines
      this.lastContentEnd = block.lastContentEnd
    }
    return block.value
  }

  /** Read the key at `start`; sets `keyEnd` to the offset just after its `:`. */
  private readKey(start: number, end: number): string {
    const text = this.text
    const char = text.charCodeAt(start)
    let key: string
    let colon: number
    if (char === 34 || char === 39) {
      const close = findClosingQuote(text, start, end)
      key = readQuoted(text, start, close)
      colon = close + 1
      if (text.charCodeAt(colon) !== 58) throw OUTSIDE_SUBSET
    } else {
      if (isIndicator(char)) throw OUTSIDE_SUBSET
      colon = findKeyColon(text, start, end)
      if (colon === -1 || text.charCodeAt(colon - 1) === SPACE) throw OUTSIDE_SUBSET
      key = this.plainKey(start, colon)
    }
    if (colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE) throw OUTSIDE_SUBSET
    this.keyEnd = colon + 1
    return key
  }

  /**
   * The plain key between two offsets, from a cache of keys already seen and checked.
   *
   * @note Cassettes repeat a small set of keys a million times. Comparing in place avoids a
   * slice and a check per key, and the cached keys are internalized strings, which V8 stores as
   * properties on its fast path (a fresh slice used as a key goes through the runtime each time).
   */
  private plainKey(start: number, end: number): string {
    const text = this.text
    const length = end - start
    const slot = length * 256 + (text.charCodeAt(start) & 255)
    let candidates = this.keyCache.get(slot)
    if (candidates !== undefined) {
      for (const candidate of candidates) {
        let index = 0
        while (index < length && candidate.charCodeAt(index) === text.charCodeAt(start + index)) index++
        if (index === length) return candidate
      }
    } else {
      candidates = []
      this.keyCache.set(slot, candidates)
    }
    const key = Object.keys({ [text.slice(start, end)]: 0 })[0] ?? ''
    // Keys YAML reads as numbers, booleans or null, and merge keys, are left to `yaml`.
    if (key === '<<' || typeof resolvePlainScalar(key) !== 'string') throw OUTSIDE_SUBSET
    if (candidates.length < 8) candidates.push(key)
    return key
  }

  private enter(segment: string | number, column: number): void {
    this.depth++
    if (this.targets === undefined) return
    const pointer = `${this.pointers[this.pointers.length - 1] ?? ''}/${escapePointerSegment(segment)}`
    this.pointers.push(pointer)
    const target = this.targets.get(pointer)
    if (target !== undefined) target.key = { line: this.line + 1, column: column + 1 }
  }

  private leave(): void {
    this.depth--
    if (this.targets !== undefined) this.pointers.pop()
  }

  /** Record where the value of the current pointer starts (the latest, most precise, wins). */
  private valueAt(column: number): void {
    if (this.targets === undefined) return
    const target = this.targets.get(this.pointers[this.pointers.length - 1] ?? '')
    if (target !== undefined) target.value = { line: this.line + 1, column: column + 1 }
  }
}

function run<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch (error) {
    if (error === OUTSIDE_SUBSET) return undefined
    throw error
  }
}

/**
 * Read YAML text inside tapedeck's subset. Returns undefined when the text uses anything else;
 * then read it with the `yaml` package instead.
 *
 * @example
 * parseYamlSubset('version: 1\ninteractions: []\n')?.value // { version: 1, interactions: [] }
 * parseYamlSubset('a: &x 1\n') // undefined (anchors are left to the yaml package)
 */
export function parseYamlSubset(text: string): SubsetParseResult | undefined {
  return run(() => {
    const parser = new SubsetParser(text)
    const value = parser.parseDocument()
    return { value, rootEntries: parser.rootEntries }
  })
}

/**
 * Find where the values at some JSON pointers are written, in text inside the subset.
 * Returns undefined when the text is outside the subset.
 *
 * @example
 * locateInYamlSubset('a:\n  b: 1\n', ['/a/b'])?.get('/a/b')
 * // { key: { line: 2, column: 3 }, value: { line: 2, column: 6 } }
 */
export function locateInYamlSubset(text: string, pointers: readonly string[]): Map<string, NodePosition> | undefined {
  const targets = new Map<string, NodePosition>(pointers.map((pointer) => [pointer, {}]))
  return run(() => {
    new SubsetParser(text, targets).parseDocument()
    return targets
  })
}
