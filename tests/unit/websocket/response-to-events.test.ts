import { describe, expect, it } from 'vitest'
import { isResponseObject, responseToEvents } from '../../../src/websocket/response-to-events.js'
import type { JsonObject } from '../../../src/util/json.js'
import { accumulateWithSdk } from './support/accumulate.js'
import { completedResponse, functionCallItem, messageItem } from './support/responses.js'

const types = (events: JsonObject[]) => events.map((event) => event['type'])

describe('responseToEvents', () => {
  it('expands a one-message response into the canonical order A', () => {
    const events = responseToEvents(completedResponse('resp_1', [messageItem('msg_1', 'Hello world')]))
    expect(types(events)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ])
    expect(events.map((event) => event['sequence_number'])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
  })

  it('starts with an in-progress snapshot without output or usage, and ends with the full response', () => {
    const response = completedResponse('resp_1', [messageItem('msg_1', 'Hi')])
    const events = responseToEvents(response)
    const created = events[0]?.['response'] as JsonObject
    expect(created).toMatchObject({ id: 'resp_1', status: 'in_progress', output: [], usage: null, completed_at: null })
    expect(events[1]?.['response']).toEqual(created)
    expect(events.at(-1)?.['response']).toEqual(response)
  })

  it('puts logprobs on text events, annotations and logprobs on parts, and the item id on every item event', () => {
    const events = responseToEvents(completedResponse('resp_1', [messageItem('msg_7', 'Hi')]))
    const itemScoped = events.filter((event) => 'item_id' in event)
    expect(itemScoped.length).toBe(4)
    for (const event of itemScoped) expect(event['item_id']).toBe('msg_7')
    const delta = events.find((event) => event['type'] === 'response.output_text.delta')
    const done = events.find((event) => event['type'] === 'response.output_text.done')
    expect(delta).toMatchObject({ delta: 'Hi', logprobs: [], output_index: 0, content_index: 0 })
    expect(done).toMatchObject({ text: 'Hi', logprobs: [] })
    const partAdded = events.find((event) => event['type'] === 'response.content_part.added')
    expect(partAdded?.['part']).toEqual({ type: 'output_text', text: '', annotations: [], logprobs: [] })
  })

  it('produces a sequence openai@7.57.0 accumulates into the same output', async () => {
    const response = completedResponse('resp_1', [
      messageItem('msg_1', 'Let me check.'),
      functionCallItem('fc_1', 'call_1', 'get_weather', '{"city":"Paris"}'),
    ])
    const final = await accumulateWithSdk(responseToEvents(response))
    expect(final.id).toBe('resp_1')
    expect(final.output).toEqual(response['output'])
    expect(final.output_text).toBe('Let me check.')
  })

  it('streams function-call arguments under the fc_ item id, not the call_id', () => {
    const events = responseToEvents(
      completedResponse('resp_1', [functionCallItem('fc_1', 'call_1', 'get_weather', '{"city":"Paris"}')]),
    )
    expect(types(events).slice(2, 6)).toEqual([
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
    ])
    expect(events[2]?.['item']).toMatchObject({ id: 'fc_1', arguments: '', status: 'in_progress' })
    expect(events[3]).toMatchObject({ item_id: 'fc_1', delta: '{"city":"Paris"}' })
    expect(events[4]).toMatchObject({ item_id: 'fc_1', arguments: '{"city":"Paris"}' })
  })

  it('sends annotations as annotation.added events before output_text.done, and keeps them on the final part', async () => {
    const citation = { type: 'url_citation', url: 'https://example.com', title: 'Ex', start_index: 0, end_index: 2 }
    const response = completedResponse('resp_1', [messageItem('msg_1', 'Hi', [citation])])
    const events = responseToEvents(response)
    expect(types(events).slice(4, 7)).toEqual([
      'response.output_text.delta',
      'response.output_text.annotation.added',
      'response.output_text.done',
    ])
    expect(events[5]).toMatchObject({ annotation_index: 0, annotation: citation })
    const final = await accumulateWithSdk(events)
    expect(final.output).toEqual(response['output'])
  })

  it('expands reasoning summaries and a refusal the SDK accepts', async () => {
    const reasoning = {
      id: 'rs_1',
      type: 'reasoning',
      summary: [
        { type: 'summary_text', text: 'First.' },
        { type: 'summary_text', text: 'Second.' },
      ],
      encrypted_content: 'gAAA',
    }
    const refusal = {
      id: 'msg_2',
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'refusal', refusal: 'I cannot help with that.' }],
    }
    const response = completedResponse('resp_1', [reasoning, refusal])
    const events = responseToEvents(response)
    expect(events[2]?.['item']).toEqual({ id: 'rs_1', type: 'reasoning', summary: [] })
    expect(types(events).filter((type) => String(type).startsWith('response.reasoning_summary_part'))).toHaveLength(4)
    expect(types(events)).toContain('response.refusal.delta')
    const final = await accumulateWithSdk(events)
    expect(final.output).toEqual(response['output'])
  })

  it('ends a failed response with response.failed and an incomplete one with response.incomplete', () => {
    const failed = responseToEvents(
      completedResponse('resp_1', [], { status: 'failed', error: { code: 'server_error', message: 'x' } }),
    )
    expect(failed.at(-1)?.['type']).toBe('response.failed')
    expect((failed[0]?.['response'] as JsonObject)['error']).toBeNull()
    const incomplete = responseToEvents(
      completedResponse('resp_2', [], { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }),
    )
    expect(incomplete.at(-1)?.['type']).toBe('response.incomplete')
  })

  it('gives items without an id a stable one, so item_id is never empty', async () => {
    const item = { type: 'message', role: 'assistant', status: 'completed', content: [] }
    const events = responseToEvents(completedResponse('resp_1', [item]))
    expect(events[2]?.['item']).toMatchObject({ id: 'msg_0' })
    const final = await accumulateWithSdk(events)
    expect(final.output[0]).toMatchObject({ id: 'msg_0' })
  })
})

describe('isResponseObject', () => {
  it('tells a Response object from an error body', () => {
    expect(isResponseObject(completedResponse('resp_1', []))).toBe(true)
    expect(isResponseObject({ error: { message: 'nope', type: 'invalid_request_error' } })).toBe(false)
    expect(isResponseObject([1])).toBe(false)
  })
})
