/**
 * The library API exactly as docs/programmatic-api.md shows it: `startTapedeck` from the package
 * entry point, recording against the (fake) OpenAI API, then replaying without it.
 */
import { join } from 'node:path'
import OpenAI from 'openai'
import { expect, it } from 'vitest'
import { startTapedeck } from '../../src/index.js'
import { readCassette, useFakeUpstream } from './record-support.js'

const upstream = useFakeUpstream()

it('records with startTapedeck({ mode: "record" }), then replays the cassette without the upstream', async () => {
  const cassette = join(upstream.folder.path, 'hello.yaml')

  const recorder = await startTapedeck({ mode: 'record', cassette, upstream: upstream.fake.url })
  expect(recorder.baseURL).toBe(`http://127.0.0.1:${recorder.port}/v1`)
  expect(recorder.url).toBe(`http://127.0.0.1:${recorder.port}`)
  expect(recorder).toMatchObject({ mode: 'record', upstream: upstream.fake.url, recording: { file: cassette, interactions: 0 } })
  const live = new OpenAI({ baseURL: recorder.baseURL, apiKey: 'sk-test', maxRetries: 0 })
  const recorded = await live.responses.create({ model: 'gpt-5.5', input: 'Say hello' })
  expect(recorder.stats()).toMatchObject({ forwarded: 1, recorded: 1 })
  await recorder.close()
  expect((await readCassette(cassette)).interactions).toHaveLength(1)

  upstream.fake.reset()
  const tapedeck = await startTapedeck({ cassette })
  expect(tapedeck).toMatchObject({ mode: 'replay', upstream: undefined, recording: undefined })
  const openai = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0 })
  const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Say hello' })
  expect(response).toEqual(recorded)
  expect(response.output_text).toBe('You said: Say hello')
  await expect(openai.responses.create({ model: 'gpt-5.5', input: 'Say goodbye' })).rejects.toBeInstanceOf(OpenAI.NotFoundError)
  expect(tapedeck.stats()).toEqual({ exchanges: 1, hits: 1, misses: 1, unused: 0, unusedExchanges: [] })
  await tapedeck.close()
  expect(upstream.fake.requests).toHaveLength(0)
})
