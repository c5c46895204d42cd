/**
 * A minimal record proxy for tests: a plain Node HTTP server that reads each body, hands it to
 * the HTTP forwarder, and relays `GET /v1/responses` upgrades through the WebSocket relay.
 * Every captured interaction is kept in `interactions`, in completion order.
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { WebSocketServer } from 'ws'
import type { Interaction } from '../../src/cassette/model.js'
import { interactionFromCapture } from '../../src/record/http-capture.js'
import { createRedactor, type Redactor } from '../../src/record/redact.js'
import { createHttpForwarder } from '../../src/upstream/http-forward.js'
import { relayResponsesWebSocket } from '../../src/upstream/ws-relay.js'
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js'
import { setInBeforeAll } from './set-in-before-all.js'

/**
 * The API key the forwarding tests send: it must reach the upstream untouched, and its
 * `LEAKCHECK` marker must never appear in a captured interaction.
 */
export const LEAK_KEY = 'sk-tapedeck-LEAKCHECK-0123456789abcdef'

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
  const forwarder = createHttpForwarder({ upstream })
  const redaction = redactor ?? createRedactor()
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
    req.on('end', () => {
      void forwarder
        .forward(req, res, Buffer.concat(chunks))
        .then((captured) => (captured === undefined ? undefined : interactionFromCapture(captured, redaction)))
        .then(capture)
    })
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

/**
 * Start a test proxy whose upstream is down: a fake upstream is started and stopped again, so
 * its port refuses connections. `upstream` is that URL, as the proxy's errors name it.
 *
 * @example
 * const { proxy, upstream } = await startProxyToDeadUpstream()
 * try {
 *   // ...expect a 502 naming `upstream`
 * } finally {
 *   await proxy.close()
 * }
 */
export async function startProxyToDeadUpstream(): Promise<{ proxy: ForwardingProxy; upstream: string }> {
  const dead = await startFakeOpenAI()
  await dead.close()
  return { proxy: await startForwardingProxy(dead.url), upstream: dead.url }
}

/** What {@link useForwardingProxy} provides, once the file's tests start. */
export interface ForwardingContext {
  readonly fake: FakeOpenAI
  readonly proxy: ForwardingProxy
  /** An SDK client of the proxy, sending {@link LEAK_KEY}, without retries. */
  readonly client: OpenAI
}

/**
 * Start a fake OpenAI upstream and a test proxy in front of it before the tests of a file, stop
 * them after, and forget earlier requests and captures before each test, so every test sees
 * only its own. Call it at the top level of the test file; read the fields inside tests.
 *
 * @example
 * const forwarding = useForwardingProxy()
 * it('captures', async () => {
 *   await forwarding.client.models.list()
 *   const [interaction] = await forwarding.proxy.waitFor(1)
 * })
 */
export function useForwardingProxy(): ForwardingContext {
  let fake: FakeOpenAI | undefined
  let proxy: ForwardingProxy | undefined
  let client: OpenAI | undefined
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    proxy = await startForwardingProxy(fake.url)
    client = new OpenAI({ baseURL: proxy.url, apiKey: LEAK_KEY, maxRetries: 0 })
  })
  afterAll(async () => {
    await proxy?.close()
    await fake?.close()
  })
  beforeEach(() => {
    fake?.reset()
    if (proxy !== undefined) proxy.interactions.length = 0
  })
  const started = <T>(value: T | undefined): T => setInBeforeAll(value, 'useForwardingProxy()')
  return {
    get fake() {
      return started(fake)
    },
    get proxy() {
      return started(proxy)
    },
    get client() {
      return started(client)
    },
  }
}
