/**
 * Routes HTTP upgrades: `GET /v1/responses` goes to the WebSocket-mode handler, anything else
 * is refused with an OpenAI-shaped 404 written on the socket.
 * @module
 */
import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { RESPONSES_PATH, splitRequestTarget } from '../protocol/endpoints.js'
import type { Logger } from '../util/logger.js'
import type { RequestIds } from '../protocol/openai-error.js'
import { rejectUpgrade } from '../websocket/handshake.js'
import type { WebSocketUpgradeHandler } from '../websocket/index.js'

/** The upgraded sockets still open, so that closing the server can end them. */
export interface UpgradedSockets {
  destroyAll(): void
}

/**
 * Attach the upgrade router to a server.
 *
 * @example
 * const sockets = routeUpgrades(server, webSocketHandler, requestIds, logger)
 * // on shutdown: sockets.destroyAll()
 */
export function routeUpgrades(
  server: Server,
  handler: WebSocketUpgradeHandler | undefined,
  requestIds: RequestIds,
  logger: Logger,
): UpgradedSockets {
  const sockets = new Set<Duplex>()
  server.on('upgrade', (request, socket: Duplex, head: Buffer) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    // A client that resets the connection must not crash the server.
    socket.on('error', (error) => logger.debug(`Upgraded socket failed: ${error.message}`))
    const { path } = splitRequestTarget(request.url ?? '/')
    if (path === RESPONSES_PATH && handler !== undefined) {
      try {
        handler(request, socket, head)
      } catch (error) {
        logger.error(`Failed to open a WebSocket on ${path}: ${String(error)}`)
        socket.destroy()
      }
      return
    }
    rejectUpgrade(
      socket,
      {
        status: 404,
        type: 'invalid_request_error',
        code: 'unknown_url',
        message:
          path === RESPONSES_PATH
            ? 'Failed to open a WebSocket on /v1/responses: this server has no WebSocket-mode handler.'
            : `Unknown WebSocket URL: ${path}. Responses WebSocket mode lives at ${RESPONSES_PATH}.`,
      },
      requestIds.next(),
    )
  })
  return {
    destroyAll() {
      for (const socket of sockets) socket.destroy()
    },
  }
}
