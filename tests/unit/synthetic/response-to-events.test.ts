import { describe, expect, it } from 'vitest'
import { expandResponses } from '../../../src/synthetic/expand-responses.js'
import {
  isResponseObject,
  responseToEvents,
  type ResponseToEventsOptions,
} from '../../../src/synthetic/response-to-events.js'
import type { SyntheticAnswer } from '../../../src/synthetic/types.js'
import type { JsonObject } from '../../../src/util/json.js'
import { payloads, responsesViolations, sdkFinalResponse } from './sdk-harness.js'
import { completedResponse, functionCallItem, messageItem } from '../../support/responses.js'

function asAnswer(response: JsonObject, seed = 'r2e', options: ResponseToEventsOptions = {}): SyntheticAnswer {
  return { kind: 'stream', status: 200, headers: { 'content-type': 'text/event-stream' }, events: responseToEvents(response, seed, options), truncated: false }
}

/** The event payloads, as replay sends a JSON recording over WebSocket (answer-frames.ts). */
function frames(response: JsonObject, seed = 'r2e'): JsonObject[] {
  return payloads(asAnswer(response, seed, { chunking: 'whole', obfuscation: false }))
}

/** The output the SDK accumulates, without the fields its parser adds (`parsed`, `parsed_arguments`). */
async function sdkOutput(answer: SyntheticAnswer): Promise<JsonObject[]> {
  const final = await sdkFinalResponse(answer, request)
  const parserFields = new Set(['parsed', 'parsed_arguments'])
  return JSON.parse(JSON.stringify(final.output, (key, value: unknown) => (parserFields.has(key) ? undefined : value))) as JsonObject[]
}

const types = (events: JsonObject[]) => events.map((event) => event['type'])

const request: JsonObject = { model: 'gpt-5', input: 'go', stream: true }

describe('responseToEvents', () => {
  it('streams a generated JSON Response so the SDK accumulates exactly that Response', async () => {
    const json = expandResponses(
      { reasoning: ['Plan.'], text: 'Hello there', refusal: 'Not that.', tool_calls: [{ name: 'f', arguments: { x: 1 } }] },
      { request: { ...request, include: ['message.output_text.logprobs'], top_logprobs: 1 }, seed: 'json', stream: false },
    )
    if (json.kind !== 'json') throw new Error('expected JSON')
    const answer = asAnswer(json.body)
    expect(responsesViolations(answer)).toEqual([])
    const events = payloads(answer)
    expect(events.at(-1)).toEqual({ type: 'response.completed', sequence_number: events.length - 1, response: json.body })
    const final = await sdkFinalResponse(answer, request)
    expect(final.id).toBe(json.body['id'])
    expect(JSON.parse(JSON.stringify(final.output))).toMatchObject(json.body['output'] as JsonObject[])
  })

  it('keeps recorded items and ids, including item types it does not stream piece by piece', async () => {
    const search = { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'tapedeck' } }
    const message = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      status: 'completed',
      phase: 'final_answer',
      content: [
        {
          type: 'output_text',
          text: 'Found it.',
          annotations: [{ type: 'url_citation', url: 'https://example.com', title: 'Ex', start_index: 0, end_index: 5 }],
          logprobs: [],
        },
      ],
    }
    const recorded: JsonObject = {
      id: 'resp_1',
      object: 'response',
      created_at: 1,
      status: 'completed',
      model: 'gpt-5',
      output: [search, message],
      output_text: 'Found it.',
      usage: null,
    }
    const events = payloads(asAnswer(recorded))
    expect(events.map((event) => event['type'])).toContain('response.output_text.annotation.added')
    expect(events.find((event) => event['type'] === 'response.output_item.done' && event['output_index'] === 0)?.['item']).toEqual(search)
    expect(events.at(-1)?.['response']).not.toHaveProperty('output_text')
    expect(events[0]?.['response']).toMatchObject({ id: 'resp_1', status: 'in_progress', output: [] })
    const final = await sdkFinalResponse(asAnswer(recorded), request)
    expect(final.output.map((item) => item.id)).toEqual(['ws_1', 'msg_1'])
    expect(final.output_text).toBe('Found it.')
  })

  it('ends with the terminal event that matches the status', () => {
    const base: JsonObject = { id: 'resp_2', object: 'response', created_at: 1, model: 'gpt-5', output: [] }
    expect(payloads(asAnswer({ ...base, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } })).at(-1)?.['type']).toBe('response.incomplete')
    expect(payloads(asAnswer({ ...base, status: 'failed', error: { code: 'server_error', message: 'x' } })).at(-1)?.['type']).toBe('response.failed')
  })

  it('leaves obfuscation out when asked', () => {
    const part = { type: 'output_text', text: 'a b', annotations: [], logprobs: [] }
    const message = { id: 'msg_3', type: 'message', role: 'assistant', status: 'completed', content: [part] }
    const response: JsonObject = { id: 'resp_3', object: 'response', status: 'completed', output: [message] }
    expect(responseToEvents(response, 's', { obfuscation: false }).some((event) => 'data' in event && 'obfuscation' in event.data)).toBe(false)
    expect(responseToEvents(response, 's').some((event) => 'data' in event && 'obfuscation' in event.data)).toBe(true)
  })

  it('expands a one-message response into the canonical order A, numbered from 0', () => {
    const events = frames(completedResponse('resp_1', [messageItem('msg_1', 'Hello world')]))
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
    const events = frames(response)
    const created = events[0]?.['response'] as JsonObject
    expect(created).toMatchObject({ id: 'resp_1', status: 'in_progress', output: [], usage: null, completed_at: null })
    expect(events[1]?.['response']).toEqual(created)
    expect(events.at(-1)?.['response']).toEqual(response)
  })

  it('puts logprobs on text events, annotations and logprobs on parts, and the item id on every item event', () => {
    const events = frames(completedResponse('resp_1', [messageItem('msg_7', 'Hi')]))
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
    for (const options of [{}, { chunking: 'whole' } as const]) {
      const answer = asAnswer(response, 'r2e', options)
      expect(responsesViolations(answer)).toEqual([])
      expect(await sdkOutput(answer)).toEqual(response['output'])
      expect((await sdkFinalResponse(answer, request)).output_text).toBe('Let me check.')
    }
  })

  it('streams function-call arguments under the fc_ item id, not the call_id', () => {
    const events = frames(completedResponse('resp_1', [functionCallItem('fc_1', 'call_1', 'get_weather', '{"city":"Paris"}')]))
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

  it('sends one delta per text with chunking "whole", and word deltas by default', () => {
    const response = completedResponse('resp_1', [messageItem('msg_1', 'Hello big world')])
    const deltas = (events: JsonObject[]) =>
      events.filter((event) => event['type'] === 'response.output_text.delta').map((event) => event['delta'])
    expect(deltas(frames(response))).toEqual(['Hello big world'])
    expect(deltas(payloads(asAnswer(response)))).toEqual(['Hello', ' big', ' world'])
  })

  it('sends annotations as annotation.added events before output_text.done, and keeps them on the final part', async () => {
    const citation = { type: 'url_citation', url: 'https://example.com', title: 'Ex', start_index: 0, end_index: 2 }
    const response = completedResponse('resp_1', [messageItem('msg_1', 'Hi', [citation])])
    const events = frames(response)
    expect(types(events).slice(4, 7)).toEqual([
      'response.output_text.delta',
      'response.output_text.annotation.added',
      'response.output_text.done',
    ])
    expect(events[5]).toMatchObject({ annotation_index: 0, annotation: citation })
    expect(await sdkOutput(asAnswer(response))).toEqual(response['output'])
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
    const events = frames(response)
    expect(events[2]?.['item']).toMatchObject({ id: 'rs_1', type: 'reasoning', summary: [] })
    expect(types(events).filter((type) => String(type).startsWith('response.reasoning_summary_part'))).toHaveLength(4)
    expect(types(events)).toContain('response.refusal.delta')
    expect(await sdkOutput(asAnswer(response))).toEqual(response['output'])
  })

  it('streams the reasoning_text parts of a recorded reasoning item before closing it', async () => {
    const reasoning = {
      id: 'rs_1',
      type: 'reasoning',
      status: 'completed',
      summary: [],
      content: [{ type: 'reasoning_text', text: 'Think first.' }],
    }
    const response = completedResponse('resp_1', [reasoning, messageItem('msg_1', 'Done.')])
    const events = frames(response)
    expect(events[2]?.['item']).toEqual({ id: 'rs_1', type: 'reasoning', status: 'in_progress', summary: [] })
    expect(types(events).slice(3, 8)).toEqual([
      'response.content_part.added',
      'response.reasoning_text.delta',
      'response.reasoning_text.done',
      'response.content_part.done',
      'response.output_item.done',
    ])
    expect(events[3]).toMatchObject({ item_id: 'rs_1', output_index: 0, content_index: 0, part: { type: 'reasoning_text', text: '' } })
    expect(events[4]).toMatchObject({ item_id: 'rs_1', delta: 'Think first.' })
    expect(events[5]).toMatchObject({ item_id: 'rs_1', text: 'Think first.' })
    expect(events[6]?.['part']).toEqual(reasoning.content[0])
    const answer = asAnswer(response)
    expect(responsesViolations(answer)).toEqual([])
    expect(await sdkOutput(answer)).toEqual(response['output'])
  })

  it('streams recorded logprobs in the event shape: all on the first delta, and on output_text.done', async () => {
    const logprobs = [
      { token: 'Hello', logprob: -0.1, bytes: [72, 101, 108, 108, 111], top_logprobs: [{ token: 'Hello', logprob: -0.1, bytes: [72, 101, 108, 108, 111] }] },
      { token: ' world', logprob: -0.2, bytes: [32, 119, 111, 114, 108, 100], top_logprobs: [] },
    ]
    const item = { id: 'msg_1', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello world', annotations: [], logprobs }] }
    const response = completedResponse('resp_1', [item])
    const shaped = [
      { token: 'Hello', logprob: -0.1, top_logprobs: [{ token: 'Hello', logprob: -0.1 }] },
      { token: ' world', logprob: -0.2, top_logprobs: [] },
    ]
    const events = payloads(asAnswer(response))
    const deltas = events.filter((event) => event['type'] === 'response.output_text.delta')
    expect(deltas.map((event) => event['logprobs'])).toEqual([shaped, []])
    expect(events.find((event) => event['type'] === 'response.output_text.done')?.['logprobs']).toEqual(shaped)
    expect(events.find((event) => event['type'] === 'response.content_part.done')?.['part']).toEqual(item.content[0])
    expect(frames(response).find((event) => event['type'] === 'response.output_text.delta')?.['logprobs']).toEqual(shaped)
    expect(await sdkOutput(asAnswer(response))).toEqual(response['output'])
  })

  it('keeps recorded fields it does not know on the opened item', () => {
    const call = { id: 'ctc_1', type: 'custom_tool_call', status: 'completed', call_id: 'call_1', name: 'run', input: 'ls', namespace: 'shell' }
    const events = frames(completedResponse('resp_1', [call]))
    expect(events[2]?.['item']).toEqual({ ...call, status: 'in_progress', input: '' })
  })

  it('ends a failed response with response.failed and an incomplete one with response.incomplete', () => {
    const failed = frames(completedResponse('resp_1', [], { status: 'failed', error: { code: 'server_error', message: 'x' } }))
    expect(failed.at(-1)?.['type']).toBe('response.failed')
    expect((failed[0]?.['response'] as JsonObject)['error']).toBeNull()
    const incomplete = frames(completedResponse('resp_2', [], { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }))
    expect(incomplete.at(-1)?.['type']).toBe('response.incomplete')
    expect((incomplete[0]?.['response'] as JsonObject)['incomplete_details']).toBeNull()
  })

  it('gives items without an id a stable one from the seed, the same in every event and in the final response', async () => {
    const item = { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi', annotations: [], logprobs: [] }] }
    const response = completedResponse('resp_1', [item])
    const events = frames(response)
    const id = (events[2]?.['item'] as JsonObject)['id']
    expect(id).toMatch(/^msg_[0-9a-f]{48}$/)
    expect(frames(response)).toEqual(events)
    expect(frames(response, 'other seed')[2]?.['item']).not.toMatchObject({ id })
    expect(events[3]?.['item_id']).toBe(id)
    expect(events.find((event) => event['type'] === 'response.output_item.done')?.['item']).toMatchObject({ id })
    expect(((events.at(-1)?.['response'] as JsonObject)['output'] as JsonObject[])[0]).toEqual({ id, ...item })
    const output = await sdkOutput(asAnswer(response))
    expect(output[0]).toMatchObject({ id })
  })
})

describe('isResponseObject', () => {
  it('tells a Response object from an error body', () => {
    expect(isResponseObject(completedResponse('resp_1', []))).toBe(true)
    expect(isResponseObject({ id: 'resp_1', output: [] })).toBe(true)
    expect(isResponseObject({ error: { message: 'nope', type: 'invalid_request_error' } })).toBe(false)
    expect(isResponseObject([1])).toBe(false)
  })
})
