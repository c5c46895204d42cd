/**
 * Validate the `rules:` list of a cassette: JSON Schema (schemas/scenario-rules.schema.json)
 * first, then the checks a schema cannot make. A bad rule is refused at load with the file,
 * line, column, JSON pointer and a hint.
 * @module
 */
import { readFileSync } from 'node:fs'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { TapedeckError, formatLocation } from '../errors.js'
import type { PointerLocator } from './locate-in-yaml.js'
import { explainSchemaErrors, type RuleProblem } from './rule-schema-errors.js'
import { findSemanticProblem } from './rule-semantics.js'
import type { ScenarioRule } from './types.js'

let compiled: ValidateFunction | undefined

/**
 * The compiled rules schema. Compiled on first use and kept: compiling is the slow part.
 *
 * @note Reading the schema file is the only I/O here, done once; the file ships in the package
 * (`schemas/`), next to `dist/`, so the relative URL holds in both `src/` and `dist/`.
 */
function rulesValidator(): ValidateFunction {
  if (compiled === undefined) {
    const url = new URL('../../schemas/scenario-rules.schema.json', import.meta.url)
    const schema = JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true })
    compiled = ajv.compile(schema)
  }
  return compiled
}

/**
 * Check a `rules:` node (already parsed from YAML) and return it typed. `undefined` or `null`
 * (no rules) gives `[]`. `locate` maps a document JSON pointer to a line and column;
 * `basePointer` is where the list sits in the document.
 *
 * @throws TapedeckError `TAPEDECK_SCENARIO_INVALID` with `file`, `line`, `column`, `pointer`.
 *
 * @example
 * const text = readFileSync('cassettes/agent.yaml', 'utf8')
 * const rules = parseRules(parse(text).rules, locateInYaml(text), 'cassettes/agent.yaml')
 * // unknown key → 'Failed to load the scenario rules at cassettes/agent.yaml:5:7
 * //   (/rules/0/reply/txt): unknown key "txt" in "reply" of rule 1. Did you mean "text"? …'
 */
export function parseRules(
  rulesNode: unknown,
  locate: PointerLocator,
  file: string,
  basePointer = '/rules',
): ScenarioRule[] {
  if (rulesNode === undefined || rulesNode === null) return []
  const validate = rulesValidator()
  if (!validate(rulesNode)) {
    throw invalidRules(explainSchemaErrors(validate.errors ?? []), locate, file, basePointer)
  }
  const rules = rulesNode as ScenarioRule[]
  const problem = findSemanticProblem(rules)
  if (problem !== undefined) throw invalidRules(problem, locate, file, basePointer)
  return rules
}

function invalidRules(
  problem: RuleProblem,
  locate: PointerLocator,
  file: string,
  basePointer: string,
): TapedeckError {
  const pointer = `${basePointer}${problem.pointer}`
  const position = locate(pointer)
  const where = formatLocation({ file, line: position?.line, column: position?.column })
  const hint = problem.hint === '' ? '' : ` ${problem.hint}`
  return new TapedeckError(
    'TAPEDECK_SCENARIO_INVALID',
    `Failed to load the scenario rules at ${where} (${pointer}): ${problem.problem}.${hint}`,
    { file, line: position?.line, column: position?.column, pointer },
  )
}
