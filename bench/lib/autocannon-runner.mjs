/**
 * HTTP load generator: autocannon, run programmatically in its own process.
 *
 *   node bench/lib/autocannon-runner.mjs '{"url":"http://127.0.0.1:3000/v1/responses",
 *     "method":"POST","body":"{...}","headers":{...},"connections":64,"durationSec":5,"warmupSec":1}'
 *
 * Prints one JSON line: requests per second, latency percentiles (ms), errors, bytes per
 * response and this process's CPU use (so a saturated client can be told from a slow server).
 */
import autocannon from 'autocannon'
import { percentile } from './stats.mjs'

/**
 * autocannon's own histogram keeps whole milliseconds; the `response` event carries the
 * precise duration, so latencies are collected here when `latencies` is given.
 */
async function run(args, durationSec, latencies) {
  const instance = autocannon({
    url: args.url,
    method: args.method ?? 'POST',
    body: args.body,
    headers: args.headers ?? {},
    connections: args.connections,
    duration: durationSec,
    timeout: 20,
  })
  if (latencies) {
    instance.on('response', (client, statusCode, bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
    })
  }
  return instance
}

async function main() {
  const args = JSON.parse(process.argv[2])
  if (args.warmupSec > 0) await run(args, args.warmupSec)
  const cpuStart = process.cpuUsage()
  const wallStart = performance.now()
  const latencies = []
  const result = await run(args, args.durationSec, latencies)
  latencies.sort((a, b) => a - b)
  const cpu = process.cpuUsage(cpuStart)
  const wallMs = performance.now() - wallStart
  const completed = result.requests.total
  const seconds = result.duration > 0 ? result.duration : args.durationSec
  process.stdout.write(
    `${JSON.stringify({
      rps: completed / seconds,
      requests: completed,
      durationSec: seconds,
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? 0),
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      bytesPerResponse: completed > 0 ? Math.round(result.throughput.total / completed) : 0,
      clientCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 1000) / 10,
    })}\n`,
  )
}

const round = (value) => Math.round(value * 1000) / 1000

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`)
  process.exit(1)
})
