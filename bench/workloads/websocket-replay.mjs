/**
 * W3: replay of a Responses WebSocket-mode turn (the same 108 events, one per text frame). One
 * connection per client; each sends the next `response.create` after `response.completed`.
 * Baseline: a bare `ws` server writing the pre-framed turn in one socket write. With
 * `--references`, also a `ws` server calling `send()` once per frame.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { captureWsTurn } from '../lib/capture.mjs'
import { alternate, compareRow } from '../lib/compare.mjs'
import { STREAM_EVENT_COUNT, cassetteOf, responseCreateFrame, websocketInteraction } from '../lib/fixtures.mjs'
import { runClient } from '../lib/processes.mjs'

const PATH = '/v1/responses'

/** The ws:// URL of a server child. */
export const wsUrl = (server) => `ws://127.0.0.1:${server.port}${PATH}`

/**
 * Write W3's cassette and start tapedeck on it (also used by W6).
 *
 * @example
 * const tapedeck = await startWebSocketTapedeck(ctx)
 */
export function startWebSocketTapedeck(ctx, label = 'tapedeck W3') {
  const file = ctx.writer.write(ctx.tmpDir, 'w3.yaml', cassetteOf('w3-websocket', [websocketInteraction()]))
  return ctx.startTapedeck({ cassette: file, mode: 'replay', timing: 'instant' }, label)
}

/**
 * Capture tapedeck's frames for one turn and start the pre-framed baseline on them.
 *
 * @example
 * const { baseline, frames } = await startWebSocketBaseline(ctx, tapedeck)
 */
export async function startWebSocketBaseline(ctx, tapedeck, mode = 'preframed') {
  const frame = JSON.stringify(responseCreateFrame())
  const frames = await captureWsTurn(wsUrl(tapedeck), frame)
  if (frames.length !== STREAM_EVENT_COUNT) {
    throw new Error(`W3: tapedeck answered ${frames.length} frames, expected ${STREAM_EVENT_COUNT}: ${frames[0]?.slice(0, 500)}`)
  }
  const framesFile = join(ctx.tmpDir, 'w3-frames.json')
  writeFileSync(framesFile, JSON.stringify(frames))
  const baseline = await ctx.startServer({ kind: 'baseline-ws', mode, framesFile }, `baseline ws ${mode}`)
  const fromBaseline = await captureWsTurn(wsUrl(baseline), frame)
  if (fromBaseline.join('\n') !== frames.join('\n')) throw new Error('W3: the baseline does not send tapedeck\'s frames')
  return { baseline, frames, frame, framesFile }
}

/**
 * W3: WebSocket turns per second.
 *
 * @example
 * const { rows } = await runW3(ctx)
 */
export async function runW3(ctx) {
  const tapedeck = await startWebSocketTapedeck(ctx)
  const { baseline, frame, framesFile } = await startWebSocketBaseline(ctx, tapedeck)
  const load = (server, connections) => ({ warmup }) =>
    runClient('ws-load-client.mjs', {
      mode: 'turns',
      url: wsUrl(server),
      frame,
      framesPerTurn: STREAM_EVENT_COUNT,
      connections,
      durationSec: warmup ? ctx.warmupSec : ctx.durationSec,
    })
  const label = 'WebSocket turn, 108 frames'
  const compare = async (other, otherName, connections) =>
    alternate(
      [
        { name: 'tapedeck', server: tapedeck, load: load(tapedeck, connections) },
        { name: otherName, server: other, load: load(other, connections) },
      ],
      ctx.reps,
      ctx.log,
    )

  const rows = []
  for (const connections of ctx.connections) {
    ctx.log(`  W3 ${label}, ${connections} connections`)
    const summary = await compare(baseline, 'baseline', connections)
    rows.push(
      compareRow({
        workload: 'W3',
        label,
        connections,
        unit: 'turns/s',
        tapedeck: summary.tapedeck,
        baseline: summary.baseline,
        baselineLabel: 'bare ws, pre-framed turn',
        minRatio: connections === 64 ? 0.7 : undefined,
      }),
    )
  }
  if (ctx.references) {
    const reference = await ctx.startServer({ kind: 'baseline-ws', mode: 'send', framesFile }, 'reference ws send')
    ctx.log('  W3 reference: ws.send() per frame, 64 connections')
    const summary = await compare(reference, 'reference', 64)
    rows.push(
      compareRow({
        workload: 'W3 ref',
        label,
        connections: 64,
        unit: 'turns/s',
        tapedeck: summary.tapedeck,
        baseline: summary.reference,
        baselineLabel: 'bare ws, send() per frame',
      }),
    )
    await reference.close()
  }
  await Promise.all([tapedeck.close(), baseline.close()])
  return { rows }
}
