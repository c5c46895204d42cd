import { afterEach, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck, TapedeckOptions } from '../../src/server/options.js'
import { fixturePath, openaiFor, readFixture, recordedPayloads, sseInteraction } from './replay-support.js'

const running: RunningTapedeck[] = []

async function start(options: TapedeckOptions): Promise<RunningTapedeck> {
  const tapedeck = await startTapedeck(options)
  running.push(tapedeck)
  return tapedeck
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((tapedeck) => tapedeck.close()))
})

const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length

describe('stream timing and cuts', () => {
  it('paces events at the recorded offsets scaled by the speed factor', async () => {
    // The last event was recorded at 180 ms; at half speed it cannot leave before 360 ms.
    const tapedeck = await start({ cassette: fixturePath('responses-text-stream'), timing: 0.5 })
    const started = performance.now()
    const stream = await openaiFor(tapedeck).responses.create({ model: 'gpt-5.5', input: 'Say hello', stream: true })
    let lastArrival = 0
    const received: unknown[] = []
    for await (const event of stream) {
      lastArrival = performance.now()
      received.push(event)
    }
    expect(received).toEqual(recordedPayloads(sseInteraction('responses-text-stream')))
    expect(lastArrival - started).toBeGreaterThanOrEqual(340)
  })

  it('survives a client that disconnects mid-stream, and clears its timer', async () => {
    // The first two events go out at once; the third is 60 s away, so its timer is pending
    // when the client leaves, and only clearing it makes it go away within the test.
    const recorded = structuredClone(readFixture('responses-text-stream'))
    const interaction = recorded.interactions[0]
    if (interaction?.transport !== 'sse') throw new Error('fixture changed')
    interaction.response.events.forEach((event, index) => {
      event.at = index < 2 ? 0 : 60_000 + index
    })
    const tapedeck = await start({ cassettes: [{ file: 'slow.yaml', cassette: recorded }], timing: 'recorded' })
    const stream = await openaiFor(tapedeck).responses.create({ model: 'gpt-5.5', input: 'Say hello', stream: true })
    let seen = 0
    let whileStreaming = 0
    for await (const event of stream) {
      seen++
      if (event.type !== 'response.in_progress') continue
      whileStreaming = timers()
      break
    }
    expect(seen).toBe(2)
    await expect.poll(timers, { timeout: 1000, interval: 10 }).toBeLessThan(whileStreaming)

    const again = await openaiFor(tapedeck, { headers: { 'x-tapedeck-scope': 'after the disconnect' } }).responses.create({
      model: 'gpt-5.5',
      input: 'Say hello',
    })
    expect(again.output_text).toBe('Hello! How can I help?')
  })

  it.each([
    ['instant', 'instant' as const],
    ['recorded', 'recorded' as const],
  ])('cuts a truncated recording where it was cut (%s timing)', async (_name, timing) => {
    const tapedeck = await start({ cassette: fixturePath('responses-truncated-stream'), timing })
    const stream = await openaiFor(tapedeck).responses.create({ model: 'gpt-5.5', input: 'Tell me a story', stream: true })
    const received: unknown[] = []
    const failure = await (async () => {
      for await (const event of stream) received.push(event)
    })().catch((error: unknown) => error)
    expect(received).toEqual(recordedPayloads(sseInteraction('responses-truncated-stream')))
    expect(failure).toBeInstanceOf(Error)
  })
})
