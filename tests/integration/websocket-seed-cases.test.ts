/**
 * The seven WebSocket cases of the original implementation (seed-behaviour.md §7), each run
 * with the nested body the original tests sent and with the flat body the SDKs send, against
 * the expectations of the real protocol.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningTapedeck } from '../../src/server/options.js'
import type { JsonObject } from '../../src/util/json.js'
import { accumulateWithSdk } from '../unit/websocket/support/accumulate.js'
import { connectRaw, errorCodeOf, isTerminal, startWsTapedeck } from './support/websocket-harness.js'

const shapes = [
  { shape: 'nested', create: (body: JsonObject): JsonObject => ({ type: 'response.create', response: body }) },
  { shape: 'flat', create: (body: JsonObject): JsonObject => ({ type: 'response.create', ...body }) },
] as const

let instant: RunningTapedeck
let paced: RunningTapedeck
let scopes = 0
const freshScope = () => ({ 'x-tapedeck-scope': `seed-case-${scopes++}` })

beforeAll(async () => {
  instant = await startWsTapedeck(['ws-basic.yaml'])
  // Recorded pacing (4x faster) so that a second create can arrive while the first streams.
  paced = await startWsTapedeck(['ws-basic.yaml'], { server: { timing: 4 } })
})

afterAll(async () => {
  await instant.close()
  await paced.close()
})

const responseOf = (frame: JsonObject | undefined) => frame?.['response'] as JsonObject

describe.each(shapes)('seed WebSocket cases, $shape body', ({ create }) => {
  it('1. basic response: numbered, one id, accepted by the SDK accumulator, real usage', async () => {
    const client = await connectRaw(instant, freshScope())
    client.send(create({ model: 'gpt-5', input: 'Hello!' }))
    const events = await client.until(isTerminal)
    expect(events.length).toBeGreaterThanOrEqual(5)
    expect(events[0]?.['type']).toBe('response.created')
    expect(String(responseOf(events[0])['id'])).toMatch(/^resp_/)
    const last = events.at(-1)
    expect(last?.['type']).toBe('response.completed')
    expect(responseOf(last)['status']).toBe('completed')
    expect(events.map((event) => event['sequence_number'])).toEqual(events.map((_, index) => index))
    const ids = new Set(events.filter((event) => 'response' in event).map((event) => responseOf(event)['id']))
    expect(ids.size).toBe(1)
    const usage = responseOf(last)['usage'] as JsonObject
    expect(usage['input_tokens']).toBeGreaterThan(0)
    expect(usage['output_tokens']).toBeGreaterThan(0)
    expect((usage['input_tokens_details'] as JsonObject)['cached_tokens']).toBe(0)
    const reasoning = (usage['output_tokens_details'] as JsonObject)['reasoning_tokens'] as number
    expect(reasoning).toBeLessThanOrEqual(usage['output_tokens'] as number)
    for (const text of client.texts) expect(text).not.toContain('"output_text":')
    const final = await accumulateWithSdk(events)
    expect(final.output_text).toBe('Hello! How can I help you today?')
    client.ws.close()
  })

  it('2. event sequence: the full canonical order, logprobs everywhere, item_id = message id', async () => {
    const client = await connectRaw(instant, freshScope())
    client.send(create({ model: 'gpt-4o', input: 'Hi' }))
    const events = await client.until(isTerminal)
    expect(events.map((event) => event['type'])).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ])
    const messageId = (events[2]?.['item'] as JsonObject)['id']
    for (const event of events.filter((candidate) => 'item_id' in candidate)) {
      expect(event['item_id']).toBe(messageId)
    }
    for (const event of events.filter((candidate) => String(candidate['type']).startsWith('response.output_text'))) {
      expect(event['logprobs']).toEqual([])
    }
    for (const event of events.filter((candidate) => 'part' in candidate)) {
      expect(event['part']).toMatchObject({ annotations: [], logprobs: [] })
    }
    client.ws.close()
  })

  it('3. sequential requests: a create sent mid-stream is queued, not refused, and numbered from 0', async () => {
    const client = await connectRaw(paced, freshScope())
    client.send(create({ model: 'gpt-5', input: 'First' }))
    await client.until((frame) => frame['type'] === 'response.created')
    client.send(create({ model: 'gpt-5', input: 'Second' }))
    const first = await client.until(isTerminal)
    expect(first.at(-1)?.['type']).toBe('response.completed')
    const second = await client.until(isTerminal, first.length)
    expect(second[0]).toMatchObject({ type: 'response.created', sequence_number: 0 })
    expect(second.at(-1)?.['type']).toBe('response.completed')
    expect(responseOf(first.at(-1))['id']).not.toBe(responseOf(second.at(-1))['id'])
    expect(client.frames.some((frame) => frame['type'] === 'error')).toBe(false)
    client.ws.close()
  })

  it('4. previous_response_id of the cached response: the follow-up starts with response.created', async () => {
    const client = await connectRaw(instant, freshScope())
    client.send(create({ model: 'gpt-5', input: 'Hello' }))
    const first = await client.until(isTerminal)
    const id = responseOf(first.at(-1))['id'] as string
    client.send(create({ model: 'gpt-5', input: 'Follow up', previous_response_id: id }))
    const second = await client.until(isTerminal, first.length)
    expect(second[0]?.['type']).toBe('response.created')
    expect(second.at(-1)?.['type']).toBe('response.completed')
    expect(responseOf(second.at(-1))['previous_response_id']).toBe(id)
    client.ws.close()
  })

  it('5. unknown previous_response_id on a fresh socket: the nested 400 error first, connection open', async () => {
    const client = await connectRaw(instant, freshScope())
    client.send(create({ model: 'gpt-5', input: 'Hello', previous_response_id: 'resp_nonexistent' }))
    const [frame] = await client.waitForFrames(1)
    expect(frame).toMatchObject({
      type: 'error',
      status: 400,
      error: { type: 'invalid_request_error', code: 'previous_response_not_found', param: 'previous_response_id' },
    })
    expect(errorCodeOf(frame)).toBe('previous_response_not_found')
    client.send(create({ model: 'gpt-5', input: 'Hello' }))
    const next = await client.until(isTerminal, 1)
    expect(next[0]?.['type']).toBe('response.created')
    expect(client.frames.filter((candidate) => candidate['type'] === 'response.created')).toHaveLength(1)
    client.ws.close()
  })

  it('6. invalid message: a nested invalid_request_error 400, then a valid create completes', async () => {
    const client = await connectRaw(instant, freshScope())
    client.send('not valid json')
    const [frame] = await client.waitForFrames(1)
    expect(frame).toMatchObject({ type: 'error', status: 400, error: { type: 'invalid_request_error' } })
    client.send(create({ model: 'gpt-5', input: 'Hello!' }))
    const events = await client.until(isTerminal, 1)
    expect(events.at(-1)?.['type']).toBe('response.completed')
    client.ws.close()
  })

  it('7. JSON frames, not SSE: every frame is one JSON event object, no event: line, no [DONE]', async () => {
    const client = await connectRaw(instant, freshScope())
    client.send(create({ model: 'gpt-5', input: 'Hello' }))
    await client.until(isTerminal)
    expect(client.texts.length).toBe(client.frames.length)
    for (const text of client.texts) {
      expect(text).not.toMatch(/^(event|data):/m)
      expect(text).not.toContain('[DONE]')
      const parsed: unknown = JSON.parse(text)
      expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true)
      expect(typeof (parsed as JsonObject)['type']).toBe('string')
    }
    client.ws.close()
  })
})
