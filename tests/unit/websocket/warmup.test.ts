import { describe, expect, it } from 'vitest'
import { warmupEvents, warmupResponseId } from '../../../src/websocket/warmup.js'
import { accumulateWithSdk } from './support/accumulate.js'

describe('warmupResponseId', () => {
  it('is resp_ and 32 hex characters, stable for the same body and turn', () => {
    const id = warmupResponseId({ model: 'gpt-5', generate: false }, 0)
    expect(id).toMatch(/^resp_[0-9a-f]{32}$/)
    expect(warmupResponseId({ generate: false, model: 'gpt-5' }, 0)).toBe(id)
  })

  it('differs between turns and bodies, but not between lanes', () => {
    const id = warmupResponseId({ model: 'gpt-5', generate: false }, 0)
    expect(warmupResponseId({ model: 'gpt-5', generate: false }, 1)).not.toBe(id)
    expect(warmupResponseId({ model: 'gpt-4o', generate: false }, 0)).not.toBe(id)
    expect(warmupResponseId({ model: 'gpt-5', generate: false, stream_id: 'a' }, 0)).toBe(id)
  })
})

describe('warmupEvents', () => {
  it('is response.created then response.completed, one id, numbered 0 and 1, no output, zero usage', async () => {
    const events = warmupEvents({ model: 'gpt-5', generate: false, store: false }, 'resp_w', 1763900000)
    expect(events.map((event) => [event['type'], event['sequence_number']])).toEqual([
      ['response.created', 0],
      ['response.completed', 1],
    ])
    expect(events[0]?.['response']).toMatchObject({ id: 'resp_w', status: 'in_progress', output: [], usage: null })
    expect(events[1]?.['response']).toMatchObject({
      id: 'resp_w',
      status: 'completed',
      output: [],
      model: 'gpt-5',
      store: false,
      usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0, input_tokens_details: { cached_tokens: 0 } },
    })
    const final = await accumulateWithSdk(events)
    expect(final.id).toBe('resp_w')
    expect(final.status).toBe('completed')
  })
})
