/**
 * Turn ajv errors into `schema` violations that say what was expected and what was seen.
 * @module
 */
import type { ErrorObject } from 'ajv'
import { escapePointerSegment } from '../util/json-pointer.js'
import type { Violation } from './types.js'

/** At most this many schema violations are reported per event, so one broken object stays readable. */
const MAX_PER_EVENT = 8

/** Where the validated value sits in its stream. */
export interface ViolationSite {
  index: number
  sequence_number?: number | undefined
}

/**
 * Convert the errors of one failed validation. Wrapper errors (`if`/`then`, and the `anyOf` of a
 * nullable field when a more precise branch error exists) are dropped.
 *
 * @example
 * if (!validate(event)) violations.push(...schemaViolations(validate.errors, { index: 3 }))
 */
export function schemaViolations(
  errors: readonly ErrorObject[] | null | undefined,
  site: ViolationSite,
): Violation[] {
  if (!errors || errors.length === 0) return []
  const kept = errors.filter((error) => !isWrapper(error, errors))
  const seen = new Set<string>()
  const violations: Violation[] = []
  for (const error of kept.length > 0 ? kept : errors) {
    const pointer = pointerOf(error)
    const message = describe(error)
    const key = `${pointer} ${message}`
    if (seen.has(key)) continue
    seen.add(key)
    const violation: Violation = { rule: 'schema', message, index: site.index, pointer }
    if (site.sequence_number !== undefined) violation.sequence_number = site.sequence_number
    violations.push(violation)
    if (violations.length === MAX_PER_EVENT) break
  }
  return violations
}

function isWrapper(error: ErrorObject, all: readonly ErrorObject[]): boolean {
  if (error.keyword === 'if') return true
  if (error.keyword === 'type' && error.params['type'] === 'null') return true
  if (error.keyword === 'anyOf') {
    return all.some(
      (other) =>
        other !== error &&
        other.instancePath.startsWith(error.instancePath) &&
        !(other.keyword === 'type' && other.params['type'] === 'null') &&
        other.keyword !== 'anyOf' &&
        other.keyword !== 'if',
    )
  }
  return false
}

function pointerOf(error: ErrorObject): string {
  if (error.keyword === 'required') {
    return `${error.instancePath}/${escapePointerSegment(String(error.params['missingProperty']))}`
  }
  return error.instancePath
}

function describe(error: ErrorObject): string {
  const seen = show(error.data)
  const params = error.params
  switch (error.keyword) {
    case 'required':
      return `expected required property "${String(params['missingProperty'])}", saw it missing`
    case 'type':
      return `expected type ${String(params['type'])}, saw ${error.data === null ? 'null' : `${typeName(error.data)} ${seen}`}`
    case 'const':
      return `expected ${show(params['allowedValue'])}, saw ${seen}`
    case 'enum':
      return `expected one of ${show(params['allowedValues'])}, saw ${seen}`
    case 'minimum':
    case 'maximum':
      return `expected a value ${String(params['comparison'])} ${String(params['limit'])}, saw ${seen}`
    case 'minLength':
      return params['limit'] === 1 ? `expected a non-empty string, saw ${seen}` : `expected at least ${String(params['limit'])} characters, saw ${seen}`
    case 'maxLength':
      return `expected at most ${String(params['limit'])} characters, saw ${String(error.data).length}`
    case 'pattern':
      return `expected a string matching /${String(params['pattern'])}/, saw ${seen}`
    case 'maxItems':
      return `expected at most ${String(params['limit'])} items, saw ${Array.isArray(error.data) ? error.data.length : seen}`
    case 'anyOf':
      return `expected a value matching one of the allowed shapes, saw ${seen}`
    case 'not':
      return `expected ${describeForbidden(error)}, saw ${seen}`
    default:
      return `expected a value that ${error.message ?? 'matches the schema'}, saw ${seen}`
  }
}

function describeForbidden(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description
  return typeof description === 'string' ? `a different form (${description})` : 'a different form'
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value
}

/** Short JSON for messages: long values are cut with an ellipsis. */
function show(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}
