/**
 * The two shapes of an `error` event: flat `{type, code, message, param, sequence_number}` (the
 * specification's ResponseErrorEvent, used inside a running stream) and nested
 * `{type, status, error: {type, code, message, param}}` (request and protocol errors, and what
 * first-party providers send). openai-node 7.57.0 accepts both.
 * @module
 */
import { isJsonObject, type JsonObject } from '../util/json.js'
import { schemaViolations, type ViolationSite } from './format-ajv-errors.js'
import { SCHEMA_REFS } from './schema-ids.js'
import type { SchemaRegistry } from './schema-registry.js'
import type { Violation } from './types.js'

/** Which shape an error event has. */
type ErrorShape = 'flat' | 'nested'

/** The shape an error event claims: nested when it has an `error` object. */
function errorShapeOf(event: JsonObject): ErrorShape {
  return isJsonObject(event['error']) ? 'nested' : 'flat'
}

/**
 * Check a WebSocket error frame against the shape it claims; failures are `ws.error_shape`.
 *
 * @example
 * errorFrameViolations(registry, frame, { index: 0 }) // [] for a valid nested error
 */
export function errorFrameViolations(
  registry: SchemaRegistry,
  frame: JsonObject,
  site: ViolationSite,
): Violation[] {
  const shape = errorShapeOf(frame)
  const validate = registry.get(shape === 'nested' ? SCHEMA_REFS.nestedErrorEvent : SCHEMA_REFS.flatErrorEvent)
  if (validate(frame)) return []
  return schemaViolations(validate.errors, site).map((violation) => ({
    ...violation,
    rule: 'ws.error_shape',
    message: `${violation.message} (as a ${shape} error frame: ${
      shape === 'nested' ? '{type, status, error: {type, code, message, param}}' : '{type, code, message, param, sequence_number}'
    })`,
  }))
}
