/**
 * What the client gets when the upstream cannot be reached: an OpenAI-shaped error the SDKs
 * print, marked non-retryable so that a test fails fast instead of retrying with back-off.
 * @module
 */
import type { ServerResponse } from 'node:http'
import { encodeErrorReply, openAiErrorBody } from '../protocol/openai-error.js'
import type { JsonObject } from '../util/json.js'

/** The `error.code` of an unreachable upstream. */
export const UPSTREAM_UNREACHABLE_CODE = 'tapedeck_upstream_unreachable'

/**
 * The error message for an unreachable upstream.
 *
 * @example
 * upstreamUnreachableMessage('http://127.0.0.1:9/v1', 'connect ECONNREFUSED 127.0.0.1:9')
 * // 'Failed to reach the upstream http://127.0.0.1:9/v1: connect ECONNREFUSED 127.0.0.1:9. Check --upstream or your network.'
 */
export function upstreamUnreachableMessage(upstream: string, reason: string): string {
  return `Failed to reach the upstream ${upstream}: ${reason.replace(/\.$/, '')}. Check --upstream or your network.`
}

/**
 * Answer an HTTP request with 502 and the OpenAI error body, `x-should-retry: false`.
 *
 * @example
 * sendUpstreamUnreachable(res, 'https://api.openai.com/v1', 'getaddrinfo ENOTFOUND api.openai.com', ids.next())
 */
export function sendUpstreamUnreachable(res: ServerResponse, upstream: string, reason: string, requestId: string): void {
  const { headers, body } = encodeErrorReply(
    {
      status: 502,
      message: upstreamUnreachableMessage(upstream, reason),
      type: 'upstream_error',
      code: UPSTREAM_UNREACHABLE_CODE,
    },
    requestId,
  )
  res.writeHead(502, headers)
  res.end(body)
}

/**
 * The nested WebSocket error frame for an unreachable upstream (sent before closing with 1011).
 *
 * @example
 * upstreamUnreachableFrame('ws://127.0.0.1:9/v1/responses', 'connect ECONNREFUSED')['status'] // 502
 */
export function upstreamUnreachableFrame(upstream: string, reason: string, status = 502): JsonObject {
  const { error } = openAiErrorBody({
    message: upstreamUnreachableMessage(upstream, reason),
    type: 'upstream_error',
    code: UPSTREAM_UNREACHABLE_CODE,
  })
  return { type: 'error', status, error }
}
