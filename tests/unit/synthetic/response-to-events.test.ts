import { describe, expect, it } from 'vitest'
import { expandResponses } from '../../../src/synthetic/expand-responses.js'
import { responseToEvents } from '../../../src/synthetic/response-to-events.js'
import type { SyntheticAnswer } from '../../../src/synthetic/types.js'
import type { JsonObject } from '../../../src/util/json.js'
import { payloads, responsesViolations, sdkFinalResponse } from './sdk-harness.js'

function asAnswer(response: JsonObject, seed = 'r2e'): SyntheticAnswer {
  return { kind: 'stream', status: 200, headers: { 'content-type': 'text/event-stream' }, events: responseToEvents(response, seed), truncated: false }
}

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
})
