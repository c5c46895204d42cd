import { APIError } from 'openai'
import { describe, expect, it } from 'vitest'
import type { CompactReply } from '../../../src/scenario/types.js'
import { expandResponses } from '../../../src/synthetic/expand-responses.js'
import type { SyntheticAnswer } from '../../../src/synthetic/types.js'
import type { JsonObject } from '../../../src/util/json.js'
import { payloads, responsesViolations, sdkFinalResponse } from './sdk-harness.js'

const request: JsonObject = { model: 'gpt-5.5', input: 'Say hello to the world', stream: true }

function stream(reply: CompactReply, overrides: JsonObject = {}, seed = 'cassettes/a.yaml#0.0.0'): SyntheticAnswer {
  return expandResponses(reply, { request: { ...request, ...overrides }, seed, stream: true })
}

function types(answer: SyntheticAnswer): string[] {
  return payloads(answer).map((event) => String(event['type']))
}

describe('expandResponses: streams', () => {
  it('streams one text message in the canonical order, numbered from 0', () => {
    const answer = stream({ text: 'Hello big world' })
    expect(types(answer)).toEqual([
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
    const events = payloads(answer)
    expect(events.map((event) => event['sequence_number'])).toEqual(events.map((_, index) => index))
    expect(events.filter((event) => event['type'] === 'response.output_text.delta').map((event) => event['delta'])).toEqual(['Hello', ' big', ' world'])
    expect(answer.kind === 'stream' && answer.events.every((event) => 'event' in event && event.event === ('data' in event ? event.data['type'] : ''))).toBe(true)
    expect(responsesViolations(answer)).toEqual([])
  })

  it('keeps one response id, uses item ids as item_id, and never sends output_text on the Response', () => {
    const events = payloads(stream({ text: 'Hi', tool_calls: [{ name: 'lookup', arguments: { q: 'x' } }] }))
    const ids = events.flatMap((event) => (event['response'] ? [(event['response'] as JsonObject)['id']] : []))
    expect(new Set(ids).size).toBe(1)
    expect(String(ids[0])).toMatch(/^resp_[0-9a-f]{48}$/)
    for (const event of events) {
      if (event['response']) expect(event['response']).not.toHaveProperty('output_text')
    }
    const call = events.find((event) => event['type'] === 'response.output_item.added' && (event['item'] as JsonObject)['type'] === 'function_call')
    const item = call?.['item'] as JsonObject
    expect(item['id']).toMatch(/^fc_[0-9a-f]{48}$/)
    expect(item['call_id']).toMatch(/^call_[0-9a-f]{32}$/)
    const deltas = events.filter((event) => event['type'] === 'response.function_call_arguments.delta')
    expect(deltas.every((event) => event['item_id'] === item['id'])).toBe(true)
    expect(deltas.map((event) => event['delta']).join('')).toBe('{"q":"x"}')
  })

  it('puts reasoning first, then the message, then tool calls, and the SDK accumulates all of it', async () => {
    const reply: CompactReply = {
      reasoning: ['First I think.', 'Then I decide.'],
      text: 'Checking the weather.',
      tool_calls: [
        { name: 'get_weather', arguments: { city: 'Paris' } },
        { name: 'get_time', arguments: '{"tz": "CET"}', call_id: 'call_fixed' },
      ],
    }
    const answer = stream(reply)
    expect(responsesViolations(answer)).toEqual([])
    const final = await sdkFinalResponse(answer, request)
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call'])
    expect(final.output_text).toBe('Checking the weather.')
    const [reasoning, , weather, time] = final.output
    expect(reasoning?.type === 'reasoning' && reasoning.summary.map((part) => part.text)).toEqual(['First I think.', 'Then I decide.'])
    expect(weather?.type === 'function_call' && [weather.name, weather.arguments]).toEqual(['get_weather', '{"city":"Paris"}'])
    expect(time?.type === 'function_call' && [time.arguments, time.call_id]).toEqual(['{"tz": "CET"}', 'call_fixed'])
  })

  it('streams a refusal as a refusal part', async () => {
    const answer = stream({ refusal: "I can't help with that." })
    expect(types(answer)).toContain('response.refusal.delta')
    expect(responsesViolations(answer)).toEqual([])
    const final = await sdkFinalResponse(answer, request)
    const message = final.output[0]
    expect(message?.type === 'message' && message.content[0]).toMatchObject({ type: 'refusal', refusal: "I can't help with that." })
  })

  it('follows the output list order exactly', async () => {
    const answer = stream({ output: [{ tool_call: { name: 'a' } }, { text: 'between' }, { reasoning: '' }, { text: 'after' }] })
    expect(responsesViolations(answer)).toEqual([])
    const final = await sdkFinalResponse(answer, request)
    expect(final.output.map((item) => item.type)).toEqual(['function_call', 'message', 'reasoning', 'message'])
    expect(final.output_text).toBe('betweenafter')
    expect(types(answer)).not.toContain('response.reasoning_summary_part.added')
  })

  it('counts usage from the text, reasoning tokens inside output tokens', () => {
    const events = payloads(stream({ reasoning: 'abcdefgh', text: 'abcd' }))
    const usage = (events.at(-1)?.['response'] as JsonObject)['usage']
    expect(usage).toEqual({
      input_tokens: 6,
      input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      output_tokens: 3,
      output_tokens_details: { reasoning_tokens: 2 },
      total_tokens: 9,
    })
    const overridden = payloads(stream({ text: 'x', usage: { input_tokens: 100, output_tokens: 50, reasoning_tokens: 20, cached_tokens: 64 } }))
    expect((overridden.at(-1)?.['response'] as JsonObject)['usage']).toMatchObject({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 64 },
      output_tokens: 50,
      output_tokens_details: { reasoning_tokens: 20 },
      total_tokens: 150,
    })
  })

  it('adds obfuscation to text and summary deltas unless the request turns it off', () => {
    const withObfuscation = payloads(stream({ reasoning: 'Hmm', text: 'Hi' })).filter((event) => String(event['type']).endsWith('text.delta'))
    expect(withObfuscation).toHaveLength(2)
    for (const event of withObfuscation) expect(String(event['delta']).length + String(event['obfuscation']).length).toBe(16)
    const without = payloads(stream({ reasoning: 'Hmm', text: 'Hi' }, { stream_options: { include_obfuscation: false } }))
    expect(without.some((event) => 'obfuscation' in event)).toBe(false)
  })

  it('carries logprobs: [] by default and synthetic logprobs when the request includes them', async () => {
    const plain = payloads(stream({ text: 'Hi there' }))
    const plainDeltas = plain.filter((event) => event['type'] === 'response.output_text.delta')
    expect(plainDeltas.map((event) => event['logprobs'])).toEqual([[], []])
    const asked = { include: ['message.output_text.logprobs'], top_logprobs: 3 }
    const answer = stream({ text: 'Hi there' }, asked)
    expect(responsesViolations(answer)).toEqual([])
    const deltas = payloads(answer).filter((event) => event['type'] === 'response.output_text.delta')
    const first = (deltas[0]?.['logprobs'] as JsonObject[])[0]
    expect(first).toMatchObject({ token: 'Hi' })
    expect(first?.['top_logprobs']).toHaveLength(3)
    const final = await sdkFinalResponse(answer, { ...request, ...asked })
    const part = final.output[0]?.type === 'message' ? final.output[0].content[0] : undefined
    expect(part?.type === 'output_text' && part.logprobs?.map((entry) => [entry.token, entry.bytes])).toEqual([
      ['Hi', [72, 105]],
      [' there', [32, 116, 104, 101, 114, 101]],
    ])
  })

  it('adds encrypted_content to reasoning items when the request includes it', () => {
    const events = payloads(stream({ reasoning: 'x', text: 'y' }, { include: ['reasoning.encrypted_content'] }))
    const done = events.find((event) => event['type'] === 'response.output_item.done')
    expect((done?.['item'] as JsonObject)['encrypted_content']).toMatch(/^gAAAAA/)
  })

  it('echoes the request settings on the Response object', () => {
    const settings: JsonObject = {
      instructions: 'Be brief.',
      previous_response_id: 'resp_prev',
      store: false,
      tools: [{ type: 'function', name: 'f', parameters: {} }],
      reasoning: { effort: 'low', summary: 'auto' },
    }
    const created = payloads(stream({ text: 'x' }, settings))[0]
    expect(created?.['response']).toMatchObject({
      status: 'in_progress',
      instructions: 'Be brief.',
      previous_response_id: 'resp_prev',
      store: false,
      tools: [{ type: 'function', name: 'f', parameters: {} }],
      reasoning: { effort: 'low', summary: 'auto' },
      model: 'gpt-5.5',
      output: [],
      usage: null,
    })
    expect(payloads(stream({ text: 'x', model: 'gpt-5.5-2026-01-01' }))[0]?.['response']).toMatchObject({ model: 'gpt-5.5-2026-01-01' })
  })

  it('chunks per character and per n characters on request', () => {
    const deltas = (answer: SyntheticAnswer) => payloads(answer).filter((event) => event['type'] === 'response.output_text.delta').map((event) => event['delta'])
    expect(deltas(stream({ text: 'h€y', chunking: 'char' }))).toEqual(['h', '€', 'y'])
    expect(deltas(stream({ text: 'abcdefg', chunking: { chars: 3 } }))).toEqual(['abc', 'def', 'g'])
  })

  it('times events from ttft_ms and tbt_ms or tokens_per_second', () => {
    const at = (answer: SyntheticAnswer) => (answer.kind === 'stream' ? answer.events.map((event) => event.at) : [])
    expect(at(stream({ text: 'a b c', ttft_ms: 100, tbt_ms: 20 }))).toEqual([0, 0, 0, 0, 100, 120, 140, 140, 140, 140, 140])
    expect(at(stream({ text: 'a b', ttft_ms: 10, tokens_per_second: 50 })).slice(4, 6)).toEqual([10, 30])
    expect(at(stream({ text: 'a b' })).every((value) => value === 0)).toBe(true)
  })

  it('is deterministic for a seed and differs between seeds', () => {
    const reply: CompactReply = { reasoning: 'r', text: 'Hello there', tool_calls: [{ name: 'f' }] }
    expect(stream(reply, {}, 'seed-1')).toEqual(stream(reply, {}, 'seed-1'))
    const first = payloads(stream(reply, {}, 'seed-1'))[0]?.['response'] as JsonObject
    const second = payloads(stream(reply, {}, 'seed-2'))[0]?.['response'] as JsonObject
    expect(first['id']).not.toBe(second['id'])
    expect(first['created_at']).toBeGreaterThanOrEqual(1_763_900_000)
    expect(payloads(stream({ text: 'x', id: 'resp_kept' }))[0]?.['response']).toMatchObject({ id: 'resp_kept' })
  })

  it('fails after N events with an error event and response.failed, which the SDK raises', async () => {
    const answer = stream({ text: 'one two three four', fail_after: 5, fail_with: { code: 'server_error', message: 'Boom.' } })
    expect(types(answer)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'error',
      'response.failed',
    ])
    const events = payloads(answer)
    expect(events[5]).toEqual({ type: 'error', sequence_number: 5, code: 'server_error', message: 'Boom.', param: null })
    expect(events[6]?.['response']).toMatchObject({ status: 'failed', error: { code: 'server_error', message: 'Boom.' }, output: [] })
    expect(responsesViolations(answer)).toEqual([])
    await expect(sdkFinalResponse(answer, request)).rejects.toBeInstanceOf(APIError)
  })

  it('lists the items finished before a failure in response.failed, and can nest the error', () => {
    const answer = stream({ tool_calls: [{ name: 'a' }, { name: 'b' }], fail_after: 7, fail_with: { shape: 'nested' } })
    const events = payloads(answer)
    const error = events.find((event) => event['type'] === 'error')
    expect(error?.['error']).toMatchObject({ type: 'server_error', code: 'server_error', param: null })
    const failed = events.at(-1)?.['response'] as JsonObject
    expect((failed['output'] as JsonObject[]).map((item) => item['name'])).toEqual(['a'])
    expect(responsesViolations(answer)).toEqual([])
  })

  it('turns fail_after: 0 into an HTTP 500 before any event', () => {
    const answer = stream({ text: 'x', fail_after: 0 })
    expect(answer).toMatchObject({ kind: 'json', status: 500, body: { error: { type: 'server_error', code: 'server_error' } } })
  })

  it('drops the connection after N events on disconnect_after', () => {
    const answer = stream({ text: 'one two three', disconnect_after: 4 })
    expect(answer).toMatchObject({ kind: 'stream', truncated: true })
    expect(types(answer)).toHaveLength(4)
    expect(responsesViolations(answer)).toEqual([])
  })

  it('ends with response.incomplete and an incomplete item when the reply says so', async () => {
    const answer = stream({ text: 'cut', incomplete: 'max_output_tokens' })
    const last = payloads(answer).at(-1)
    expect(last?.['type']).toBe('response.incomplete')
    expect(last?.['response']).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } })
    expect(responsesViolations(answer)).toEqual([])
    const final = await sdkFinalResponse(answer, request)
    expect(final.status).toBe('incomplete')
    expect(final.output_text).toBe('cut')
  })
})

describe('expandResponses: JSON, errors and WebSocket', () => {
  it('answers a non-streaming request with the final Response object', () => {
    const answer = expandResponses({ text: 'Hello' }, { request: { ...request, stream: false }, seed: 's', stream: false })
    expect(answer).toMatchObject({ kind: 'json', status: 200, headers: { 'content-type': 'application/json' } })
    expect(answer.kind === 'json' && answer.body).toMatchObject({
      object: 'response',
      status: 'completed',
      output: [{ type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello', annotations: [], logprobs: [] }] }],
    })
    expect(answer.kind === 'json' && answer.body).not.toHaveProperty('output_text')
    expect(responsesViolations(answer)).toEqual([])
  })

  it('gives the same Response as JSON as at the end of the stream', () => {
    const reply: CompactReply = { reasoning: 'r', text: 'same', tool_calls: [{ name: 'f' }] }
    const json = expandResponses(reply, { request, seed: 's', stream: false })
    const streamed = payloads(expandResponses(reply, { request, seed: 's', stream: true })).at(-1)?.['response']
    expect(json.kind === 'json' && json.body).toEqual(streamed)
  })

  it('answers an error reply with its status, a default body and a short retry delay', () => {
    const answer = expandResponses({ error: { status: 429 } }, { request, seed: 's', stream: true })
    expect(answer).toMatchObject({
      kind: 'json',
      status: 429,
      headers: { 'retry-after-ms': '10', 'content-type': 'application/json' },
      body: { error: { type: 'requests', code: 'rate_limit_exceeded', param: null } },
    })
    const error = {
      status: 400,
      code: 'context_length_exceeded',
      message: 'Too long.',
      param: 'input',
      headers: { 'x-should-retry': 'false' },
    }
    const custom = expandResponses({ error }, { request, seed: 's', stream: false })
    expect(custom).toMatchObject({
      status: 400,
      headers: { 'x-should-retry': 'false' },
      body: { error: { message: 'Too long.', code: 'context_length_exceeded', param: 'input', type: 'invalid_request_error' } },
    })
    expect(custom.headers).not.toHaveProperty('retry-after-ms')
    expect(responsesViolations(answer)).toEqual([])
  })

  it('over WebSocket sends an error reply as one nested error frame and events without SSE names', () => {
    const error = expandResponses({ error: { status: 429 } }, { request, seed: 's', stream: true, transport: 'websocket' })
    expect(payloads(error)).toEqual([
      { type: 'error', status: 429, error: { message: 'Rate limit reached for requests. Please try again shortly.', type: 'requests', code: 'rate_limit_exceeded', param: null } },
    ])
    const answer = expandResponses({ text: 'hi' }, { request, seed: 's', stream: false, transport: 'websocket' })
    expect(answer.kind === 'stream' && answer.events.some((event) => 'event' in event)).toBe(false)
    expect(responsesViolations(answer, true)).toEqual([])
  })
})
