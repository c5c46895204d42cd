/**
 * Time-to-first-byte client (W4): sends requests one after another on each of `connections`
 * keep-alive connections and times the response headers, the first body byte and the end. With
 * `gapMs`, each connection waits that long between requests (so a server's after-the-fact work
 * on one exchange, such as writing a recording, is not counted in the next one's latency).
 *
 *   node bench/lib/ttfb-client.mjs '{"url":"http://127.0.0.1:3000/v1/responses","body":"{...}",
 *     "connections":1,"durationSec":2,"warmupSec":0.5}'
 *
 * Prints one JSON line with p50/p99 of each, in milliseconds.
 */
import http from 'node:http'
import { percentile } from './stats.mjs'

function timeOne(agent, url, body, headers) {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now()
    let headersAt = 0
    let firstByteAt = 0
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } })
    req.on('response', (res) => {
      headersAt = performance.now()
      res.on('data', () => {
        if (firstByteAt === 0) firstByteAt = performance.now()
      })
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headersMs: headersAt - startedAt,
          firstByteMs: (firstByteAt || performance.now()) - startedAt,
          totalMs: performance.now() - startedAt,
        }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function loop(args, agent, until, samples) {
  while (performance.now() < until) {
    const sample = await timeOne(agent, args.url, args.body, args.headers ?? { 'content-type': 'application/json' })
    samples?.push(sample)
    if (args.gapMs > 0) await new Promise((resolve) => setTimeout(resolve, args.gapMs))
  }
}

async function main() {
  const args = JSON.parse(process.argv[2])
  const connections = args.connections ?? 1
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const lanes = Array.from({ length: connections })
  const warmupUntil = performance.now() + (args.warmupSec ?? 0) * 1000
  await Promise.all(lanes.map(() => loop(args, agent, warmupUntil)))
  const samples = []
  const cpuStart = process.cpuUsage()
  const startedAt = performance.now()
  const until = startedAt + args.durationSec * 1000
  await Promise.all(lanes.map(() => loop(args, agent, until, samples)))
  const wallMs = performance.now() - startedAt
  const cpu = process.cpuUsage(cpuStart)
  agent.destroy()
  const summary = (key) => {
    const sorted = samples.map((sample) => sample[key]).sort((a, b) => a - b)
    return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)) }
  }
  process.stdout.write(
    `${JSON.stringify({
      requests: samples.length,
      rps: samples.length / (wallMs / 1000),
      non2xx: samples.filter((sample) => sample.status < 200 || sample.status > 299).length,
      headers: summary('headersMs'),
      firstByte: summary('firstByteMs'),
      total: summary('totalMs'),
      clientCpuPercent: round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
    })}\n`,
  )
}

const round = (value) => Math.round(value * 1000) / 1000

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`)
  process.exit(1)
})
