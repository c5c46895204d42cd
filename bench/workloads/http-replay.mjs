/**
 * W1 (Responses SSE stream of 108 events) and W2 (Responses JSON body of ~1.5 KB): replay through
 * tapedeck (`timing: instant`) against a bare `node:http` server writing the same bytes in one
 * write, at 1, 16 and 64 connections. With `--references`, W1 also measures a one-write-per-event
 * server and Express 5 at 64 connections, for context.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { answerHeaders, captureHttp } from '../lib/capture.mjs'
import { alternate, compareRow } from '../lib/compare.mjs'
import { STREAM_EVENT_COUNT, cassetteOf, jsonInteraction, responsesRequestBody, sseInteraction } from '../lib/fixtures.mjs'
import { autocannonLoad } from '../lib/processes.mjs'

/**
 * W1: SSE replay.
 *
 * @example
 * const { rows } = await runW1(ctx)
 */
export function runW1(ctx) {
  return runHttpReplay(ctx, {
    workload: 'W1',
    label: 'SSE replay, 108 events',
    cassette: cassetteOf('w1-sse', [sseInteraction()]),
    body: JSON.stringify(responsesRequestBody({ stream: true })),
    check: checkSseBody,
  })
}

/**
 * W2: JSON replay.
 *
 * @example
 * const { rows } = await runW2(ctx)
 */
export function runW2(ctx) {
  return runHttpReplay(ctx, {
    workload: 'W2',
    label: 'JSON replay, ~1.5 KB',
    cassette: cassetteOf('w2-json', [jsonInteraction()]),
    body: JSON.stringify(responsesRequestBody({ stream: false })),
    check: (body) => JSON.parse(body.toString('utf8')).object === 'response' || 'the body is not a Response object',
  })
}

/** Split an SSE body into its events (each ending with a blank line). */
export function splitSseEvents(body) {
  return body
    .toString('utf8')
    .split(/(?<=\n\n)/)
    .filter((event) => event.trim() !== '')
}

function checkSseBody(body) {
  const events = splitSseEvents(body)
  if (events.length !== STREAM_EVENT_COUNT) return `expected ${STREAM_EVENT_COUNT} events, got ${events.length}`
  const numbers = events.map((event) => JSON.parse(event.slice(event.indexOf('data: ') + 6)).sequence_number)
  return numbers.every((number, index) => number === index) || 'sequence_number is not 0..107'
}

async function runHttpReplay(ctx, { workload, label, cassette, body, check }) {
  const file = ctx.writer.write(ctx.tmpDir, `${workload.toLowerCase()}.yaml`, cassette)
  const tapedeck = await ctx.startTapedeck({ cassette: file, mode: 'replay', timing: 'instant' }, `tapedeck ${workload}`)
  const path = '/v1/responses'
  const captured = await captureHttp(`${tapedeck.url}${path}`, body)
  if (captured.status !== 200) {
    throw new Error(`${workload}: tapedeck answered ${captured.status}: ${captured.body.toString('utf8').slice(0, 500)}`)
  }
  const verdict = check(captured.body)
  if (verdict !== true) throw new Error(`${workload}: tapedeck's answer is not the fixture: ${verdict}`)

  const bodyFile = join(ctx.tmpDir, `${workload}-body.bin`)
  const eventsFile = join(ctx.tmpDir, `${workload}-events.json`)
  writeFileSync(bodyFile, captured.body)
  writeFileSync(eventsFile, JSON.stringify(splitSseEvents(captured.body)))
  const headers = answerHeaders(captured.headers)
  const baseline = await ctx.startServer({ kind: 'baseline-http', mode: 'single', bodyFile, headers }, `baseline ${workload}`)
  const fromBaseline = await captureHttp(`${baseline.url}${path}`, body)
  if (!fromBaseline.body.equals(captured.body)) throw new Error(`${workload}: the baseline does not serve tapedeck's bytes`)

  const load = (server, connections) => autocannonLoad(ctx, server, { path, body, connections })

  const rows = []
  for (const connections of ctx.connections) {
    ctx.log(`  ${workload} ${label}, ${connections} connections`)
    const summary = await alternate(
      [
        { name: 'tapedeck', server: tapedeck, load: load(tapedeck, connections) },
        { name: 'baseline', server: baseline, load: load(baseline, connections) },
      ],
      ctx.reps,
      ctx.log,
    )
    rows.push(
      compareRow({
        workload,
        label,
        connections,
        unit: 'req/s',
        tapedeck: summary.tapedeck,
        baseline: summary.baseline,
        baselineLabel: 'bare http, 1 write',
        minRatio: connections === 64 ? 0.7 : undefined,
      }),
    )
  }
  if (ctx.references && workload === 'W1') {
    rows.push(...(await referenceRows(ctx, { workload, label, tapedeck, load, bodyFile, eventsFile, headers })))
  }
  await Promise.all([tapedeck.close(), baseline.close()])
  return { rows, info: { bytes: captured.body.length, headers } }
}

/** Context rows: what naive servers do with the same stream at 64 connections. */
async function referenceRows(ctx, { workload, label, tapedeck, load, bodyFile, eventsFile, headers }) {
  const references = [
    { mode: 'per-event', baselineLabel: 'bare http, 1 write per event' },
    { mode: 'express', baselineLabel: 'Express 5 res.send, 1 buffer' },
  ]
  const rows = []
  for (const { mode, baselineLabel } of references) {
    const server = await ctx.startServer({ kind: 'baseline-http', mode, bodyFile, eventsFile, headers }, `reference ${mode}`)
    ctx.log(`  ${workload} reference: ${baselineLabel}, 64 connections`)
    const summary = await alternate(
      [
        { name: 'tapedeck', server: tapedeck, load: load(tapedeck, 64) },
        { name: 'reference', server, load: load(server, 64) },
      ],
      ctx.reps,
      ctx.log,
    )
    rows.push(
      compareRow({
        workload: `${workload} ref`,
        label,
        connections: 64,
        unit: 'req/s',
        tapedeck: summary.tapedeck,
        baseline: summary.reference,
        baselineLabel,
      }),
    )
    await server.close()
  }
  return rows
}
