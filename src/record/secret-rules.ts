/**
 * Secret-matching rules and the one routine that applies them, to a single string or to a
 * string split into pieces (the deltas of a stream). Pure.
 *
 * Applying a rule to pieces works on their concatenation and maps every match back onto the
 * pieces it spans: the first piece gets the placeholder, the others lose their share of the
 * secret. So `pieces.join('')` afterwards equals the redacted whole text, which keeps the
 * deltas of a stream consistent with its `…done` event (redacted as one string).
 * @module
 */

/** One rule: every match of `pattern` (a global RegExp) is replaced by `replace(match)`. */
export interface SecretRule {
  /** A short name for documentation and tests. */
  name: string
  pattern: RegExp
  replace: (match: RegExpExecArray) => string
}

/** The placeholder written instead of a secret value. */
export const REDACTED = '<redacted>'

/** The placeholder written instead of an OpenAI-style `sk-…` key. */
export const REDACTED_OPENAI_KEY = '<redacted:openai-key>'

/**
 * The built-in rules: OpenAI-style keys (`sk-…`, `sk-proj-…`) and bearer tokens. Placeholders
 * contain `<`, which neither rule matches, so redaction is idempotent.
 *
 * @example
 * applyRules('key sk-abcdefgh12345', DEFAULT_SECRET_RULES) // 'key <redacted:openai-key>'
 */
export const DEFAULT_SECRET_RULES: readonly SecretRule[] = [
  {
    name: 'openai-key',
    pattern: /sk-[A-Za-z0-9_-]{8,}/g,
    replace: () => REDACTED_OPENAI_KEY,
  },
  {
    name: 'bearer-token',
    // RFC 6750 token68 characters, so that the JSON quotes around a token are left alone.
    pattern: /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
    replace: (match) => `${match[1] ?? 'Bearer '}${REDACTED}`,
  },
]

/**
 * Turn a user pattern (a RegExp source string or a RegExp) into a rule that replaces every
 * match with `<redacted>`. A RegExp without the `g` flag gets it.
 *
 * @example
 * applyRules('token=abc123', [userRule(/token=\w+/)]) // '<redacted>'
 */
export function userRule(pattern: string | RegExp): SecretRule {
  const regex =
    typeof pattern === 'string'
      ? new RegExp(pattern, 'g')
      : new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)
  return { name: `user:${regex.source}`, pattern: regex, replace: () => REDACTED }
}

/**
 * Apply rules to one string.
 *
 * @example
 * applyRules('Authorization: Bearer abc.def', DEFAULT_SECRET_RULES) // 'Authorization: Bearer <redacted>'
 */
export function applyRules(text: string, rules: readonly SecretRule[]): string {
  // Most strings hold no secret: one regex test per rule, no copies, in that case.
  if (!rules.some((rule) => mayMatch(text, rule))) return text
  const [redacted] = applyRulesToPieces([text], rules)
  return redacted ?? ''
}

/**
 * Apply rules to a string split into consecutive pieces, catching secrets that span pieces.
 * Returns new pieces, as many as given; their concatenation equals `applyRules(join)`.
 *
 * @example
 * applyRulesToPieces(['my key is sk-abc', 'defgh1234 ok'], DEFAULT_SECRET_RULES)
 * // ['my key is <redacted:openai-key>', ' ok']
 */
export function applyRulesToPieces(pieces: readonly string[], rules: readonly SecretRule[]): string[] {
  const current = [...pieces]
  let whole: string | undefined
  for (const rule of rules) {
    whole ??= current.join('')
    if (!mayMatch(whole, rule)) continue
    const matches = findMatches(whole, globalPattern(rule.pattern))
    if (matches.length === 0) continue
    // Right to left, so that the offsets of earlier matches stay valid.
    for (let index = matches.length - 1; index >= 0; index--) {
      const match = matches[index]
      if (match === undefined) continue
      const start = match.index
      const end = start + match[0].length
      replaceSpan(current, start, end, rule.replace(match))
    }
    whole = undefined
  }
  return current
}

/**
 * The global form of every pattern, built once: rules are applied to every string of every
 * recording and every incoming request, and building a RegExp per call showed in profiles.
 * The copy is private to this module, so resetting its `lastIndex` disturbs no caller.
 */
const globalPatterns = new WeakMap<RegExp, RegExp>()

function globalPattern(pattern: RegExp): RegExp {
  let regex = globalPatterns.get(pattern)
  if (regex === undefined) {
    regex = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)
    globalPatterns.set(pattern, regex)
  }
  return regex
}

/** False when the rule certainly matches nowhere in `text` (an empty match counts as a match). */
function mayMatch(text: string, rule: SecretRule): boolean {
  const regex = globalPattern(rule.pattern)
  regex.lastIndex = 0
  const found = regex.test(text)
  regex.lastIndex = 0
  return found
}

function findMatches(text: string, regex: RegExp): RegExpExecArray[] {
  const matches: RegExpExecArray[] = []
  regex.lastIndex = 0
  let match: RegExpExecArray | null
  while ((match = regex.exec(text)) !== null) {
    if (match[0].length === 0) {
      // An empty match would loop forever and has nothing to redact.
      regex.lastIndex++
      continue
    }
    matches.push(match)
  }
  regex.lastIndex = 0
  return matches
}

/** Replace [start, end) of the concatenation of `pieces` in place. */
function replaceSpan(pieces: string[], start: number, end: number, replacement: string): void {
  let offset = 0
  let first = -1
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index] ?? ''
    const pieceStart = offset
    const pieceEnd = offset + piece.length
    offset = pieceEnd
    if (pieceEnd <= start || pieceStart >= end) continue
    const localStart = Math.max(start, pieceStart) - pieceStart
    const localEnd = Math.min(end, pieceEnd) - pieceStart
    if (first === -1) {
      first = index
      pieces[index] = piece.slice(0, localStart) + replacement + piece.slice(localEnd)
    } else {
      pieces[index] = piece.slice(localEnd)
    }
  }
}
