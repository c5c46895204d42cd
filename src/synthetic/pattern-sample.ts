/**
 * A string that matches a regular expression, for the simple patterns tool schemas use
 * (`^[0-9]{5}$`, `^[A-Z]{2}-\d+$`, `^(draft|final)$`): literals, classes, escapes, groups with
 * alternation (first branch) and quantifiers (their minimum, at least once for `+`). Pure.
 * @module
 */

/** Stand-ins for escapes and classes. */
const ESCAPES: Record<string, string> = { d: '0', w: 'a', s: ' ', D: 'a', W: '-', S: 'a', b: '', B: '' }
const NEGATED_CANDIDATES = ['a', 'A', '0', '_', '-', ' ', 'z', '.', '~']

/**
 * A candidate string for `pattern`, or undefined when the pattern uses something this sampler
 * does not follow (lookarounds, backreferences) or the result does not match.
 *
 * @example
 * sampleForPattern('^[0-9]{5}$')          // '00000'
 * sampleForPattern('^(draft|final)-\\d+$') // 'draft-0'
 */
export function sampleForPattern(pattern: string): string | undefined {
  let regex: RegExp
  try {
    regex = new RegExp(pattern, 'u')
  } catch {
    return undefined
  }
  const parser = { source: pattern, index: 0 }
  let candidate: string
  try {
    candidate = alternation(parser)
  } catch {
    return undefined
  }
  return regex.test(candidate) ? candidate : undefined
}

interface Parser {
  source: string
  index: number
}

function alternation(parser: Parser): string {
  const first = sequence(parser)
  while (parser.source[parser.index] === '|') {
    parser.index++
    sequence(parser)
  }
  return first
}

function sequence(parser: Parser): string {
  let text = ''
  while (parser.index < parser.source.length) {
    const char = parser.source[parser.index]
    if (char === '|' || char === ')') break
    const unit = atom(parser)
    text += unit.repeat(quantifier(parser))
  }
  return text
}

function atom(parser: Parser): string {
  const char = parser.source[parser.index++] ?? ''
  switch (char) {
    case '^':
    case '$':
      return ''
    case '.':
      return 'a'
    case '\\':
      return escape(parser.source[parser.index++] ?? '')
    case '[':
      return characterClass(parser)
    case '(': {
      if (parser.source.startsWith('?:', parser.index)) parser.index += 2
      else if (parser.source[parser.index] === '?') throw new Error('lookarounds are not sampled')
      const inner = alternation(parser)
      if (parser.source[parser.index++] !== ')') throw new Error('unbalanced group')
      return inner
    }
    default:
      return char
  }
}

function escape(char: string): string {
  if (/[1-9]/.test(char)) throw new Error('backreferences are not sampled')
  return ESCAPES[char] ?? char
}

function characterClass(parser: Parser): string {
  const start = parser.index - 1
  const negated = parser.source[parser.index] === '^'
  if (negated) parser.index++
  let first: string | undefined
  while (parser.index < parser.source.length) {
    let char = parser.source[parser.index] ?? ''
    if (char === ']' && first !== undefined) break
    parser.index++
    if (char === '\\') char = escape(parser.source[parser.index++] ?? '')
    // A range keeps its first character: skip "-" and the range's end (escaped or not).
    const next = parser.source[parser.index + 1]
    if (parser.source[parser.index] === '-' && next !== undefined && next !== ']') {
      parser.index += next === '\\' ? 3 : 2
    }
    first ??= char
  }
  if (parser.source[parser.index] !== ']') throw new Error('unterminated class')
  parser.index++
  if (!negated) return first ?? 'a'
  const members = new RegExp(parser.source.slice(start, parser.index), 'u')
  const outside = NEGATED_CANDIDATES.find((candidate) => members.test(candidate))
  if (outside === undefined) throw new Error('no candidate outside the class')
  return outside
}

function quantifier(parser: Parser): number {
  const char = parser.source[parser.index]
  let count = 1
  if (char === '*' || char === '?') {
    parser.index++
    count = 0
  } else if (char === '+') {
    parser.index++
  } else if (char === '{') {
    const match = /^\{(\d+)(,\d*)?\}/.exec(parser.source.slice(parser.index))
    if (match === null) return 1
    parser.index += match[0].length
    count = Number(match[1])
  }
  if (parser.source[parser.index] === '?') parser.index++
  return count
}
