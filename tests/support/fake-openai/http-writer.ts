/**
 * How the fake upstream puts answers on the wire: JSON (optionally gzipped or cut), SSE streams
 * (paced, cut, gzipped with a flush per event) and OpenAI error bodies with retry headers.
 * @module
 */
import type { ServerResponse } from 'node:http'
import { createGzip, gzipSync } from 'node:zlib'
import type { JsonObject } from '../../../src/util/json.js'
import type { Script } from './script.js'

/** One SSE message to write: `event:` name (Responses) or none (Chat), and the data text. */
export interface SseMessage {
  event?: string
  data: string
}

/**
 * Headers every fake answer carries, as the real API sends them.
 *
 * @example
 * commonHeaders('req_1')['x-request-id'] // 'req_1'
 */
export function commonHeaders(requestId: string): Record<string, string> {
  return {
    'x-request-id': requestId,
    'openai-processing-ms': '7',
    'openai-version': '2020-10-01',
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-remaining-requests': '9999',
  }
}

/**
 * Write a JSON answer. `[gzip]` compresses it; `[cut:N]` sends half of it and destroys the socket.
 *
 * @example
 * sendJson(res, 200, { ok: true }, commonHeaders('req_1'), script)
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: JsonObject,
  headers: Record<string, string>,
  script?: Pick<Script, 'gzip' | 'cutAfter'>,
): void {
  let bytes = Buffer.from(JSON.stringify(body))
  const outgoing: Record<string, string> = { 'content-type': 'application/json', ...headers }
  if (script?.gzip) {
    bytes = gzipSync(bytes)
    outgoing['content-encoding'] = 'gzip'
  }
  if (script?.cutAfter !== undefined) {
    res.writeHead(status, outgoing)
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy())
    return
  }
  outgoing['content-length'] = String(bytes.length)
  res.writeHead(status, outgoing)
  res.end(bytes)
}

/**
 * Write binary bytes with a content type.
 *
 * @example
 * sendBytes(res, 'audio/mpeg', Buffer.from([0xff, 0xfb]), commonHeaders('req_1'))
 */
export function sendBytes(res: ServerResponse, contentType: string, bytes: Buffer, headers: Record<string, string>): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length), ...headers })
  res.end(bytes)
}

/**
 * Answer with an OpenAI error body for a status, as the real API words it.
 *
 * @example
 * sendError(res, 429, commonHeaders('req_1')) // 429, retry-after-ms: 10
 */
export function sendError(res: ServerResponse, status: number, headers: Record<string, string>, message?: string): void {
  const retry: Record<string, string> = status === 429 || status >= 500 ? { 'retry-after-ms': '10', 'retry-after': '0' } : {}
  sendJson(res, status, errorBody(status, message), { ...headers, ...retry })
}

/**
 * The `{error:{message,type,param,code}}` body for a status.
 *
 * @example
 * errorBody(429) // { error: { message: '…', type: 'requests', param: null, code: 'rate_limit_exceeded' } }
 */
export function errorBody(status: number, message?: string): { error: JsonObject } {
  const [type, code] = errorKind(status)
  return {
    error: {
      message: message ?? `The fake upstream answered ${status} as scripted by [error:${status}].`,
      type,
      param: null,
      code,
    },
  }
}

function errorKind(status: number): [string, string | null] {
  if (status === 401) return ['invalid_request_error', 'invalid_api_key']
  if (status === 403) return ['invalid_request_error', 'unsupported_country_region_territory']
  if (status === 404) return ['invalid_request_error', null]
  if (status === 429) return ['requests', 'rate_limit_exceeded']
  if (status >= 500) return ['server_error', 'server_error']
  return ['invalid_request_error', null]
}

/**
 * Stream SSE messages: headers first, each message as soon as it is built, `[slow:MS]` between
 * messages, `[cut:N]` destroys the socket after N messages, `[gzip]` compresses with a flush per
 * message so that every event still arrives on its own.
 *
 * @example
 * await streamSse(res, [{ event: 'response.created', data: '{…}' }], commonHeaders('req_1'), script)
 */
export async function streamSse(
  res: ServerResponse,
  messages: readonly SseMessage[],
  headers: Record<string, string>,
  script: Pick<Script, 'gzip' | 'cutAfter' | 'slowMs'>,
): Promise<void> {
  const outgoing: Record<string, string> = {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    ...headers,
  }
  if (script.gzip) outgoing['content-encoding'] = 'gzip'
  res.writeHead(200, outgoing)
  res.flushHeaders()
  const gzip = script.gzip ? createGzip() : undefined
  if (gzip) gzip.pipe(res)
  const write = (text: string) =>
    new Promise<void>((resolve) => {
      if (gzip) {
        gzip.write(text)
        gzip.flush(() => resolve())
      } else res.write(text, () => resolve())
    })
  for (const [index, message] of messages.entries()) {
    if (res.destroyed) return
    if (script.cutAfter !== undefined && index >= script.cutAfter) {
      // Give the kernel the bytes already written before the connection dies.
      await new Promise((resolve) => setTimeout(resolve, 5))
      res.socket?.destroy()
      return
    }
    if (index > 0 && script.slowMs) await new Promise((resolve) => setTimeout(resolve, script.slowMs))
    const eventLine = message.event === undefined ? '' : `event: ${message.event}\n`
    await write(`${eventLine}data: ${message.data}\n\n`)
  }
  if (gzip) gzip.end()
  else res.end()
}
