/**
 * One cassette per test (the default). It asks the same question as per-file.spec.ts, at the
 * same time, through the same server: scopes keep the two files' cassettes and order counters
 * apart.
 */
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
// An application imports it from 'tapedeck/vitest'.
import { useTapedeck } from '../../../src/vitest/index.js'
import { drain, openWsSession } from '../record-support.js'
import { cassetteFolder, observe } from './observe.js'

const tapedeck = useTapedeck({ cassettes: cassetteFolder(), failOnMiss: true, failOnUnused: true })

function client(): OpenAI {
  return new OpenAI({ ...tapedeck.clientOptions(), maxRetries: 0 })
}

describe('the shared question', () => {
  it('gets two different answers when asked twice', async () => {
    const openai = client()
    const first = await openai.responses.create({ model: 'gpt-5.5', input: 'The shared question' })
    const second = await openai.responses.create({ model: 'gpt-5.5', input: 'The shared question' })
    expect(first.output_text).toBe('You said: The shared question')
    expect(second.id).not.toBe(first.id)
    observe({ ids: [first.id, second.id], cassette: tapedeck.cassette })
  })

  it('is streamed over Chat Completions', async () => {
    const stream = await client().chat.completions.create({
      model: 'gpt-5.5',
      stream: true,
      messages: [{ role: 'user', content: 'The shared question' }],
    })
    const { events, error } = await drain(stream)
    expect(error).toBeUndefined()
    const text = events.map((chunk) => (chunk as OpenAI.ChatCompletionChunk).choices[0]?.delta.content ?? '').join('')
    expect(text).toBe('You said: The shared question')
    observe({ events })
  })
})

it('holds a Responses WebSocket session through the scoped base URL', async () => {
  const session = openWsSession(client())
  try {
    const events = await session.turn({ type: 'response.create', model: 'gpt-5.5', store: false, input: 'The shared question' })
    expect(events.at(-1)?.type).toBe('response.completed')
    expect(session.errors).toEqual([])
    observe({ events })
  } finally {
    await session.close()
  }
})
