/**
 * What the upgrade request tells a session (scope, headers, path), and the HTTP answer to an
 * upgrade tapedeck refuses (an OpenAI-shaped JSON error the SDKs can print).
 * @module
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { STATUS_CODES } from 'node:http'
import { openAiErrorBody, type OpenAiErrorFields } from '../protocol/openai-error.js'

/** The header that names the order-counter scope of a test. */
export const SCOPE_HEADER = 'x-tapedeck-scope'

/** The scope used when the handshake names none. */
export const DEFAULT_SCOPE = 'default'

/**
 * The handshake headers as a flat, lower-case record (repeated headers joined with `, `).
 *
 * @example
 * handshakeHeaders(request)['x-tapedeck-scope'] // 'test-1'
 */
export function handshakeHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
  }
  return headers
}

/**
 * The order-counter scope of a connection: the `x-tapedeck-scope` header, or `default`.
 *
 * @example
 * scopeOf({ 'x-tapedeck-scope': 'suite/test 1' }) // 'suite/test 1'
 * scopeOf({})                                      // 'default'
 */
export function scopeOf(headers: Record<string, string>): string {
  const scope = headers[SCOPE_HEADER]?.trim()
  return scope === undefined || scope === '' ? DEFAULT_SCOPE : scope
}

/**
 * Refuse an upgrade with a plain HTTP response carrying an OpenAI error body and
 * `x-should-retry: false`, then drop the socket.
 *
 * @example
 * rejectUpgrade(socket, 429, { message: 'Failed to open a WebSocket: ...',
 *   type: 'invalid_request_error', code: 'tapedeck_websocket_connection_cap' })
 */
export function rejectUpgrade(socket: Duplex, status: number, error: OpenAiErrorFields): void {
  const body = JSON.stringify(openAiErrorBody(error))
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'x-should-retry: false',
    'Connection: close',
  ]
  if (!socket.writable) {
    socket.destroy()
    return
  }
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy())
}
