/**
 * Errors tapedeck itself answers with: OpenAI-shaped bodies, a 4xx status, `x-should-retry:
 * false` and an `x-request-id`.
 *
 * @note Both OpenAI SDKs retry 408, 409, 429 and 5xx unless `x-should-retry: false` says not to;
 * a retried miss would fail slowly and consume order counters. So every error tapedeck makes is
 * a non-retryable 4xx carrying that header.
 * @module
 */
import type { ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { STATUS_CODES } from 'node:http'
import { openAiErrorBody, type OpenAiErrorFields } from '../protocol/openai-error.js'

/** Hands out `req_tapedeck_<n>` request ids. */
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

/** An error tapedeck answers with. */
export interface ProxyErrorReply extends OpenAiErrorFields {
  status: number
}

/**
 * Encode the status line, headers and body of a proxy error.
 *
 * @example
 * const { headers, body } = encodeProxyError({ status: 404, message: 'x', type: 'invalid_request_error' }, 'req_tapedeck_1')
 */
export function encodeProxyError(
  reply: ProxyErrorReply,
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

/**
 * Answer a request with a proxy error.
 *
 * @example
 * sendProxyError(res, { status: 400, message: 'Bad.', type: 'invalid_request_error', code: 'invalid_json' }, ids.next())
 */
export function sendProxyError(
  response: ServerResponse,
  reply: ProxyErrorReply,
  requestId: string,
): void {
  if (response.headersSent) {
    response.destroy()
    return
  }
  const { headers, body } = encodeProxyError(reply, requestId)
  response.writeHead(reply.status, headers)
  response.end(body)
}

/**
 * Answer a refused upgrade on the raw socket with a proxy error, then close it.
 *
 * @example
 * rejectUpgrade(socket, { status: 404, message: 'No WebSocket here.', type: 'invalid_request_error' }, ids.next())
 */
export function rejectUpgrade(socket: Duplex, reply: ProxyErrorReply, requestId: string): void {
  const { headers, body } = encodeProxyError(reply, requestId)
  const head = [`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Error'}`, 'connection: close']
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`)
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const bytes = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body])
  socket.end(bytes, () => socket.destroy())
}
