/**
 * Compiled validators for the OpenAI schemas, one ajv instance per profile. The schema documents
 * are read once per process; each definition is compiled the first time it is needed and then
 * reused, so the hot path is a Map lookup by event `type` followed by one compiled function call
 * (no 59-way anyOf).
 * @module
 */
import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv'
import { TapedeckError } from '../errors.js'
import { isJsonObject, type JsonObject } from '../util/json.js'
import { escapePointerSegment } from '../util/json-pointer.js'
import { loadSchemaDocuments, type SchemaDocuments } from './load-schemas.js'
import { SCHEMA_IDS, type SchemaRef } from './schema-ids.js'
import type { ValidationProfile } from './types.js'
import { applyWireOverlay } from './wire-overlay.js'

/** Compiled validators of one profile. */
export interface SchemaRegistry {
  readonly profile: ValidationProfile
  /** The validator of a named definition (see SCHEMA_REFS). */
  get(ref: SchemaRef): ValidateFunction
  /** The validator of a Responses streaming event type, or undefined when the type is unknown. */
  responsesEvent(type: string): ValidateFunction | undefined
  /** Like responsesEvent, plus the WebSocket-only server events (response.steer.*). */
  websocketEvent(type: string): ValidateFunction | undefined
}

/**
 * Build a registry from schema documents. Nothing is compiled until it is first used.
 *
 * @example
 * const registry = createSchemaRegistry(loadSchemaDocuments(), 'strict')
 * registry.responsesEvent('response.created')?.(event)
 */
export function createSchemaRegistry(documents: SchemaDocuments, profile: ValidationProfile): SchemaRegistry {
  const schemas = profile === 'wire' ? applyWireOverlay(documents.schemas, documents.overlay) : documents.schemas
  const ajv = new Ajv2020({
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allErrors: true,
    verbose: true,
    logger: false,
  })
  for (const schema of schemas) ajv.addSchema(schema)

  const compiled = new Map<string, ValidateFunction>()
  const compile = (ref: string): ValidateFunction => {
    let validate = compiled.get(ref)
    if (validate === undefined) {
      validate = ajv.getSchema(ref)
      if (validate === undefined) {
        throw new TapedeckError(
          'TAPEDECK_INTERNAL',
          `Failed to compile schema ${ref}: no such definition. Reinstall tapedeck.`,
        )
      }
      compiled.set(ref, validate)
    }
    return validate
  }

  const eventRefs = definitionRefs(schemas, SCHEMA_IDS.responsesEvents)
  const websocketRefs = new Map([...eventRefs, ...definitionRefs(schemas, SCHEMA_IDS.websocketServer)])
  const byType = (refs: Map<string, string>, type: string): ValidateFunction | undefined => {
    const ref = refs.get(type)
    return ref === undefined ? undefined : compile(ref)
  }

  return {
    profile,
    get: compile,
    responsesEvent: (type) => byType(eventRefs, type),
    websocketEvent: (type) => byType(websocketRefs, type),
  }
}

/** Map each `$defs` key of a document (an event type) to its reference. */
function definitionRefs(schemas: readonly JsonObject[], id: string): Map<string, string> {
  const document = schemas.find((schema) => schema['$id'] === id)
  const defs = document?.['$defs']
  if (!isJsonObject(defs)) {
    throw new TapedeckError(
      'TAPEDECK_INTERNAL',
      `Failed to load the OpenAI schemas: ${id} has no $defs. Reinstall tapedeck.`,
    )
  }
  return new Map(Object.keys(defs).map((type) => [type, `${id}#/$defs/${escapePointerSegment(type)}`]))
}

let documentsCache: SchemaDocuments | undefined
const registries = new Map<ValidationProfile, SchemaRegistry>()

/**
 * The process-wide registry of a profile; the schema files are read on the first call.
 *
 * @example
 * getSchemaRegistry('wire').get(SCHEMA_REFS.response)(body)
 */
export function getSchemaRegistry(profile: ValidationProfile = 'wire'): SchemaRegistry {
  let registry = registries.get(profile)
  if (registry === undefined) {
    documentsCache ??= loadSchemaDocuments()
    registry = createSchemaRegistry(documentsCache, profile)
    registries.set(profile, registry)
  }
  return registry
}
