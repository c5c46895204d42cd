/**
 * Literal block scalars (`|`, `|-`, `|+`) for the fast YAML subset reader.
 * @module
 */
import { OUTSIDE_SUBSET } from './yaml-scalars.js'

const LF = 10
const CR = 13
const SPACE = 32

/** Chomping: `|-` strips the final line breaks, `|` keeps one, `|+` keeps them all. */
export type Chomp = 'strip' | 'clip' | 'keep'

/** A literal block read from the text. */
export interface LiteralBlock {
  value: string
  /** Lines that belong to the block (0 for an empty block, whose lines are left to the caller). */
  lines: number
  /** Offset of the first line after the block. */
  next: number
  /** Offset just after the line break of the block's last line that carries its value. */
  lastContentEnd: number
}

/**
 * Read the lines of a literal block that starts at `start` (the line after its `|` header),
 * inside a node indented `parentIndent`. Throws OUTSIDE_SUBSET for lines of only spaces and
 * other cases where the `yaml` package must decide.
 *
 * @example
 * readLiteralBlock('  a\n  b\nnext: 1\n', 0, 0, 'clip') // { value: 'a\nb\n', lines: 2, next: 8, lastContentEnd: 8 }
 */
export function readLiteralBlock(text: string, start: number, parentIndent: number, chomp: Chomp): LiteralBlock {
  const length = text.length
  let lineStart = start
  let contentIndent = -1
  while (lineStart < length) {
    let index = lineStart
    while (text.charCodeAt(index) === SPACE) index++
    const char = text.charCodeAt(index)
    if (char === LF || char === CR || index >= length) {
      if (index > lineStart) throw OUTSIDE_SUBSET
      lineStart = index + (char === CR ? 2 : 1)
      continue
    }
    contentIndent = index - lineStart
    break
  }
  if (contentIndent <= parentIndent) {
    if (chomp === 'keep' && lineStart > start) throw OUTSIDE_SUBSET
    return { value: '', lines: 0, next: start, lastContentEnd: start }
  }
  const parts: string[] = []
  let lastFilled = -1
  let lastFilledBreak = 0
  let lines = 0
  lineStart = start
  while (lineStart < length) {
    const lineBreak = text.indexOf('\n', lineStart)
    const next = lineBreak === -1 ? length : lineBreak
    const contentEnd = next > lineStart && text.charCodeAt(next - 1) === CR ? next - 1 : next
    if (contentEnd === lineStart) parts.push('')
    else {
      let index = lineStart
      while (index < contentEnd && text.charCodeAt(index) === SPACE) index++
      if (index === contentEnd) throw OUTSIDE_SUBSET
      if (index - lineStart < contentIndent) break
      parts.push(text.slice(lineStart + contentIndent, contentEnd))
      lastFilled = parts.length - 1
      lastFilledBreak = next
    }
    lineStart = next + 1
    lines++
  }
  // The last line has no line break: clip and keep would differ from `yaml` here.
  if (lastFilledBreak >= length) throw OUTSIDE_SUBSET
  const after = Math.min(lineStart, length)
  const body = parts.slice(0, lastFilled + 1).join('\n')
  const trailing = parts.length - 1 - lastFilled
  const value = chomp === 'strip' ? body : chomp === 'clip' ? `${body}\n` : `${body}\n${'\n'.repeat(trailing)}`
  return { value, lines, next: after, lastContentEnd: chomp === 'keep' ? after : lastFilledBreak + 1 }
}
