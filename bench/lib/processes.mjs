/**
 * Child-process plumbing: server children (server-child.mjs, driven over IPC) and load-generator
 * children (autocannon-runner.mjs, ws-load-client.mjs, ...), each in its own process.
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const SERVER_CHILD = fileURLToPath(new URL('./server-child.mjs', import.meta.url))
const TAIL_BYTES = 8192

function keepTail(stream) {
  let tail = ''
  stream?.setEncoding('utf8')
  stream?.on('data', (chunk) => {
    tail = (tail + chunk).slice(-TAIL_BYTES)
  })
  return () => tail
}

function exitMessage(child, stderrTail) {
  return `exited with code ${child.exitCode} signal ${child.signalCode}\n${stderrTail()}`
}

/**
 * Start one server in its own process and wait until it listens.
 *
 * @example
 * const server = await startServer({ kind: 'baseline-ws', mode: 'preframed', framesFile })
 * const { resources } = await server.stats()
 * await server.close()
 */
export async function startServer(config, { execArgv = [], label = config.kind, timeoutMs = 180_000 } = {}) {
  const child = fork(SERVER_CHILD, [JSON.stringify(config)], {
    execArgv,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  child.stdout.resume()
  const stderrTail = keepTail(child.stderr)
  const pending = new Map()
  let nextId = 1
  let exited = false
  child.on('exit', () => {
    exited = true
    for (const { reject } of pending.values()) reject(new Error(`${label} ${exitMessage(child, stderrTail)}`))
    pending.clear()
  })

  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start within ${timeoutMs} ms`)), timeoutMs)
    child.once('exit', () => {
      clearTimeout(timer)
      reject(new Error(`${label} ${exitMessage(child, stderrTail)}`))
    })
    child.on('message', (message) => {
      if (message.type === 'ready') {
        clearTimeout(timer)
        resolve(message)
      } else if (message.type === 'error') {
        clearTimeout(timer)
        reject(new Error(`${label} failed to start: ${message.message}`))
      } else if (message.id !== undefined) {
        pending.get(message.id)?.resolve(message)
        pending.delete(message.id)
      }
    })
  })

  const request = (type) =>
    new Promise((resolve, reject) => {
      if (exited) {
        reject(new Error(`${label} ${exitMessage(child, stderrTail)}`))
        return
      }
      const id = nextId++
      pending.set(id, { resolve, reject })
      child.send({ id, type })
    })

  return {
    label,
    port: ready.port,
    url: `http://127.0.0.1:${ready.port}`,
    loadMs: ready.loadMs,
    importMs: ready.importMs,
    startupResources: ready.resources,
    pid: child.pid,
    reset: () => request('reset'),
    stats: () => request('stats'),
    async close() {
      if (exited) return
      const done = new Promise((resolve) => child.once('exit', resolve))
      child.send({ id: nextId++, type: 'close' })
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await done
      clearTimeout(timer)
    },
  }
}

/**
 * Run a load-generator script to completion and return the JSON it prints last on stdout.
 *
 * @example
 * const result = await runClient('autocannon-runner.mjs', { url, connections: 64, durationSec: 5 })
 */
export async function runClient(script, args, { timeoutMs = 120_000 } = {}) {
  const child = fork(fileURLToPath(new URL(`./${script}`, import.meta.url)), [JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  let stdout = ''
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  const stderrTail = keepTail(child.stderr)
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  await new Promise((resolve) => child.once('exit', resolve))
  clearTimeout(timer)
  const lastLine = stdout.trim().split('\n').at(-1) ?? ''
  try {
    return JSON.parse(lastLine)
  } catch {
    throw new Error(`${script} ${exitMessage(child, stderrTail)}\nstdout: ${stdout.slice(-2000)}`)
  }
}

/**
 * The `load` of an `alternate()` contender that POSTs `body` as JSON to `path` on `server` with
 * autocannon: `ctx.warmupSec` long when warming up, `ctx.durationSec` when measured.
 *
 * @example
 * const load = (server) => autocannonLoad(ctx, server, { path: '/v1/responses', body, connections: 64 })
 * const summary = await alternate([{ name: 'tapedeck', server, load: load(server) }], ctx.reps)
 */
export function autocannonLoad(ctx, server, { path, body, connections }) {
  return ({ warmup }) =>
    runClient('autocannon-runner.mjs', {
      url: `${server.url}${path}`,
      body,
      headers: { 'content-type': 'application/json' },
      connections,
      durationSec: warmup ? ctx.warmupSec : ctx.durationSec,
    })
}

/**
 * Start a client that holds connections open: it reports `{ type: 'ready', ... }` over IPC once
 * they are established, and its final result after `finish()`.
 *
 * @example
 * const client = startHoldingClient('ws-load-client.mjs', { url, connections: 1000, mode: 'idle' })
 * const ready = await client.ready
 * const result = await client.finish()
 */
export function startHoldingClient(script, args, { timeoutMs = 120_000 } = {}) {
  const child = fork(fileURLToPath(new URL(`./${script}`, import.meta.url)), [JSON.stringify(args)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  const stderrTail = keepTail(child.stderr)
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const waitFor = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (message) => {
        if (message.type !== type) return
        child.off('message', onMessage)
        resolve(message)
      }
      child.on('message', onMessage)
      exited.then(() => reject(new Error(`${script} ${exitMessage(child, stderrTail)}`)))
    })
  const ready = waitFor('ready')
  ready.catch(() => {})
  return {
    ready,
    async finish() {
      const result = waitFor('result')
      child.send({ type: 'finish' })
      const message = await result
      await exited
      clearTimeout(timer)
      return message
    },
  }
}
