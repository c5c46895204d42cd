/**
 * W5: scale. W1's request replayed from cassettes of 10, 1,000 and 100,000 interactions (the
 * stream is the last interaction; the others are small JSON exchanges with distinct prompts), so
 * a lookup that scans pays for every filler while an indexed one stays flat. Also the time
 * `startTapedeck()` takes to read, parse and index each cassette.
 */
import { statSync } from 'node:fs'
import { alternate, compareRow } from '../lib/compare.mjs'
import { responsesRequestBody, scaleCassette } from '../lib/fixtures.mjs'
import { autocannonLoad } from '../lib/processes.mjs'
import { median } from '../lib/stats.mjs'

const PATH = '/v1/responses'
// The 100,000-interaction cassette parses into more than the default heap on some builds.
const EXEC_ARGV = ['--max-old-space-size=8192']

/**
 * W5: throughput and load time against cassette size.
 *
 * @example
 * const { rows } = await runW5(ctx)
 */
export async function runW5(ctx) {
  const sizes = ctx.quick ? [10, 1_000, 10_000] : [10, 1_000, 100_000]
  const body = JSON.stringify(responsesRequestBody({ stream: true }))
  const instances = []
  const rows = []
  for (const size of sizes) {
    ctx.log(`  W5 writing and loading a cassette of ${size} interactions`)
    const name = `w5-${size}.yaml`
    const file =
      size > 1_000 ? ctx.writer.writeCached(ctx.tmpDir, name, () => scaleCassette(size)) : ctx.writer.write(ctx.tmpDir, name, scaleCassette(size))
    // Small cassettes load in milliseconds: take the median of a few starts.
    const starts = size <= 1_000 && !ctx.quick ? 3 : 1
    const loads = []
    let server
    for (let index = 0; index < starts; index++) {
      await server?.close()
      server = await ctx.startTapedeck({ cassette: file, mode: 'replay', timing: 'instant' }, `tapedeck W5 ${size}`, {
        execArgv: EXEC_ARGV,
      })
      loads.push(server.loadMs)
    }
    const loadMs = median(loads)
    ctx.log(`    loaded in ${loadMs} ms (import ${server.importMs} ms), rss ${server.startupResources.rssNowMB} MB`)
    instances.push({ size, server, loadMs, fileMB: statSync(file).size / 1024 / 1024 })
  }

  ctx.log('  W5 throughput by cassette size, SSE, 64 connections')
  const load = (server) => autocannonLoad(ctx, server, { path: PATH, body, connections: 64 })
  const summary = await alternate(
    instances.map(({ size, server }) => ({ name: String(size), server, load: load(server) })),
    ctx.reps,
    ctx.log,
  )
  const smallest = instances[0]
  for (const { size } of instances.slice(1)) {
    rows.push(
      compareRow({
        workload: 'W5',
        label: `SSE replay, cassette of ${size.toLocaleString('en-US')}`,
        connections: 64,
        unit: 'req/s',
        tapedeck: summary[String(size)],
        baseline: summary[String(smallest.size)],
        baselineLabel: `tapedeck, cassette of ${smallest.size}`,
        minRatio: size === 100_000 ? 0.9 : undefined,
      }),
    )
  }
  for (const { size, server, loadMs, fileMB } of instances) {
    rows.push({
      workload: 'W5',
      label: `load a cassette of ${size.toLocaleString('en-US')} (${fileMB.toFixed(1)} MB YAML)`,
      connections: undefined,
      unit: 'ms',
      tapedeck: { p50: loadMs, rssPeakMB: server.startupResources.rssNowMB, importMs: server.importMs },
      baseline: undefined,
      ratio: undefined,
      target: size === 1_000 ? { text: '< 1000 ms', pass: loadMs < 1000 } : { text: '', pass: null },
    })
  }
  await Promise.all(instances.map(({ server }) => server.close()))
  return { rows, info: { sizes } }
}
