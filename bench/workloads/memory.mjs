/**
 * W6: memory. Server RSS while holding 1,000 idle WebSocket connections (tapedeck vs the bare
 * `ws` baseline), and while streaming 1,000 concurrent slow SSE answers (tapedeck replaying with
 * recorded timing, events 500 ms apart, vs a bare `http` server writing the same events on the
 * same schedule). RSS is read once every connection is established and has settled for a second.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { answerHeaders, captureHttp } from '../lib/capture.mjs'
import { cassetteOf, responsesRequestBody, sseInteraction } from '../lib/fixtures.mjs'
import { startHoldingClient } from '../lib/processes.mjs'
import { splitSseEvents } from './http-replay.mjs'
import { startWebSocketBaseline, startWebSocketTapedeck, wsUrl } from './websocket-replay.mjs'

const CONNECTIONS = 1_000
const MAX_IDLE_WS_RSS_MB = 150
const SETTLE_MS = 1_000

/**
 * W6: RSS under many open connections.
 *
 * @example
 * const { rows } = await runW6(ctx)
 */
export async function runW6(ctx) {
  const rows = []
  ctx.log(`  W6 ${CONNECTIONS} idle WebSocket connections`)
  const tapedeck = await startWebSocketTapedeck(ctx, 'tapedeck W6 ws')
  const { baseline } = await startWebSocketBaseline(ctx, tapedeck)
  const idle = {}
  for (const [name, server] of [
    ['tapedeck', tapedeck],
    ['baseline', baseline],
  ]) {
    idle[name] = await holdAndMeasure(ctx, server, 'ws-load-client.mjs', { mode: 'idle', url: wsUrl(server), connections: CONNECTIONS })
  }
  await Promise.all([tapedeck.close(), baseline.close()])
  rows.push(
    memoryRow({
      label: `${CONNECTIONS} idle WebSocket connections`,
      tapedeck: idle.tapedeck,
      baseline: idle.baseline,
      baselineLabel: 'bare ws',
      target: { text: `< ${MAX_IDLE_WS_RSS_MB} MB`, pass: idle.tapedeck.ok && idle.tapedeck.rssNowMB < MAX_IDLE_WS_RSS_MB },
    }),
  )

  ctx.log(`  W6 ${CONNECTIONS} concurrent slow SSE streams`)
  const slow = await slowStreams(ctx)
  rows.push(memoryRow({ label: `${CONNECTIONS} concurrent slow SSE streams`, ...slow, baselineLabel: 'bare http, same schedule', target: { text: '', pass: null } }))
  return { rows }
}

async function slowStreams(ctx) {
  const interaction = sseInteraction({ pace: 'slow' })
  const file = ctx.writer.write(ctx.tmpDir, 'w6-slow.yaml', cassetteOf('w6-slow', [interaction]))
  const tapedeck = await ctx.startTapedeck({ cassette: file, mode: 'replay', timing: 'recorded' }, 'tapedeck W6 slow sse')
  const body = JSON.stringify(responsesRequestBody({ stream: true }))
  // The instant twin gives the exact bytes; the baseline writes them on the recorded schedule.
  const instantFile = ctx.writer.write(ctx.tmpDir, 'w6-instant.yaml', cassetteOf('w6-instant', [interaction]))
  const instant = await ctx.startTapedeck({ cassette: instantFile, mode: 'replay', timing: 'instant' }, 'tapedeck W6 capture')
  const captured = await captureHttp(`${instant.url}/v1/responses`, body)
  await instant.close()
  if (captured.status !== 200) throw new Error(`W6: tapedeck answered ${captured.status}: ${captured.body.toString('utf8').slice(0, 300)}`)
  const eventsFile = join(ctx.tmpDir, 'w6-events.json')
  const bodyFile = join(ctx.tmpDir, 'w6-body.bin')
  writeFileSync(eventsFile, JSON.stringify(splitSseEvents(captured.body)))
  writeFileSync(bodyFile, captured.body)
  const baseline = await ctx.startServer(
    {
      kind: 'baseline-http',
      mode: 'slow',
      bodyFile,
      eventsFile,
      headers: answerHeaders(captured.headers),
      offsets: interaction.response.events.map((event) => event.at),
    },
    'baseline slow sse',
  )
  const measured = {}
  for (const [name, server] of [
    ['tapedeck', tapedeck],
    ['baseline', baseline],
  ]) {
    measured[name] = await holdAndMeasure(ctx, server, 'sse-hold-client.mjs', {
      url: `${server.url}/v1/responses`,
      connections: CONNECTIONS,
      body,
    })
  }
  await Promise.all([tapedeck.close(), baseline.close()])
  return measured
}

async function holdAndMeasure(ctx, server, script, args) {
  await server.reset()
  const before = (await server.stats()).resources
  const client = startHoldingClient(script, args)
  const ready = await client.ready
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
  const during = (await server.stats()).resources
  const result = await client.finish()
  const held = ready.opened ?? ready.streaming ?? 0
  const ok = held === args.connections && (result.endedBeforeFinish ?? 0) === 0 && (result.closedEarly ?? 0) === 0
  ctx.log(
    `    ${server.label}: ${held}/${args.connections} held (${ready.openMs} ms to open), rss ${before.rssNowMB} -> ${during.rssNowMB} MB (peak ${during.rssPeakMB})${ok ? '' : ` PROBLEM: ${JSON.stringify({ ready, result })}`}`,
  )
  return { ok, held, rssIdleMB: before.rssNowMB, rssNowMB: during.rssNowMB, rssPeakMB: during.rssPeakMB, ready, result }
}

function memoryRow({ label, tapedeck, baseline, baselineLabel, target }) {
  return {
    workload: 'W6',
    label,
    connections: CONNECTIONS,
    unit: 'MB',
    tapedeck: { ...tapedeck, value: tapedeck.rssNowMB },
    baseline: { label: baselineLabel, ...baseline, value: baseline.rssNowMB },
    ratio: baseline.rssNowMB ? tapedeck.rssNowMB / baseline.rssNowMB : undefined,
    target,
  }
}
