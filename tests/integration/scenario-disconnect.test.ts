import OpenAI, { APIConnectionError } from 'openai'
import { afterEach, expect, it } from 'vitest'
import { startTapedeck, type RunningTapedeck } from '../../src/index.js'
import { tempFolder, writeCassette } from './scenario-support.js'

const scenario = `version: 1
rules:
  - match: { input_contains: drop me }
    reply:
      text: This answer never arrives whole because the connection drops.
      disconnect_after: 3
`

let running: RunningTapedeck | undefined

afterEach(async () => {
  await running?.close()
  running = undefined
})

async function client(): Promise<OpenAI> {
  running = await startTapedeck({ cassette: writeCassette(tempFolder(), 'drop.yaml', scenario) })
  return new OpenAI({ baseURL: running.baseURL, apiKey: 'sk-test', maxRetries: 0 })
}

it('drops the connection of a non-streaming request before any byte', async () => {
  const openai = await client()
  const error = await openai.responses.create({ model: 'gpt-5.5', input: 'drop me' }).catch((caught: unknown) => caught)
  expect(error).toBeInstanceOf(APIConnectionError)
})

it('cuts a streaming request after the given number of events', async () => {
  const openai = await client()
  const received: string[] = []
  const consume = async () => {
    const stream = await openai.responses.create({ model: 'gpt-5.5', input: 'drop me', stream: true })
    for await (const event of stream) received.push(event.type)
  }
  await expect(consume()).rejects.toThrow()
  expect(received).toEqual(['response.created', 'response.in_progress', 'response.output_item.added'])
})
