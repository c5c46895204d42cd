/**
 * Errors tapedeck itself answers HTTP requests with: OpenAI-shaped bodies, `x-should-retry:
 * false` and an `x-request-id` (encodeErrorReply in protocol/openai-error.ts).
 *
 * @note Both OpenAI SDKs retry 408, 409, 429 and 5xx unless `x-should-retry: false` says not to;
 * a retried miss would fail slowly and consume order counters. So every error tapedeck makes
 * carries that header.
 * @module
 */
import type { ServerResponse } from 'node:http'
import { encodeErrorReply, type ErrorReply } from '../protocol/openai-error.js'

/**
 * Answer a request with an error. A response whose head is already out is cut instead.
 *
 * @example
 * sendProxyError(res, { status: 400, message: 'Bad.', type: 'invalid_request_error', code: 'invalid_json' }, ids.next())
 */
export function sendProxyError(response: ServerResponse, reply: ErrorReply, requestId: string): void {
  if (response.headersSent) {
    response.destroy()
    return
  }
  const { headers, body } = encodeErrorReply(reply, requestId)
  response.writeHead(reply.status, headers)
  response.end(body)
}
