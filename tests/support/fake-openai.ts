/**
 * A fake OpenAI upstream for integration tests, on 127.0.0.1 and port 0. It speaks the wire
 * protocol as the real API does (Responses JSON/SSE, Responses WebSocket mode with its
 * connection-local cache, Chat Completions with tool calls, embeddings, models, a binary route),
 * answers deterministically from the request, and remembers every request it received.
 *
 * Behaviour is scripted by directives in the last user message or the `x-fake-script` header:
 * `[tool:NAME]`, `[error:STATUS]`, `[fail-mid-stream]`, `[cut:N]`, `[slow:MS]`, `[gzip]`, `[close:CODE]`
 * (see fake-openai/script.ts). Without directives it answers `You said: <last user text>`.
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer } from 'ws'
import { flattenHeaders } from '../../src/protocol/http-headers.js'
import { handleHttp } from './fake-openai/http-routes.js'
import { createFakeState, parseJsonBody, type ReceivedRequest } from './fake-openai/state.js'
import { serveResponsesSocket } from './fake-openai/ws-mode.js'

export type { ReceivedRequest } from './fake-openai/state.js'

/** Options of the fake upstream. */
export interface FakeOpenAIOptions {
  /** Delay between streamed events for every request (a `[slow:MS]` directive wins). */
  eventDelayMs?: number
}

/** A running fake upstream. */
export interface FakeOpenAI {
  /** Base URL including `/v1`: `http://127.0.0.1:PORT/v1`. */
  readonly url: string
  readonly port: number
  /** Every request received since start or `reset()`: HTTP, WS handshakes and WS client frames. */
  readonly requests: ReceivedRequest[]
  /** WebSocket connections accepted since start or `reset()`. */
  readonly wsConnections: number
  /** Close codes received from WebSocket clients since start or `reset()`. */
  readonly wsCloses: ReadonlyArray<{ code: number; reason: string }>
  /** Forget requests, stored responses and the id counter. */
  reset(): void
  /** Stop listening and drop every open connection. */
  close(): Promise<void>
}

/**
 * Start a fake OpenAI upstream.
 *
 * @example
 * const upstream = await startFakeOpenAI()
 * const client = new OpenAI({ baseURL: upstream.url, apiKey: 'sk-test', maxRetries: 0 })
 * await client.responses.create({ model: 'gpt-5.5', input: 'hi [slow:20]', stream: true })
 * upstream.requests[0]?.headers.authorization // 'Bearer sk-test'
 * await upstream.close()
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let state = createFakeState(options)
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    void readBody(req).then(async (raw) => {
      const { path, query } = splitUrl(req.url ?? '/')
      const text = raw.toString('utf8')
      const body = parseJsonBody(text)
      const headers = flattenHeaders(req.headers)
      state.requests.push({ kind: 'http', method: req.method ?? 'GET', path, query, headers, body, rawBody: text })
      try {
        await handleHttp(state, req, res, path, body)
      } catch (error) {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`fake upstream bug: ${String(error)}`)
      }
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const { path, query } = splitUrl(req.url ?? '/')
    const headers = flattenHeaders(req.headers)
    state.requests.push({ kind: 'ws-handshake', method: 'GET', path, query, headers, body: undefined, rawBody: '' })
    if (path !== '/v1/responses') {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (client) => {
      state.wsConnections += 1
      serveResponsesSocket(state, client)
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    get requests() {
      return state.requests
    },
    get wsConnections() {
      return state.wsConnections
    },
    get wsCloses() {
      return state.wsCloses
    },
    reset() {
      state = createFakeState(options)
    },
    async close() {
      for (const client of wss.clients) client.terminate()
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function splitUrl(target: string): { path: string; query: Record<string, string> } {
  const url = new URL(target, 'http://fake.invalid')
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) }
}
