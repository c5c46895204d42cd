/**
 * Record mode end to end, per transport: the same SDK flow runs against the fake upstream
 * directly, through tapedeck recording, and from the cassette with the upstream unused (replay
 * mode, the fake watching for requests) and stopped (auto mode, where any miss would go to a
 * dead upstream). The SDK must receive the same events, ids and bodies every time.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { FLOWS, readCassette, sdkClient, tempFolder, type FlowName } from './record-support.js'

let fake: FakeOpenAI
let stoppedUpstream: string
let folder: Awaited<ReturnType<typeof tempFolder>>

beforeAll(async () => {
  fake = await startFakeOpenAI()
  const stopped = await startFakeOpenAI()
  stoppedUpstream = stopped.url
  await stopped.close()
  folder = await tempFolder()
})
afterAll(async () => {
  await fake.close()
  await folder.cleanup()
})

/** What each flow leaves in the cassette. */
const RECORDED_SHAPE: Record<FlowName, Array<{ transport: string; path: string; turns?: number }>> = {
  responsesJson: [{ transport: 'http', path: '/v1/responses' }],
  responsesSse: [{ transport: 'sse', path: '/v1/responses' }],
  chatTools: [
    { transport: 'http', path: '/v1/chat/completions' },
    { transport: 'sse', path: '/v1/chat/completions' },
  ],
  webSocketTurns: [{ transport: 'websocket', path: '/v1/responses', turns: 3 }],
}

describe.each(Object.keys(FLOWS) as FlowName[])('%s', (name) => {
  it('gives the SDK the same results directly, while recording, and from replay', async () => {
    const flow = FLOWS[name]
    const file = join(folder.path, `${name}.yaml`)

    fake.reset()
    const direct = await flow(sdkClient(fake.url))

    fake.reset()
    const recorder = await startTapedeck({ mode: 'record', cassette: file, upstream: fake.url })
    const recorded = await flow(sdkClient(recorder.baseURL))
    await recorder.close()
    expect(recorded).toEqual(direct)
    expect(fake.requests.length).toBeGreaterThan(0)
    expect(recorder.stats()).toMatchObject({ recorded: RECORDED_SHAPE[name].length })

    const cassette = await readCassette(file)
    expect(
      cassette.interactions.map((interaction) => ({
        transport: interaction.transport,
        path: interaction.request.path,
        ...(interaction.transport === 'websocket' ? { turns: interaction.turns.length } : {}),
      })),
    ).toEqual(RECORDED_SHAPE[name])
    expect(cassette.meta?.recorded_with).toBe('tapedeck')

    fake.reset()
    const replayer = await startTapedeck({ mode: 'replay', cassette: file, upstream: fake.url })
    const replayed = await flow(sdkClient(replayer.baseURL))
    await replayer.close()
    expect(replayed).toEqual(direct)
    expect(fake.requests).toEqual([])
    expect(replayer.stats()).toMatchObject({ misses: 0, unused: 0 })

    const auto = await startTapedeck({ mode: 'auto', cassette: file, upstream: stoppedUpstream })
    const fromAuto = await flow(sdkClient(auto.baseURL))
    await auto.close()
    expect(fromAuto).toEqual(direct)
    expect(auto.stats()).toMatchObject({ misses: 0, forwarded: 0, recorded: 0 })
    expect((await readCassette(file)).interactions).toHaveLength(RECORDED_SHAPE[name].length)
  })
})
