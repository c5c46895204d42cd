/**
 * Turn ajv's errors for a `rules:` list into the one problem a person should fix first, with a
 * hint. Pure.
 * @module
 */
import type { ErrorObject } from 'ajv/dist/2020.js'
import { formatValues, mostRelevantError, readAjvError, typeWithArticle } from '../util/explain-ajv-errors.js'
import { didYouMean } from '../util/did-you-mean.js'

/** One problem in a rules list, relative to the list (`/0/reply/txt`). */
export interface RuleProblem {
  /** JSON pointer inside the rules list. */
  pointer: string
  problem: string
  hint: string
}

/** Keywords that only say "a branch failed"; the branch's own errors are more useful. */
const BRANCH_KEYWORDS = new Set(['if', 'then', 'else', 'anyOf', 'oneOf', 'allOf', 'not'])

/** Most specific first, among errors at the same depth. */
const KEYWORD_RANK = ['additionalProperties', 'required', 'type', 'enum', 'const', 'pattern']

/**
 * Pick the most useful ajv error (the deepest; at equal depth an unknown key before a missing
 * key before a wrong type) and explain it.
 *
 * @example
 * explainSchemaErrors(validate.errors ?? [])
 * // { pointer: '/0/reply/txt', problem: 'unknown key "txt"', hint: 'Did you mean "text"? …' }
 */
export function explainSchemaErrors(errors: readonly ErrorObject[]): RuleProblem {
  const best = mostRelevantError(errors, (error) => BRANCH_KEYWORDS.has(error.keyword), compareErrors)
  if (best === undefined) return { pointer: '', problem: 'the rules are invalid', hint: '' }
  return explainError(best)
}

function compareErrors(left: ErrorObject, right: ErrorObject): number {
  const depth = depthOf(right) - depthOf(left)
  if (depth !== 0) return depth
  return rankOf(left.keyword) - rankOf(right.keyword)
}

function depthOf(error: ErrorObject): number {
  const extra = error.keyword === 'additionalProperties' ? 1 : 0
  return error.instancePath.split('/').length + extra
}

function rankOf(keyword: string): number {
  const rank = KEYWORD_RANK.indexOf(keyword)
  return rank === -1 ? KEYWORD_RANK.length : rank
}

function explainError(error: ErrorObject): RuleProblem {
  const reading = readAjvError(error)
  const { pointer } = reading
  const where = describeLocation(error.instancePath)
  switch (reading.kind) {
    case 'unknown-key': {
      const suggestion = didYouMean(reading.key, reading.allowed)
      const didYou = suggestion === undefined ? '' : `Did you mean "${suggestion}"? `
      return {
        pointer,
        problem: `unknown key "${reading.key}" in ${where}`,
        hint: `${didYou}Allowed keys: ${reading.allowed.join(', ')}.`,
      }
    }
    case 'refused-key':
      return { pointer, problem: `the key "${reading.key}" is not allowed in ${where}`, hint: 'Rename the key.' }
    case 'missing-key':
      return { pointer, problem: `${where} has no "${reading.key}"`, hint: requiredHint(pointer, reading.key) }
    case 'type':
      return {
        pointer,
        problem: `${where} must be ${typeWithArticle(reading.type)}`,
        hint: typeHint(pointer, reading.type),
      }
    case 'enum':
      return {
        pointer,
        problem: `${where} has an unknown value`,
        hint: `Use one of: ${formatValues(reading.values)}.`,
      }
    case 'const':
      return { pointer, problem: `${where} must be ${JSON.stringify(reading.value)}`, hint: '' }
    case 'pattern':
      return {
        pointer,
        problem: `${where} does not have the expected form`,
        hint: pointer.endsWith('/endpoint')
          ? 'Use "responses", "chat" or a path such as "/v1/embeddings".'
          : `It must match ${reading.pattern}.`,
      }
    case 'other':
      if (reading.keyword === 'minProperties' || reading.keyword === 'maxProperties') {
        return {
          pointer,
          problem: `${where} ${reading.keyword === 'minProperties' ? 'has no key' : 'has more than one key'}`,
          hint: pointer.includes('/output/')
            ? 'Each entry of "output" has exactly one key: text, refusal, reasoning or tool_call.'
            : 'Give at least one key.',
        }
      }
      return { pointer, problem: `${where} ${reading.message ?? 'is invalid'}`, hint: '' }
  }
}

function requiredHint(pointer: string, key: string): string {
  if (key === 'name' && /\/(tool_calls\/\d+|tool_call)$/.test(pointer)) {
    return 'A tool call needs the name of the tool it calls: add "name: <tool name>".'
  }
  if (key === 'reply') return 'Every rule needs a reply, e.g. "reply: { text: Hello }".'
  if (key === 'status') return 'An error needs its HTTP status, e.g. "status: 429".'
  return `Add "${key}".`
}

function typeHint(pointer: string, expected: string): string {
  if (pointer === '') return 'Write "rules:" as a list: each entry starts with "- ".'
  if (expected.includes('object') && expected.includes('string')) {
    return 'Tool arguments are a YAML map ({ city: Paris }) or a JSON string.'
  }
  if (expected === 'string') return 'Quote the value if YAML reads it as a number, boolean or null.'
  return `Give ${typeWithArticle(expected)} here.`
}

/** "the reply of rule 1" style names for pointers, so a message reads without the file open. */
function describeLocation(pointer: string): string {
  const segments = pointer.split('/').slice(1)
  if (segments.length === 0) return '"rules"'
  const [ruleIndex, ...rest] = segments
  const rule = `rule ${Number(ruleIndex) + 1}`
  if (rest.length === 0) return rule
  const path = rest.map((segment) => (/^\d+$/.test(segment) ? `[${segment}]` : `.${segment}`)).join('')
  return `"${path.slice(1)}" of ${rule}`
}
