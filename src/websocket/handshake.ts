/**
 * The HTTP answer to an upgrade tapedeck refuses (an OpenAI-shaped JSON error the SDKs can
 * print). The handshake's headers and scope are read with protocol/http-headers.ts and
 * protocol/scope.ts, like those of any HTTP request.
 * @module
 */
import type { Duplex } from 'node:stream'
import { STATUS_CODES } from 'node:http'
import { encodeErrorReply, type ErrorReply } from '../protocol/openai-error.js'

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
