/**
 * Responses WebSocket mode in `record` and `passthrough`: every `GET /v1/responses` upgrade is
 * accepted and the whole connection is relayed to the upstream (and recorded in `record`).
 * @module
 */
import { WebSocketServer, type WebSocket } from 'ws'
import type { ServerWebSocketHandler } from './options.js'
import type { UpstreamBridge } from './upstream-bridge.js'

/** How long a client may take to answer our close frame on shutdown. */
const CLOSE_GRACE_MS = 500

/**
 * Create the upgrade handler that relays every connection.
 *
 * @example
 * const handler = createRelayUpgradeHandler(bridge)
 * server.on('upgrade', handler)
 * await handler.close()
 */
export function createRelayUpgradeHandler(bridge: UpstreamBridge): ServerWebSocketHandler {
  // The relay sends frames on unchanged, so neither side may negotiate compression; size limits
  // are the upstream's business.
  const server = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 0 })
  const handler = (...[request, socket, head]: Parameters<ServerWebSocketHandler>) => {
    server.handleUpgrade(request, socket, head, (client) => bridge.relayWebSocket(client, request))
  }
  const close = async () => {
    await Promise.all([...server.clients].map(closeClient))
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return Object.assign(handler, { close })
}

/** Close a client politely (the relay then closes the upstream side and settles). */
function closeClient(client: WebSocket): Promise<void> {
  if (client.readyState === client.CLOSED) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => client.terminate(), CLOSE_GRACE_MS)
    client.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
    client.close(1001, 'tapedeck is shutting down')
  })
}
