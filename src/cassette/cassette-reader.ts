/**
 * Read cassette text: YAML (fast subset reader first, the `yaml` package when needed), then the
 * format version, then the JSON Schema. Every failure names the file, line, column and JSON
 * pointer, and says how to fix it. Pure: takes text, does no I/O.
 * @module
 */
import { LineCounter, parseDocument, type YAMLError } from 'yaml'
import { TapedeckError, formatLocation, type TapedeckErrorCode } from '../errors.js'
import type { JsonValue } from '../util/json.js'
import { explainCassetteSchemaErrors, describeValue } from './cassette-schema-errors.js'
import { cassetteSchemaErrors } from './cassette-schema.js'
import { SUPPORTED_CASSETTE_VERSIONS, type Cassette } from './model.js'
import { createLocator, type CassetteLocator, type ParsedYamlDocument } from './yaml-locate.js'
import { parseYamlSubset, type RootEntryLayout } from './yaml-subset-parser.js'

/** A cassette read from text, with what appending to that text needs. */
export interface ReadCassette {
  cassette: Cassette
  /** Where the top-level values end; absent when the text was read by the `yaml` package. */
  layout?: RootEntryLayout[]
  /** The `yaml` document, when the text was outside the fast reader's subset. */
  parsed?: ParsedYamlDocument
  /** Finds pointers in the text, for messages about the cassette's content. */
  locate: CassetteLocator
}

const SUPPORTED = SUPPORTED_CASSETTE_VERSIONS.join(', ')

const YAML_HINTS: Record<string, string> = {
  BAD_INDENT:
    'Check the indentation (spaces; the keys of one mapping and the items of one list start in the same column) and that every [ and { is closed.',
  TAB_AS_INDENT: 'Replace the tabs with spaces.',
  DUPLICATE_KEY: 'Remove or rename one of the two keys.',
  MISSING_CHAR: 'Close the quote or bracket.',
  MULTIPLE_DOCS: 'Keep one document per cassette file: remove the "---" line.',
  BLOCK_AS_IMPLICIT_KEY: 'Put the nested mapping on lines of its own, or quote a value that contains ": ".',
}

/**
 * Read and check cassette text.
 *
 * @throws TapedeckError `TAPEDECK_CASSETTE_PARSE` (not YAML), `TAPEDECK_CASSETTE_VERSION` (missing
 * or unsupported version) or `TAPEDECK_CASSETTE_INVALID` (schema), each with file, line, column.
 *
 * @example
 * const { cassette } = readCassetteText('version: 1\ninteractions: []\n', 'a.yaml')
 */
export function readCassetteText(text: string, file: string): ReadCassette {
  const fast = parseYamlSubset(text)
  let value: JsonValue | undefined
  let parsed: ParsedYamlDocument | undefined
  if (fast !== undefined) value = fast.value
  else {
    parsed = parseYamlDocument(text, file)
    value = parsed.document.toJS() as JsonValue | undefined
  }
  const locate = createLocator(text, parsed)
  checkRoot(value, file, locate)
  checkVersion(value, file, locate)
  const errors = cassetteSchemaErrors(value)
  if (errors !== undefined) {
    const problem = explainCassetteSchemaErrors(errors)
    throw located('TAPEDECK_CASSETTE_INVALID', file, locate, problem.pointer, problem.at, problem.problem, problem.hint)
  }
  const cassette = value as unknown as Cassette
  // A hand-written file may hold only `rules`; the model always has a list of interactions.
  if (cassette.interactions === undefined) cassette.interactions = []
  const read: ReadCassette = { cassette, locate }
  if (fast !== undefined) read.layout = fast.rootEntries
  if (parsed !== undefined) read.parsed = parsed
  return read
}

/**
 * Parse text with the `yaml` package, turning its first error into a located TapedeckError.
 *
 * @example
 * const { document } = parseYamlDocument('a: [1\n', 'a.yaml') // throws TAPEDECK_CASSETTE_PARSE
 */
export function parseYamlDocument(text: string, file: string): ParsedYamlDocument {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true })
  const error = document.errors[0]
  if (error !== undefined) throw yamlSyntaxError(error, file)
  return { document, lineCounter }
}

function yamlSyntaxError(error: YAMLError, file: string): TapedeckError {
  const [line, column] = [error.linePos?.[0].line, error.linePos?.[0].col]
  const [summary = error.message, snippet = ''] = error.message.split(/ at line \d+, column \d+:\n\n/)
  const hint = YAML_HINTS[error.code] ?? 'Fix the YAML syntax at that spot.'
  const where = formatLocation({ file, line, column })
  const excerpt = snippet.trimEnd() === '' ? '' : `\n\n${snippet.trimEnd()}`
  return new TapedeckError('TAPEDECK_CASSETTE_PARSE', `${where}: not valid YAML: ${summary}. ${hint}${excerpt}`, {
    file,
    ...(line === undefined ? {} : { line }),
    ...(column === undefined ? {} : { column }),
    cause: error,
  })
}

function checkRoot(value: JsonValue | undefined, file: string, locate: CassetteLocator): void {
  if (value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)) return
  const found = value === undefined ? 'an empty file' : describeValue(value)
  throw located(
    'TAPEDECK_CASSETTE_INVALID',
    file,
    locate,
    '',
    'value',
    `expected a cassette (a mapping with "version: 1" and "interactions"), got ${found}`,
    'Start the file with "version: 1" and "interactions: []", or delete it and record it again.',
  )
}

function checkVersion(value: JsonValue | undefined, file: string, locate: CassetteLocator): void {
  const version = (value as { version?: JsonValue } | undefined)?.version
  if (SUPPORTED_CASSETTE_VERSIONS.some((supported) => supported === version)) return
  if (version === undefined) {
    throw located(
      'TAPEDECK_CASSETTE_VERSION',
      file,
      locate,
      '',
      'value',
      `missing "version": expected the cassette format version (supported: ${SUPPORTED})`,
      `Add "version: ${SUPPORTED_CASSETTE_VERSIONS[0]}" at the top of the file.`,
    )
  }
  const problem =
    typeof version === 'number'
      ? `cassette format version ${version} is not supported (supported: ${SUPPORTED})`
      : `expected a format version number (supported: ${SUPPORTED}), got ${describeValue(version)}`
  const hint =
    typeof version === 'number'
      ? `Use a tapedeck release that reads version ${version}, or re-record the cassette with this one.`
      : `Write the number without quotes: "version: ${SUPPORTED_CASSETTE_VERSIONS[0]}".`
  throw located('TAPEDECK_CASSETTE_VERSION', file, locate, '/version', 'value', problem, hint)
}

/**
 * Build an error whose message starts with `file:line:column: pointer:`.
 *
 * @example
 * located('TAPEDECK_CASSETTE_INVALID', 'a.yaml', locate, '/interactions/0', 'value', 'expected a mapping', 'Fix it.')
 */
export function located(
  code: TapedeckErrorCode,
  file: string,
  locate: CassetteLocator,
  pointer: string,
  at: 'key' | 'value',
  problem: string,
  hint: string,
): TapedeckError {
  // An empty file has no node to point at: its start is the place to fix.
  const position = locate(pointer, at) ?? (pointer === '' ? { line: 1, column: 1 } : undefined)
  const where = formatLocation({ file, line: position?.line, column: position?.column })
  const subject = pointer === '' ? '' : `${pointer}: `
  return new TapedeckError(code, `${where}: ${subject}${problem}. ${hint}`, {
    file,
    pointer,
    ...(position === undefined ? {} : { line: position.line, column: position.column }),
  })
}
