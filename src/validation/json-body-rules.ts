/**
 * Non-streamed JSON bodies: a Response object, a chat completion, or an OpenAI error body.
 * @module
 */
import { isJsonObject, type JsonValue } from '../util/json.js'
import type { Dialect } from './dialects.js'
import { schemaViolations } from './format-ajv-errors.js'
import { SCHEMA_REFS, type SchemaRef } from './schema-ids.js'
import { getSchemaRegistry } from './schema-registry.js'
import type { ValidateOptions, ValidationResult, Violation } from './types.js'

/** The JSON bodies validateJsonBody knows. */
export type JsonBodyKind = 'response' | 'chat.completion' | 'error'

const BODY_SCHEMAS: Readonly<Record<JsonBodyKind, SchemaRef>> = {
  response: SCHEMA_REFS.response,
  'chat.completion': SCHEMA_REFS.chatCompletion,
  error: SCHEMA_REFS.errorBody,
}

/**
 * Validate one JSON body against its schema. Under `wire`, a Response whose output_text parts
 * carry no logprobs at all is the `no-logprobs` dialect; one that drops them on some parts only
 * is a `logprobs.missing` violation.
 *
 * @example
 * validateJsonBody('error', { error: { message: 'Bad', type: 'invalid_request_error', param: null, code: null } }).valid // true
 */
export function validateJsonBody(
  kind: JsonBodyKind,
  body: JsonValue,
  options: ValidateOptions = {},
): ValidationResult {
  const profile = options.profile ?? 'wire'
  const validate = getSchemaRegistry(profile).get(BODY_SCHEMAS[kind])
  const violations: Violation[] = validate(body) ? [] : schemaViolations(validate.errors, { index: 0 })
  const dialects: Dialect[] = []
  if (kind === 'response' && profile === 'wire') {
    const { carriers, missing } = outputTextLogprobs(body)
    if (carriers === 0 && missing.length > 0) dialects.push('no-logprobs')
    if (carriers > 0) {
      for (const pointer of missing) {
        violations.push({
          rule: 'logprobs.missing',
          message:
            'expected logprobs (an array, [] when not requested), as on the other output_text parts of this response, saw none',
          index: 0,
          pointer,
        })
      }
    }
  }
  return { valid: violations.length === 0, violations, dialects }
}

function outputTextLogprobs(body: JsonValue): { carriers: number; missing: string[] } {
  let carriers = 0
  const missing: string[] = []
  const output = isJsonObject(body) ? body['output'] : undefined
  if (!Array.isArray(output)) return { carriers, missing }
  output.forEach((item, itemIndex) => {
    if (!isJsonObject(item) || item['type'] !== 'message' || !Array.isArray(item['content'])) return
    item['content'].forEach((part, partIndex) => {
      if (!isJsonObject(part) || part['type'] !== 'output_text') return
      if (part['logprobs'] !== undefined) carriers++
      else missing.push(`/output/${itemIndex}/content/${partIndex}/logprobs`)
    })
  })
  return { carriers, missing }
}
