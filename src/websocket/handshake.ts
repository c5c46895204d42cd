/**
 * What the upgrade request tells a session (scope, headers, path), and the HTTP answer to an
 * upgrade tapedeck refuses (an OpenAI-shaped JSON error the SDKs can print).
 * @module
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { STATUS_CODES } from 'node:http'
import { encodeErrorReply, type ErrorReply } from '../protocol/openai-error.js'

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
 * Refuse an upgrade on the raw socket with an HTTP error response (encodeErrorReply: OpenAI
 * body, `x-should-retry: false`, `x-request-id`), then drop the socket.
 *
 * @example
 * rejectUpgrade(socket, { status: 429, message: 'Failed to open a WebSocket: ...',
 *   type: 'invalid_request_error', code: 'tapedeck_websocket_connection_cap' }, ids.next())
 */
export function rejectUpgrade(socket: Duplex, reply: ErrorReply, requestId: string): void {
  const { headers, body } = encodeErrorReply(reply, requestId)
  const head = [`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? 'Error'}`, 'connection: close']
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`)
  if (!socket.writable) {
    socket.destroy()
    return
  }
  socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]), () => socket.destroy())
}
