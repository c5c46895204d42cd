/**
 * W4: record mode. The same requests go straight to a fake upstream, or through tapedeck in
 * record mode to that upstream. Measured: the time to first byte tapedeck adds (one connection;
 * requests 20 ms apart, and back to back), that streams are never buffered (an upstream that
 * pauses 200 ms after its first events must not delay them), and throughput at 64 connections.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { alternate, compareRow } from '../lib/compare.mjs'
import { responsesJsonBody, responsesRequestBody, responsesStreamEvents } from '../lib/fixtures.mjs'
import { autocannonLoad, runClient } from '../lib/processes.mjs'
import { median } from '../lib/stats.mjs'

const PATH = '/v1/responses'
const PAUSE_MS = 200
const MAX_ADDED_TTFB_MS = 1
const GAP_MS = 20

function writeUpstreamFixtures(ctx) {
  const sseEventsFile = join(ctx.tmpDir, 'w4-upstream-events.json')
  const jsonFile = join(ctx.tmpDir, 'w4-upstream.json')
  const events = responsesStreamEvents().map((data) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`)
  writeFileSync(sseEventsFile, JSON.stringify(events))
  writeFileSync(jsonFile, JSON.stringify(responsesJsonBody()))
  return { sseEventsFile, jsonFile }
}

/**
 * W4: record-mode overhead.
 *
 * @example
 * const { rows } = await runW4(ctx)
 */
export async function runW4(ctx) {
  const fixtures = writeUpstreamFixtures(ctx)
  const upstream = await ctx.startServer({ kind: 'fake-upstream', ...fixtures }, 'fake upstream')
  const pausing = await ctx.startServer({ kind: 'fake-upstream', ...fixtures, pauseMs: PAUSE_MS }, 'fake upstream (pausing)')
  // A fresh recorder (and cassette) per row: the file grows with every request, and a row
  // should not inherit the previous row's cassette.
  let recorders = 0
  const recordVia = (target, name) => {
    recorders++
    return ctx.startTapedeck(
      { mode: 'record', upstream: target.url, cassette: join(ctx.tmpDir, `w4-${recorders}-${name}.yaml`) },
      `tapedeck W4 record ${name}`,
    )
  }
  const recordings = []
  const finish = async (server) => {
    const { server: stats } = await server.stats()
    await server.close()
    recordings.push({ label: server.label, recorded: stats?.recorded, forwarded: stats?.forwarded })
  }
  const sseBody = JSON.stringify(responsesRequestBody({ stream: true }))
  const jsonBody = JSON.stringify(responsesRequestBody({ stream: false }))
  const rows = []
  const addedByGap = {}

  // Back to back, the next request also waits for whatever tapedeck does after the previous
  // exchange (redacting, validating and writing the recording); with a gap it does not.
  for (const { gapMs, label } of [
    { gapMs: GAP_MS, label: `record, added time to first byte (SSE, ${GAP_MS} ms apart)` },
    { gapMs: 0, label: 'record, added time to first byte (SSE, back to back)' },
  ]) {
    ctx.log(`  W4 time to first byte, SSE, 1 connection, ${gapMs} ms between requests`)
    const tapedeck = await recordVia(upstream, 'fast')
    // References: the same hop without recording (tapedeck passthrough), and a bare http-proxy
    // forwarder, which shows what the hop itself costs on this machine.
    const passthrough = await ctx.startTapedeck({ mode: 'passthrough', upstream: upstream.url }, 'tapedeck W4 passthrough')
    const bareProxy = await ctx.startServer({ kind: 'baseline-proxy', upstream: upstream.url }, 'bare http-proxy')
    const ttfb = (server) => ({ warmup }) =>
      firstByteRun({
        url: `${server.url}${PATH}`,
        body: sseBody,
        connections: 1,
        gapMs,
        durationSec: warmup ? ctx.warmupSec : ctx.quick ? 1 : 2,
      })
    const firstByte = await alternate(
      [
        { name: 'tapedeck', server: tapedeck, load: ttfb(tapedeck) },
        { name: 'passthrough', server: passthrough, load: ttfb(passthrough) },
        { name: 'bareProxy', server: bareProxy, load: ttfb(bareProxy) },
        { name: 'direct', server: upstream, load: ttfb(upstream) },
      ],
      ctx.reps,
      ctx.log,
    )
    await finish(tapedeck)
    await Promise.all([passthrough.close(), bareProxy.close()])
    const added = pairedDifference(firstByte.tapedeck.runs, firstByte.direct.runs)
    addedByGap[gapMs] = {
      record: added,
      passthrough: pairedDifference(firstByte.passthrough.runs, firstByte.direct.runs),
      bareProxy: pairedDifference(firstByte.bareProxy.runs, firstByte.direct.runs),
    }
    rows.push(
      latencyRow({
        label,
        summary: firstByte,
        added,
        pass: added < MAX_ADDED_TTFB_MS && firstByte.tapedeck.errors === 0,
        target: `< ${MAX_ADDED_TTFB_MS} ms added`,
      }),
    )
    for (const [name, what] of [
      ['passthrough', 'passthrough (no recording)'],
      ['bareProxy', 'bare http-proxy forwarder (reference)'],
    ]) {
      rows.push(
        latencyRow({
          label: `${what}, added time to first byte (SSE, ${gapMs === 0 ? 'back to back' : `${gapMs} ms apart`})`,
          summary: { tapedeck: firstByte[name], direct: firstByte.direct },
          added: addedByGap[gapMs][name],
          pass: null,
          target: '',
        }),
      )
    }
  }

  ctx.log(`  W4 streaming through: upstream pauses ${PAUSE_MS} ms after 2 events`)
  const tapedeckPausing = await recordVia(pausing, 'pausing')
  const pausedLoad = (server) => () => firstByteRun({ url: `${server.url}${PATH}`, body: sseBody, connections: 1, durationSec: 1 })
  const paused = await alternate(
    [
      { name: 'tapedeck', server: tapedeckPausing, load: pausedLoad(tapedeckPausing) },
      { name: 'direct', server: pausing, load: pausedLoad(pausing) },
    ],
    1,
    ctx.log,
  )
  await finish(tapedeckPausing)
  const unbuffered = paused.tapedeck.p50 < PAUSE_MS / 2 && paused.tapedeck.errors === 0
  rows.push(
    latencyRow({
      label: `record, first byte before a ${PAUSE_MS} ms upstream pause`,
      summary: paused,
      added: paused.tapedeck.p50 - paused.direct.p50,
      pass: unbuffered,
      target: `< ${PAUSE_MS / 2} ms (not buffered)`,
    }),
  )

  for (const [kind, body] of [
    ['SSE', sseBody],
    ['JSON', jsonBody],
  ]) {
    ctx.log(`  W4 record throughput, ${kind}, 64 connections`)
    const tapedeck = await recordVia(upstream, 'fast')
    const load = (server) => autocannonLoad(ctx, server, { path: PATH, body, connections: 64 })
    const summary = await alternate(
      [
        { name: 'tapedeck', server: tapedeck, load: load(tapedeck) },
        { name: 'direct', server: upstream, load: load(upstream) },
      ],
      ctx.reps,
      ctx.log,
    )
    rows.push(
      compareRow({
        workload: 'W4',
        label: `record throughput, ${kind}`,
        connections: 64,
        unit: 'req/s',
        tapedeck: summary.tapedeck,
        baseline: summary.direct,
        baselineLabel: 'fake upstream, direct',
      }),
    )
    await finish(tapedeck)
  }
  await Promise.all([upstream, pausing].map((server) => server.close()))
  return { rows, info: { pauseMs: PAUSE_MS, gapMs: GAP_MS, addedFirstByteMs: addedByGap, recordings } }
}

/** ttfb-client.mjs, its first-byte percentiles as the p50 and p99 that alternate() summarises. */
function firstByteRun(args) {
  return runClient('ttfb-client.mjs', args).then((result) => ({ ...result, p50: result.firstByte.p50, p99: result.firstByte.p99 }))
}

/** Median of the per-repetition differences in first-byte p50 (runs of a pair were back to back). */
function pairedDifference(ownRuns, otherRuns) {
  return median(ownRuns.flatMap((run, index) => (otherRuns[index] ? [run.p50 - otherRuns[index].p50] : [])))
}

function latencyRow({ label, summary, added, pass, target }) {
  const row = compareRow({
    workload: 'W4',
    label,
    connections: 1,
    unit: 'ms',
    tapedeck: summary.tapedeck,
    baseline: summary.direct,
    baselineLabel: 'fake upstream, direct',
  })
  return { ...row, ratio: undefined, addedMs: added, target: { text: target, pass } }
}
