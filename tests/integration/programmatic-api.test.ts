/**
 * The library API exactly as docs/programmatic-api.md shows it: `startTapedeck` from the package
 * entry point, recording against the (fake) OpenAI API, then replaying without it.
 */
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTapedeck } from '../../src/index.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { readCassette, tempFolder } from './record-support.js'

let fake: FakeOpenAI
let folder: Awaited<ReturnType<typeof tempFolder>>

beforeAll(async () => {
  fake = await startFakeOpenAI()
  folder = await tempFolder()
})
afterAll(async () => {
  await fake.close()
  await folder.cleanup()
})

it('records with startTapedeck({ mode: "record" }), then replays the cassette without the upstream', async () => {
  const cassette = join(folder.path, 'hello.yaml')

  const recorder = await startTapedeck({ mode: 'record', cassette, upstream: fake.url })
  expect(recorder.baseURL).toBe(`http://127.0.0.1:${recorder.port}/v1`)
  expect(recorder.url).toBe(`http://127.0.0.1:${recorder.port}`)
  expect(recorder).toMatchObject({ mode: 'record', upstream: fake.url, recording: { file: cassette, interactions: 0 } })
  const live = new OpenAI({ baseURL: recorder.baseURL, apiKey: 'sk-test', maxRetries: 0 })
  const recorded = await live.responses.create({ model: 'gpt-5.5', input: 'Say hello' })
  expect(recorder.stats()).toMatchObject({ forwarded: 1, recorded: 1 })
  await recorder.close()
  expect((await readCassette(cassette)).interactions).toHaveLength(1)

  fake.reset()
  const tapedeck = await startTapedeck({ cassette })
  expect(tapedeck).toMatchObject({ mode: 'replay', upstream: undefined, recording: undefined })
  const openai = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0 })
  const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Say hello' })
  expect(response).toEqual(recorded)
  expect(response.output_text).toBe('You said: Say hello')
  await expect(openai.responses.create({ model: 'gpt-5.5', input: 'Say goodbye' })).rejects.toBeInstanceOf(OpenAI.NotFoundError)
  expect(tapedeck.stats()).toEqual({ exchanges: 1, hits: 1, misses: 1, unused: 0, unusedExchanges: [] })
  await tapedeck.close()
  expect(fake.requests).toHaveLength(0)
})
