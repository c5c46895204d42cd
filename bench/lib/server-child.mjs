/**
 * Entry point of every server process the suite measures (tapedeck, the baselines, the fake
 * upstream): one server per process, so RSS and CPU are per server and the load generator never
 * shares its event loop. Started by processes.mjs with `fork()`:
 *
 *   node bench/lib/server-child.mjs '<json config>'
 *
 * IPC protocol: the child sends `{ type: 'ready', port, loadMs }` (or `{ type: 'error' }`), then
 * answers `{ id, type: 'reset' | 'stats' | 'close' }` with `{ id, ... }`. `close` exits with 0 so
 * `--cpu-prof` can write its profile.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { createBaselineHttp } from './baseline-http.mjs'
import { createBaselineProxy } from './baseline-proxy.mjs'
import { createBaselineWs } from './baseline-ws.mjs'
import { createFakeUpstream } from './fake-upstream.mjs'
import { startResourceMeter } from './rss.mjs'

const HOST = '127.0.0.1'

const readEvents = (file) => JSON.parse(readFileSync(file, 'utf8')).map((text) => Buffer.from(text))

/** Each kind returns `{ port, close(), stats?() }`. */
const starters = {
  async tapedeck(config) {
    const importedAt = performance.now()
    const { startTapedeck } = await import(pathToFileURL(`${config.dist}/index.js`).href)
    const startedAt = performance.now()
    const running = await startTapedeck({ port: 0, host: HOST, ...config.options })
    return {
      port: running.port,
      importMs: round(startedAt - importedAt),
      // startTapedeck() alone: reading, parsing and indexing the cassettes, then listening.
      loadMs: round(performance.now() - startedAt),
      close: () => running.close(),
      stats: () => running.stats?.(),
    }
  },
  'baseline-http': async (config) => {
    const server = await createBaselineHttp({
      mode: config.mode,
      body: readFileSync(config.bodyFile),
      headers: config.headers,
      events: config.eventsFile ? readEvents(config.eventsFile) : [],
      offsets: config.offsets ?? [],
    })
    return listen(server)
  },
  'baseline-proxy': async (config) => listen(createBaselineProxy({ upstream: config.upstream })),
  'baseline-ws': async (config) => {
    const frames = JSON.parse(readFileSync(config.framesFile, 'utf8'))
    return listen(createBaselineWs({ mode: config.mode, frames }))
  },
  'fake-upstream': async (config) =>
    listen(
      createFakeUpstream({
        sseEvents: readEvents(config.sseEventsFile),
        jsonBody: readFileSync(config.jsonFile),
        pauseMs: config.pauseMs ?? 0,
      }),
    ),
}

function listen(server) {
  // Keep idle keep-alive sockets for as long as the load generator wants them.
  server.keepAliveTimeout = 60_000
  server.headersTimeout = 0
  server.requestTimeout = 0
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, HOST, () => {
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.()
            server.close(() => done())
          }),
      })
    })
  })
}

async function main() {
  const config = JSON.parse(process.argv[2] ?? '{}')
  const start = starters[config.kind]
  if (start === undefined) throw new Error(`Failed to start a bench server: unknown kind ${config.kind}`)
  const meter = startResourceMeter()
  const startedAt = performance.now()
  const server = await start(config)
  const loadMs = server.loadMs ?? round(performance.now() - startedAt)
  meter.reset()
  process.send({ type: 'ready', port: server.port, loadMs, importMs: server.importMs, resources: meter.read() })

  process.on('message', async (message) => {
    const reply = (body) => process.send({ id: message.id, ...body })
    if (message.type === 'reset') {
      meter.reset()
      reply({ ok: true })
    } else if (message.type === 'stats') {
      reply({ resources: meter.read(), server: safeStats(server) })
    } else if (message.type === 'close') {
      await Promise.race([server.close(), new Promise((done) => setTimeout(done, 2000))])
      reply({ ok: true })
      process.exit(0)
    }
  })
  process.on('SIGTERM', () => process.exit(0))
  process.on('disconnect', () => process.exit(0))
}

function round(ms) {
  return Math.round(ms * 10) / 10
}

function safeStats(server) {
  try {
    return JSON.parse(JSON.stringify(server.stats?.() ?? null))
  } catch {
    return null
  }
}

main().catch((error) => {
  process.send?.({ type: 'error', message: error?.stack ?? String(error) })
  process.exitCode = 1
  setTimeout(() => process.exit(1), 100)
})
