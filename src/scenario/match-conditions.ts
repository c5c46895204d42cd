/**
 * The conditions of a rule's `match:`, each a predicate that also says why it failed, so a
 * miss can be explained rule by rule. Pure.
 * @module
 */
import { isJsonObject, type JsonValue } from '../util/json.js'
import type { RuleMatch } from './types.js'
import type { ToolResult } from './request-text.js'
import { compileUserRegex } from './user-regex.js'

/** A request as the conditions see it: already parsed once for all rules. */
export interface MatchSubject {
  /** `responses`, `chat` or `generic`. */
  endpoint: string
  path: string
  model: string | undefined
  /** Header names in lower case. */
  headers: Record<string, string>
  body: JsonValue | undefined
  lastUserMessage: string | undefined
  toolResults: ToolResult[]
  /** The 1-based number of this request in its session. */
  turn: number
  /** Names of tool calls this session was answered with, by call_id. */
  knownCalls: ReadonlyMap<string, string>
}

/** Why a condition failed, or undefined when every condition holds. */
export type ConditionFailure = string | undefined

/**
 * A rule's `match:` and its patterns, each compiled on first use and then kept: every request
 * that reaches the rules checks them, so compiling per request would repeat the same work.
 */
export interface RuleConditions {
  match: RuleMatch
  /** `match.model` as a RegExp, once compiled. */
  model?: RegExp
  /** `match.input_matches` as a RegExp, once compiled. */
  inputMatches?: RegExp
}

/**
 * Check every condition (an absent one holds); return the first failure's reason.
 *
 * @example
 * const conditions: RuleConditions = { match: { model: 'gpt-5*' } }
 * checkConditions(conditions, subject) // undefined, or 'model "gpt-4o" does not match "gpt-5*"'
 */
export function checkConditions(conditions: RuleConditions | undefined, subject: MatchSubject): ConditionFailure {
  if (conditions === undefined) return undefined
  const { match } = conditions
  if (match.endpoint !== undefined) {
    const byPath = match.endpoint.startsWith('/')
    if ((byPath ? subject.path : subject.endpoint) !== match.endpoint) {
      const actual = subject.endpoint === 'generic' ? subject.path : subject.endpoint
      return `endpoint is ${actual}, not ${match.endpoint}`
    }
  }
  const model = subject.model
  if (
    match.model !== undefined &&
    !(model !== undefined && (conditions.model ??= globToRegExp(match.model)).test(model))
  ) {
    return `model ${quote(subject.model)} does not match "${match.model}"`
  }
  const text = subject.lastUserMessage
  if (match.input_contains !== undefined && !(text ?? '').includes(match.input_contains)) {
    return `the last user message ${quote(text)} does not contain "${match.input_contains}"`
  }
  if (
    match.input_matches !== undefined &&
    !(conditions.inputMatches ??= compileUserRegex(match.input_matches)).test(text ?? '')
  ) {
    return `the last user message ${quote(text)} does not match ${match.input_matches}`
  }
  if (match.last_user_message !== undefined && text !== match.last_user_message) {
    return `the last user message is ${quote(text)}, not "${match.last_user_message}"`
  }
  if (match.tool_result !== undefined) {
    const failure = checkToolResult(match.tool_result, subject)
    if (failure !== undefined) return failure
  }
  if (match.turn !== undefined && subject.turn !== match.turn) {
    return `this is turn ${subject.turn} of the session, not turn ${match.turn}`
  }
  for (const [name, value] of Object.entries(match.header ?? {})) {
    const actual = subject.headers[name.toLowerCase()]
    if (actual !== value) return `header ${name} is ${quote(actual)}, not "${value}"`
  }
  if (match.body !== undefined && !isJsonSubset(match.body, subject.body)) {
    return 'the body does not contain the "body" subset'
  }
  return undefined
}

function checkToolResult(condition: RuleMatch['tool_result'], subject: MatchSubject): ConditionFailure {
  const wanted = typeof condition === 'string' ? { name: condition } : (condition ?? {})
  const found = subject.toolResults.some((result) => {
    if (wanted.call_id !== undefined && result.call_id !== wanted.call_id) return false
    if (wanted.name === undefined) return true
    return (result.name ?? subject.knownCalls.get(result.call_id)) === wanted.name
  })
  if (found) return undefined
  const described = [wanted.name && `name "${wanted.name}"`, wanted.call_id && `call_id "${wanted.call_id}"`]
    .filter(Boolean)
    .join(' and ')
  return `the request carries no tool result with ${described}`
}

/**
 * Whether `pattern` is contained in `value`: scalars equal, objects key by key (extra keys in
 * the value are fine), arrays when every pattern element is contained in some value element.
 *
 * @example
 * isJsonSubset({ tools: [{ name: 'a' }] }, { tools: [{ name: 'b' }, { name: 'a', x: 1 }], y: 2 }) // true
 */
export function isJsonSubset(pattern: JsonValue, value: JsonValue | undefined): boolean {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value)) return false
    return pattern.every((element) => value.some((candidate) => isJsonSubset(element, candidate)))
  }
  if (isJsonObject(pattern)) {
    if (!isJsonObject(value)) return false
    return Object.entries(pattern).every(([key, expected]) => isJsonSubset(expected, value[key]))
  }
  return pattern === value
}

/**
 * A glob as an anchored regular expression: `*` any run of characters, `?` one character.
 *
 * @example
 * globToRegExp('gpt-5*').test('gpt-5.5-mini') // true
 */
export function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`, 's')
}

function quote(text: string | undefined): string {
  if (text === undefined) return '(none)'
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text)
}
