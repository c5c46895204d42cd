/**
 * The error body every OpenAI endpoint answers non-2xx requests with, which the SDKs parse into
 * `APIError` subclasses (`error.message`, `.type`, `.code`, `.param`), and how tapedeck frames its
 * own errors. Pure: no I/O.
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


/** Hands out `req_tapedeck_<n>` request ids for the errors tapedeck answers with. */
export interface RequestIds {
  next(): string
}

/**
 * Create a request id counter (one per server).
 *
 * @example
 * const ids = createRequestIds()
 * ids.next() // 'req_tapedeck_1'
 */
export function createRequestIds(): RequestIds {
  let count = 0
  return { next: () => `req_tapedeck_${++count}` }
}

/** An error tapedeck answers with: the body's fields and the HTTP status. */
export interface ErrorReply extends OpenAiErrorFields {
  status: number
}

/**
 * The headers and body of an error tapedeck answers with: the OpenAI body, `x-should-retry:
 * false` (both SDKs retry 408, 409, 429 and 5xx otherwise, slowly, consuming order counters)
 * and an `x-request-id`.
 *
 * @example
 * const { headers, body } = encodeErrorReply({ status: 404, message: 'x', type: 'invalid_request_error' }, 'req_tapedeck_1')
 * headers['x-should-retry'] // 'false'
 */
export function encodeErrorReply(
  reply: ErrorReply,
  requestId: string,
): { headers: Record<string, string>; body: Buffer } {
  const body = Buffer.from(JSON.stringify(openAiErrorBody(reply)))
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'x-should-retry': 'false',
      'x-request-id': requestId,
    },
  }
}
