/**
 * The error body every OpenAI endpoint answers non-2xx requests with, which the SDKs parse into
 * `APIError` subclasses (`error.message`, `.type`, `.code`, `.param`). Pure: no I/O.
 * @module
 */
import type { JsonObject } from '../util/json.js'

/** The `error.type` values tapedeck itself produces. */
export type OpenAiErrorType = 'invalid_request_error' | 'server_error' | 'not_found_error'

/** The fields of an OpenAI error body. */
export interface OpenAiErrorFields {
  message: string
  type: OpenAiErrorType | string
  code?: string | null
  param?: string | null
}

/**
 * Build `{"error":{message,type,param,code}}`, with explicit `null`s as the API sends them.
 *
 * @example
 * openAiErrorBody({ message: 'Nope.', type: 'invalid_request_error', code: 'invalid_json' })
 * // { error: { message: 'Nope.', type: 'invalid_request_error', param: null, code: 'invalid_json' } }
 */
export function openAiErrorBody(fields: OpenAiErrorFields): { error: JsonObject } {
  return {
    error: {
      message: fields.message,
      type: fields.type,
      param: fields.param ?? null,
      code: fields.code ?? null,
    },
  }
}

