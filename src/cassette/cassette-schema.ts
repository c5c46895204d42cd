/**
 * The compiled cassette schema (schemas/cassette.schema.json): compiled once per process, on
 * first use, because compiling is the slow part.
 *
 * @note The schema file ships in the package next to `dist/`, so the relative path holds from
 * `src/` and from `dist/`. It is loaded with `require` (JSON support built into Node) so that
 * the store stays the only file of this folder that does file I/O.
 * @module
 */
import { createRequire } from 'node:module'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import { TapedeckError } from '../errors.js'

/** The `$id` of the cassette schema. */
const CASSETTE_SCHEMA_ID = 'https://tapedeck.dev/schemas/cassette.schema.json'

interface CompiledSchemas {
  cassette: ValidateFunction
  interaction: ValidateFunction
}

let compiled: CompiledSchemas | undefined

function schemas(): CompiledSchemas {
  if (compiled !== undefined) return compiled
  const schema = createRequire(import.meta.url)('../../schemas/cassette.schema.json') as Record<string, unknown>
  // `verbose` keeps the failing value and schema on each error, for messages that show both;
  // `allErrors` lets the message pick the most useful error (an unknown key before the missing
  // key it probably misspells).
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true })
  // An annotation: the phrase error messages use for "expected ...".
  ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' })
  const cassette = ajv.compile(schema)
  const interaction = ajv.getSchema(`${CASSETTE_SCHEMA_ID}#/$defs/interaction`)
  if (interaction === undefined) {
    throw new TapedeckError(
      'TAPEDECK_INTERNAL',
      'Failed to compile the cassette schema: schemas/cassette.schema.json has no $defs/interaction. Reinstall tapedeck.',
    )
  }
  compiled = { cassette, interaction }
  return compiled
}

/**
 * Validate a parsed cassette against the schema. Returns the ajv errors, or undefined when valid.
 *
 * @example
 * const errors = cassetteSchemaErrors(parse(text))
 * if (errors) throw explain(errors)
 */
export function cassetteSchemaErrors(value: unknown): ErrorObject[] | undefined {
  const validate = schemas().cassette
  return validate(value) ? undefined : (validate.errors ?? [])
}

/**
 * Validate one interaction (for example before it is appended to a cassette).
 *
 * @example
 * interactionSchemaErrors({ transport: 'http' }) // [{ keyword: 'required', ... }]
 */
export function interactionSchemaErrors(value: unknown): ErrorObject[] | undefined {
  const validate = schemas().interaction
  return validate(value) ? undefined : (validate.errors ?? [])
}
