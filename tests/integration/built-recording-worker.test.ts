/**
 * Recording as the built package does it (dist/, built by the global setup): on a worker thread.
 * The record-* tests also run against dist/ (the `integration-built` vitest project); this file
 * checks that the worker is what records there, that its cassette replays what the SDK got, and
 * that one worker serves several cassettes at once.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { HttpInteraction } from '../../src/cassette/model.js'
import { LEAK_KEY } from '../support/forwarding-proxy.js'
import { createMemoryLogger } from '../../src/util/logger.js'
import { FLOWS, readCassette, sdkClient, useFakeUpstream } from './record-support.js'

type StartTapedeck = typeof import('../../src/server/create-server.js').startTapedeck

const built = pathToFileURL(fileURLToPath(new URL('../../dist/server/create-server.js', import.meta.url))).href
const upstream = useFakeUpstream()

/** The worker sink module of dist/, whose recording runs on the worker thread. */
function builtWorkerSinks(): Promise<typeof import('../../src/record/worker-sink.js')> {
  return import(pathToFileURL(fileURLToPath(new URL('../../dist/record/worker-sink.js', import.meta.url))).href)
}

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

  it('decodes a gzip stream on the worker, each event timed by the chunk that brought it', async () => {
    const { startTapedeck } = (await import(built)) as { startTapedeck: StartTapedeck }
    const cassette = join(upstream.folder.path, 'gzip.yaml')
    const recorder = await startTapedeck({ mode: 'record', upstream: upstream.fake.url, cassette })
    const client = sdkClient(`${recorder.url}/v1`)
    const final = await client.responses.stream({ model: 'gpt-5.5', input: 'a b c d [gzip] [slow:20]' }).finalResponse()
    await recorder.close()

    expect(final.output_text).toBe('You said: a b c d')
    const [recorded] = (await readCassette(cassette)).interactions
    if (recorded?.transport !== 'sse') throw new Error(`expected one SSE interaction, got ${recorded?.transport}`)
    expect(recorded.response.headers?.['content-encoding']).toBeUndefined()
    expect(recorded.response.events.at(-1)?.event).toBe('response.completed')
    expect(recorded.notes).toBeUndefined()
    const offsets = recorded.response.events.map((event) => event.at)
    expect(offsets[0]).toBeLessThan((offsets.at(-1) ?? 0) / 2)
  })
})

describe('the shared recording worker', () => {
  it('serves several cassettes at once, and closing one leaves the others recording', async () => {
    const { createWorkerRecordSink, recordWorkerEntry } = await builtWorkerSinks()
    const entry = recordWorkerEntry()
    if (entry === undefined) throw new Error('dist/record/record-worker.js is missing: run npm run build')
    const files = ['one.yaml', 'two.yaml'].map((name) => join(upstream.folder.path, name))
    const [first, second] = files.map((file) => createWorkerRecordSink({ entry, file, strategy: 'replace', flushIntervalMs: 0 }))
    if (first === undefined || second === undefined) throw new Error('two sinks were asked for')
    const interaction = (text: string): HttpInteraction => ({
      transport: 'http',
      request: { method: 'POST', path: '/v1/embeddings', body: { input: text } },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: { text } },
    })
    first.record(interaction('first, before'))
    second.record(interaction('second, before'))
    await first.close()
    second.record(interaction('second, after the first closed'))
    await second.close()

    const inputs = async (file: string) =>
      (await readCassette(file)).interactions.map((recorded) => recorded.transport === 'http' && recorded.request.body)
    expect(await inputs(files[0] ?? '')).toEqual([{ input: 'first, before' }])
    expect(await inputs(files[1] ?? '')).toEqual([{ input: 'second, before' }, { input: 'second, after the first closed' }])
    expect([first.recorded(), second.recorded()]).toEqual([1, 2])
  })
})

describe('a worker sink that is closing', () => {
  it('refuses a recording handed over after the close was sent, logged and not counted', async () => {
    const { createWorkerRecordSink, recordWorkerEntry } = await builtWorkerSinks()
    const entry = recordWorkerEntry()
    if (entry === undefined) throw new Error('dist/record/record-worker.js is missing: run npm run build')
    const logger = createMemoryLogger()
    const file = join(upstream.folder.path, 'closing.yaml')
    const sink = createWorkerRecordSink({ entry, file, strategy: 'replace', flushIntervalMs: 0, logger })
    const interaction = (input: string): HttpInteraction => ({
      transport: 'http',
      request: { method: 'POST', path: '/v1/embeddings', body: { input } },
      response: { status: 200, headers: {}, body: {} },
    })
    sink.record(interaction('before the close'))
    const closing = sink.close()
    // The close is sent once the captures in flight (none here) have settled: a turn later.
    await new Promise((resolve) => setImmediate(resolve))
    sink.record(interaction('after the close'))
    await closing
    expect(sink.recorded()).toBe(1)
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual([
      `Failed to record POST /v1/embeddings → 200: the recorder of cassette "${file}" is closed.`,
    ])
    expect((await readCassette(file)).interactions).toHaveLength(1)
  })
})

describe('a recording worker that stops', () => {
  it('fails the recording loudly: logged, later recordings refused, close rejects instead of hanging', async () => {
    const { createWorkerRecordSink } = await builtWorkerSinks()
    const entry = new URL('../fixtures/workers/crashing-record-worker.mjs', import.meta.url)
    const logger = createMemoryLogger()
    const file = join(upstream.folder.path, 'crashed.yaml')
    const sink = createWorkerRecordSink({ entry, file, strategy: 'replace', logger })
    const interaction: HttpInteraction = {
      transport: 'http',
      request: { method: 'POST', path: '/v1/embeddings', body: { input: 'lost' } },
      response: { status: 200, headers: {}, body: {} },
    }
    sink.record(interaction)
    await expect.poll(() => logger.lines.filter((line) => line.level === 'error').length).toBe(1)
    expect(logger.lines.at(-1)?.message).toContain(`The recording worker stopped while recording into cassette "${file}": simulated worker crash`)
    expect(logger.lines.at(-1)?.message).toContain('1 recording(s) not yet written are lost')

    sink.record(interaction)
    expect(logger.lines.at(-1)?.message).toMatch(/^Failed to record POST \/v1\/embeddings → 200: The recording worker stopped/)
    await expect(sink.close()).rejects.toMatchObject({ code: 'TAPEDECK_CASSETTE_WRITE', file })
  })
})

describe('backpressure', () => {
  it('makes new requests wait while more than 64 recordings wait to be serialised, until 16 or fewer do', async () => {
    const { createWorkerRecordSink } = await builtWorkerSinks()
    const entry = new URL('../fixtures/workers/slow-record-worker.mjs', import.meta.url)
    const sink = createWorkerRecordSink({ entry, file: join(upstream.folder.path, 'slow.yaml'), strategy: 'replace' })
    const interaction: HttpInteraction = {
      transport: 'http',
      request: { method: 'POST', path: '/v1/embeddings', body: { input: 'one of many' } },
      response: { status: 200, headers: {}, body: {} },
    }
    for (let n = 0; n < 63; n++) sink.record(interaction)
    expect(sink.whenReady()).toBeUndefined()
    for (let n = 0; n < 17; n++) sink.record(interaction)
    const waiting = sink.whenReady()
    expect(waiting).toBeInstanceOf(Promise)
    // The slow worker serialises one every 5 ms: 80 waiting fall to 16 after about 64 of them.
    const started = performance.now()
    await waiting
    expect(performance.now() - started).toBeGreaterThan(100)
    expect(sink.whenReady()).toBeUndefined()
    await sink.close()
    expect(sink.recorded()).toBe(80)
  })
})
