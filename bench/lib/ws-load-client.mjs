/**
 * WebSocket load generator (a small `ws` client in its own process).
 *
 * - `turns` (W3): `connections` sockets; each sends the `response.create` frame, counts the
 *   server frames, and sends the next turn as soon as `response.completed` arrives. Prints one
 *   JSON line with turns per second and turn latency (send to `response.completed`).
 * - `idle` (W6): opens `connections` sockets, reports `{ type: 'ready' }` over IPC, holds them
 *   until told to finish, then reports `{ type: 'result' }`.
 *
 *   node bench/lib/ws-load-client.mjs '{"mode":"turns","url":"ws://127.0.0.1:3000/v1/responses",
 *     "connections":64,"durationSec":5,"warmupSec":1,"frame":"{...}","framesPerTurn":108}'
 */
import WebSocket from 'ws'
import { percentile } from './stats.mjs'

const TERMINAL = ['response.completed', 'response.failed', 'response.incomplete']

/** The event type sits in the first bytes of every frame (`{"type":"...`), so peek there only. */
function frameType(data) {
  const head = data.toString('latin1', 0, Math.min(data.length, 64))
  if (head.includes('"type":"error"')) return 'error'
  return TERMINAL.find((type) => head.includes(`"${type}"`)) ?? 'event'
}

function open(url) {
  return new Promise((resolve) => {
    // The client must not be the bottleneck: frames are only counted, so skip UTF-8 validation.
    const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 0, skipUTF8Validation: true })
    socket.once('open', () => resolve({ socket }))
    socket.once('error', (error) => resolve({ error: error.message }))
  })
}

async function openAll(url, count, batch = 100) {
  const sockets = []
  const failures = []
  for (let start = 0; start < count; start += batch) {
    const opened = await Promise.all(Array.from({ length: Math.min(batch, count - start) }, () => open(url)))
    for (const { socket, error } of opened) (socket ? sockets : failures).push(socket ?? error)
  }
  return { sockets, failures }
}

async function runTurns(args) {
  const { sockets, failures } = await openAll(args.url, args.connections)
  const stats = { turns: 0, errors: 0, wrongFrameCount: 0, latencies: [] }
  let recording = false
  let stopped = false

  for (const socket of sockets) {
    let frames = 0
    let sentAt = 0
    const send = () => {
      frames = 0
      sentAt = performance.now()
      socket.send(args.frame)
    }
    socket.on('message', (data) => {
      frames++
      const type = frameType(data)
      if (type === 'event') return
      if (recording) {
        if (type === 'error') stats.errors++
        else {
          stats.turns++
          stats.latencies.push(performance.now() - sentAt)
          if (args.framesPerTurn && frames !== args.framesPerTurn) stats.wrongFrameCount++
        }
      }
      // An error answer would repeat forever: park the connection instead.
      if (!stopped && type !== 'error') send()
    })
    socket.on('error', () => {})
    send()
  }

  await sleep((args.warmupSec ?? 0) * 1000)
  recording = true
  const cpuStart = process.cpuUsage()
  const startedAt = performance.now()
  await sleep(args.durationSec * 1000)
  recording = false
  stopped = true
  const wallMs = performance.now() - startedAt
  const cpu = process.cpuUsage(cpuStart)
  for (const socket of sockets) socket.terminate()
  stats.latencies.sort((a, b) => a - b)
  return {
    rps: stats.turns / (wallMs / 1000),
    turns: stats.turns,
    durationSec: wallMs / 1000,
    p50: round(percentile(stats.latencies, 50)),
    p90: round(percentile(stats.latencies, 90)),
    p99: round(percentile(stats.latencies, 99)),
    max: round(stats.latencies.at(-1) ?? 0),
    errors: stats.errors + failures.length,
    connectFailures: failures.slice(0, 3),
    wrongFrameCount: stats.wrongFrameCount,
    clientCpuPercent: round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
  }
}

async function holdIdle(args) {
  const startedAt = performance.now()
  const { sockets, failures } = await openAll(args.url, args.connections)
  let closedEarly = 0
  for (const socket of sockets) socket.on('close', () => closedEarly++)
  process.send({
    type: 'ready',
    opened: sockets.length,
    failed: failures.length,
    openMs: Math.round(performance.now() - startedAt),
  })
  await new Promise((resolve) => process.on('message', (message) => message.type === 'finish' && resolve()))
  const stillOpen = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length
  for (const socket of sockets) socket.terminate()
  process.send({ type: 'result', opened: sockets.length, stillOpen, closedEarly }, () => process.exit(0))
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const round = (value) => Math.round(value * 100) / 100

async function main() {
  const args = JSON.parse(process.argv[2])
  if (args.mode === 'idle') {
    await holdIdle(args)
    return
  }
  const result = await runTurns(args)
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.exit(0)
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`)
  process.exit(1)
})
