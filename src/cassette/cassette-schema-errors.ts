/**
 * Turn ajv's errors for a cassette into the one problem a person should fix first, in words:
 * what was expected, what was found, and how to fix it. Pure.
 * @module
 */
import type { ErrorObject } from 'ajv/dist/2020.js'
import { didYouMean } from '../util/did-you-mean.js'
import { formatValues, mostRelevantError, readAjvError, typeWithArticle } from '../util/explain-ajv-errors.js'

/** One schema problem in a cassette. */
export interface CassetteSchemaProblem {
  /** JSON pointer of the bad value (or of the unknown key). */
  pointer: string
  /** Whether the position to report is the key (unknown keys) or the value. */
  at: 'key' | 'value'
  /** What is wrong, e.g. `expected an integer HTTP status, got "ok"`. */
  problem: string
  /** How to fix it, a full sentence. */
  hint: string
}

const DEFAULT_HINT = 'Fix the value or re-record the cassette.'

/**
 * Explain the errors of one failed validation (ajv with `verbose: true`).
 *
 * @example
 * explainCassetteSchemaErrors(errors)
 * // { pointer: '/interactions/2/response/status', at: 'value',
 * //   problem: 'expected an integer HTTP status, got "ok"', hint: 'Fix the value or re-record the cassette.' }
 */
export function explainCassetteSchemaErrors(errors: readonly ErrorObject[]): CassetteSchemaProblem {
  // The branches of an `anyOf` fail together; the `anyOf` itself says what to write instead.
  const branches = errors.filter((error) => error.keyword === 'anyOf').map((error) => `${error.schemaPath}/`)
  const isNoise = (error: ErrorObject) =>
    error.keyword === 'if' || branches.some((prefix) => error.schemaPath.startsWith(prefix))
  const best = mostRelevantError(errors, isNoise, compareErrors)
  if (best === undefined) return { pointer: '', at: 'value', problem: 'the cassette is invalid', hint: DEFAULT_HINT }
  return explain(best)
}

/** An unknown key first (it often explains a missing one), then a missing key, then the rest. */
const KEYWORD_PRIORITY: Record<string, number> = { additionalProperties: 0, required: 1, anyOf: 3, not: 3 }

/** Earlier in the file first (by list indexes), then by how telling the keyword is. */
function compareErrors(left: ErrorObject, right: ErrorObject): number {
  const leftIndexes = listIndexes(left.instancePath)
  const rightIndexes = listIndexes(right.instancePath)
  for (let index = 0; index < Math.min(leftIndexes.length, rightIndexes.length); index++) {
    const difference = (leftIndexes[index] ?? 0) - (rightIndexes[index] ?? 0)
    if (difference !== 0) return difference
  }
  return (KEYWORD_PRIORITY[left.keyword] ?? 2) - (KEYWORD_PRIORITY[right.keyword] ?? 2)
}

function listIndexes(pointer: string): number[] {
  return pointer
    .split('/')
    .filter((segment) => /^\d+$/.test(segment))
    .map(Number)
}

function explain(error: ErrorObject): CassetteSchemaProblem {
  const reading = readAjvError(error)
  const { pointer } = reading
  const expected = expectedPhrase(error.parentSchema)
  const got = describeValue(error.data)
  switch (reading.kind) {
    case 'refused-key':
      return {
        pointer,
        at: 'key',
        problem: `the key "${reading.key}" is not allowed: expected ${expected ?? 'another key'}`,
        hint: 'Rename the key.',
      }
    case 'unknown-key': {
      const suggestion = didYouMean(reading.key, reading.allowed)
      const didYou = suggestion === undefined ? '' : `Did you mean "${suggestion}"? `
      return {
        pointer,
        at: 'key',
        problem: `unknown key "${reading.key}"`,
        hint: `${didYou}Allowed keys here: ${reading.allowed.join(', ')}.`,
      }
    }
    case 'missing-key':
      return {
        pointer,
        at: 'value',
        problem: `missing the required key "${reading.key}"`,
        hint: `Add "${reading.key}", or re-record the cassette.`,
      }
    case 'type': {
      const hint =
        reading.type === 'string' && isScalar(error.data)
          ? 'Quote the value: YAML reads it as a number, boolean or null.'
          : DEFAULT_HINT
      return { pointer, at: 'value', problem: `expected ${expected ?? typeWithArticle(reading.type)}, got ${got}`, hint }
    }
    case 'enum': {
      const words = reading.values.filter((value): value is string => typeof value === 'string')
      const suggestion = typeof error.data === 'string' ? didYouMean(error.data, words) : undefined
      return {
        pointer,
        at: 'value',
        problem: `expected one of ${formatValues(reading.values)}, got ${got}`,
        hint: suggestion === undefined ? DEFAULT_HINT : `Did you mean "${suggestion}"?`,
      }
    }
    case 'const':
      return { pointer, at: 'value', problem: `expected ${JSON.stringify(reading.value)}, got ${got}`, hint: DEFAULT_HINT }
    case 'pattern':
    case 'other':
      if (error.keyword === 'anyOf' || error.keyword === 'not') {
        return { pointer, at: 'value', problem: `expected ${expected ?? 'a different value'}`, hint: DEFAULT_HINT }
      }
      return {
        pointer,
        at: 'value',
        problem: expected === undefined ? `${error.message ?? 'invalid value'}, got ${got}` : `expected ${expected}, got ${got}`,
        hint: DEFAULT_HINT,
      }
  }
}

function expectedPhrase(schema: unknown): string | undefined {
  const phrase = (schema as { 'x-expected'?: unknown } | undefined)?.['x-expected']
  return typeof phrase === 'string' ? phrase : undefined
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'number' || typeof value === 'boolean'
}

/**
 * A short description of a value for messages: strings quoted (and cut when long), collections
 * by kind.
 *
 * @example
 * describeValue('ok') // '"ok"'
 * describeValue([1])  // 'a list'
 */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value (null)'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value
    return JSON.stringify(shown)
  }
  return String(value)
}
