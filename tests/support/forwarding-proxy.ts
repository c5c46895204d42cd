/**
 * A minimal record proxy for tests: a plain Node HTTP server that reads each body, hands it to
 * the HTTP forwarder, and relays `GET /v1/responses` upgrades through the WebSocket relay.
 * Every captured interaction is kept in `interactions`, in completion order.
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import type { Interaction } from '../../src/cassette/model.js'
import type { Redactor } from '../../src/record/redact.js'
import { createHttpForwarder } from '../../src/upstream/http-forward.js'
import { relayResponsesWebSocket } from '../../src/upstream/ws-relay.js'

/** A running test proxy. */
export interface ForwardingProxy {
  /** Base URL including `/v1`. */
  url: string
  interactions: Interaction[]
  /** Resolves once `count` interactions have been captured. */
  waitFor(count: number): Promise<Interaction[]>
  close(): Promise<void>
}

/**
 * Start a test proxy in front of `upstream`.
 *
 * @example
 * const proxy = await startForwardingProxy(fake.url)
 * const client = new OpenAI({ baseURL: proxy.url, apiKey: 'sk-test', maxRetries: 0 })
 */
export async function startForwardingProxy(upstream: string, redactor?: Redactor): Promise<ForwardingProxy> {
  const forwarder = createHttpForwarder({ upstream, ...(redactor ? { redactor } : {}) })
  const interactions: Interaction[] = []
  const waiters: Array<() => void> = []
  const capture = (interaction: Interaction | undefined) => {
    if (interaction !== undefined) interactions.push(interaction)
    for (const wake of waiters.splice(0)) wake()
  }
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => void forwarder.forward(req, res, Buffer.concat(chunks)).then(capture))
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (client) => {
      void relayResponsesWebSocket({ client, request: req, upstream, ...(redactor ? { redactor } : {}) }).then(capture)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/v1`,
    interactions,
    async waitFor(count) {
      while (interactions.length < count) await new Promise<void>((resolve) => waiters.push(resolve))
      return interactions
    },
    async close() {
      for (const client of wss.clients) client.terminate()
      for (const socket of sockets) socket.destroy()
      forwarder.close()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
