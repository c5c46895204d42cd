/**
 * Recording as the built package does it (dist/, built by the global setup): on a worker thread.
 * The record-* tests also run against dist/ (the `integration-built` vitest project); this file
 * checks that the worker is what records there, and that its cassette replays what the SDK got.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LEAK_KEY } from '../support/forwarding-proxy.js'
import { createMemoryLogger } from '../../src/util/logger.js'
import { FLOWS, readCassette, sdkClient, useFakeUpstream } from './record-support.js'

type StartTapedeck = typeof import('../../src/server/create-server.js').startTapedeck

const built = pathToFileURL(fileURLToPath(new URL('../../dist/server/create-server.js', import.meta.url))).href
const upstream = useFakeUpstream()

describe('recording with the built package', () => {
  it('records on a worker thread, and the cassette replays exactly what the SDK received', async () => {
    const { startTapedeck } = (await import(built)) as { startTapedeck: StartTapedeck }
    const cassette = join(upstream.folder.path, 'worker.yaml')
    const logger = createMemoryLogger()
    const recorder = await startTapedeck({ mode: 'record', upstream: upstream.fake.url, cassette, logger })
    const live = sdkClient(`${recorder.url}/v1`, LEAK_KEY)
    const recorded = [await FLOWS.responsesSse(live), await FLOWS.responsesJson(live), await FLOWS.chatTools(live)]
    await recorder.close()

    expect(logger.lines).toContainEqual({ level: 'debug', message: `Recording into ${cassette} on a worker thread.` })
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([])
    expect(recorder.stats().recorded).toBe(4)
    expect((await readCassette(cassette)).interactions.map((interaction) => interaction.transport)).toEqual([
      'sse',
      'http',
      'http',
      'sse',
    ])
    expect(await readFile(cassette, 'utf8')).not.toContain('LEAKCHECK')

    const replayer = await startTapedeck({ mode: 'replay', cassette, timing: 'instant' })
    const replay = sdkClient(`${replayer.url}/v1`)
    const replayed = [await FLOWS.responsesSse(replay), await FLOWS.responsesJson(replay), await FLOWS.chatTools(replay)]
    await replayer.close()
    expect(replayed).toEqual(recorded)
  })
})
