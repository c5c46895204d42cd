/**
 * Error answers of compact replies: HTTP error bodies with the defaults real errors have, and
 * the in-stream failure of `fail_after`. Pure.
 * @module
 */
import { openAiErrorBody } from '../protocol/openai-error.js'
import type { CompactError, CompactFailure, CompactReply } from '../scenario/types.js'
import type { JsonObject } from '../util/json.js'

/** The fields of an error body, with every default filled in. */
export interface ErrorFields {
  message: string
  type: string
  code: string | null
  param: string | null
}

/** Defaults by status, worded like the API's own errors. */
const DEFAULTS: Record<number, Omit<ErrorFields, 'param'>> = {
  400: { type: 'invalid_request_error', code: null, message: 'The request is invalid.' },
  401: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: 'Incorrect API key provided.',
  },
  403: {
    type: 'invalid_request_error',
    code: null,
    message: 'You are not allowed to sample from this model.',
  },
  404: {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: 'The model does not exist or you do not have access to it.',
  },
  408: { type: 'timeout', code: null, message: 'Request timed out.' },
  409: {
    type: 'invalid_request_error',
    code: 'conflict',
    message: 'The request conflicts with another request.',
  },
  422: { type: 'invalid_request_error', code: null, message: 'The request could not be processed.' },
  429: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message: 'Rate limit reached for requests. Please try again shortly.',
  },
  500: {
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request. Sorry about that!',
  },
  503: {
    type: 'server_error',
    code: null,
    message: 'The engine is currently overloaded, please try again later.',
  },
}

/** The statuses the SDKs retry (openai-wire-protocol.md §4). */
function isRetryable(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500
}

/**
 * An error's body fields: the reply's values, else the defaults for its status.
 *
 * @example
 * errorFields({ status: 429 }).code // 'rate_limit_exceeded'
 */
export function errorFields(error: CompactError): ErrorFields {
  const fallback = DEFAULTS[error.status] ?? (error.status >= 500 ? DEFAULTS[500] : DEFAULTS[400])
  return {
    message: error.message ?? fallback?.message ?? 'Error.',
    type: error.type ?? fallback?.type ?? 'invalid_request_error',
    code: error.code === undefined ? (fallback?.code ?? null) : error.code,
    param: error.param ?? null,
  }
}

/**
 * The body of an HTTP error answer.
 *
 * @example
 * errorBody({ status: 500 })
 * // { error: { message: 'The server had an error…', type: 'server_error', param: null, code: null } }
 */
export function errorBody(error: CompactError): JsonObject {
  return openAiErrorBody(errorFields(error))
}

/**
 * Headers of an HTTP error answer. A retryable status gets `retry-after-ms: 10` unless the
 * reply sets its own retry header, so SDK retries in tests take milliseconds, not seconds.
 *
 * @example
 * errorHeaders({ status: 429 })['retry-after-ms'] // '10'
 */
export function errorHeaders(error: CompactError): Record<string, string> {
  const headers: Record<string, string> = { ...(error.headers ?? {}) }
  const names = Object.keys(headers).map((name) => name.toLowerCase())
  if (isRetryable(error.status) && !names.includes('retry-after-ms') && !names.includes('retry-after')) {
    headers['retry-after-ms'] = '10'
  }
  return headers
}

/**
 * The code and message of a `fail_after` failure.
 *
 * @example
 * failureFields(undefined, 'req_1').code // 'server_error'
 */
export function failureFields(
  failure: CompactFailure | undefined,
  requestId: string,
): { code: string; message: string } {
  const message =
    'An error occurred while processing your request. You can retry your request, or contact us ' +
    'through our help center at help.openai.com if the error persists. Please include the ' +
    `request ID ${requestId} in your message.`
  return { code: failure?.code ?? 'server_error', message: failure?.message ?? message }
}

/**
 * The HTTP error a reply answers with before any event: its `error`, or a 500 for a
 * `fail_after` that cannot happen mid-stream (N = 0, or the answer is not streamed).
 *
 * @example
 * upFrontError({ text: 'x', fail_after: 0 }, true, 'req_1')?.status // 500
 * upFrontError({ text: 'x', fail_after: 3 }, true, 'req_1')         // undefined
 */
export function upFrontError(
  reply: CompactReply,
  streamed: boolean,
  requestId: string,
): CompactError | undefined {
  if (reply.error !== undefined) return reply.error
  const failAfter = reply.fail_after
  if (failAfter === undefined || (failAfter > 0 && streamed)) return undefined
  const failure = failureFields(reply.fail_with, requestId)
  return { status: 500, type: 'server_error', code: failure.code, message: failure.message }
}
