import { APIError } from 'openai'
import { describe, expect, it } from 'vitest'
import type { CompactReply } from '../../../src/scenario/types.js'
import { expandChat } from '../../../src/synthetic/expand-chat.js'
import type { SyntheticAnswer } from '../../../src/synthetic/types.js'
import type { JsonObject } from '../../../src/util/json.js'
import { chatViolations, payloads, sdkFinalChatCompletion } from './sdk-harness.js'

const request: JsonObject = { model: 'gpt-5.5', messages: [{ role: 'user', content: 'What is the weather in Paris?' }], stream: true }

function stream(reply: CompactReply, overrides: JsonObject = {}): SyntheticAnswer {
  return expandChat(reply, { request: { ...request, ...overrides }, seed: 'cassettes/c.yaml#0.0.0', stream: true })
}

function deltas(answer: SyntheticAnswer): JsonObject[] {
  return payloads(answer).flatMap((chunk) => {
    const choice = (chunk['choices'] as JsonObject[])[0]
    return choice === undefined ? [] : [choice['delta'] as JsonObject]
  })
}

describe('expandChat: streams', () => {
  it('sends a role chunk, content chunks, a finish chunk and [DONE], with explicit nulls', () => {
    const answer = stream({ text: 'Sunny in Paris' })
    expect(deltas(answer)).toEqual([
      { role: 'assistant', content: '', refusal: null },
      { content: 'Sunny' },
      { content: ' in' },
      { content: ' Paris' },
      {},
    ])
    const chunks = payloads(answer)
    expect(chunks.every((chunk) => chunk['object'] === 'chat.completion.chunk' && chunk['id'] === chunks[0]?.['id'])).toBe(true)
    expect(String(chunks[0]?.['id'])).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/)
    expect((chunks[1]?.['choices'] as JsonObject[])[0]).toEqual({ index: 0, delta: { content: 'Sunny' }, logprobs: null, finish_reason: null })
    expect((chunks.at(-1)?.['choices'] as JsonObject[])[0]?.['finish_reason']).toBe('stop')
    expect(answer.kind === 'stream' && answer.events.at(-1)).toEqual({ at: 0, raw_data: '[DONE]' })
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false)
    expect(chatViolations(answer, false)).toEqual([])
  })

  it('streams tool calls with index on every fragment and id, type and name on the first', async () => {
    const answer = stream({ tool_calls: [{ name: 'get_weather', arguments: { city: 'Paris' } }, { name: 'get_time', call_id: 'call_t' }] })
    const fragments = deltas(answer).flatMap((delta) => (delta['tool_calls'] as JsonObject[] | undefined) ?? [])
    expect(fragments.every((fragment) => typeof fragment['index'] === 'number')).toBe(true)
    expect(fragments.filter((fragment) => 'id' in fragment).map((fragment) => [fragment['index'], fragment['type'], (fragment['function'] as JsonObject)['name']])).toEqual([
      [0, 'function', 'get_weather'],
      [1, 'function', 'get_time'],
    ])
    expect(deltas(answer)[0]).toEqual({ role: 'assistant', content: null, refusal: null })
    expect(chatViolations(answer, false)).toEqual([])
    const final = await sdkFinalChatCompletion(answer, request)
    const choice = final.choices[0]
    expect(choice?.finish_reason).toBe('tool_calls')
    expect(choice?.message.content).toBeNull()
    expect(choice?.message.tool_calls?.map((call) => (call.type === 'function' ? [call.id, call.function.name, call.function.arguments] : []))).toEqual([
      [expect.stringMatching(/^call_[0-9a-f]{32}$/), 'get_weather', '{"city":"Paris"}'],
      ['call_t', 'get_time', '{}'],
    ])
  })

  it('adds a usage chunk and usage: null on the others only with include_usage', async () => {
    const answer = stream({ text: 'abcd efgh', reasoning: 'abcdefgh' }, { stream_options: { include_usage: true } })
    const chunks = payloads(answer)
    expect(chunks.slice(0, -1).every((chunk) => chunk['usage'] === null)).toBe(true)
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13, completion_tokens_details: { reasoning_tokens: 2 } },
    })
    expect(chatViolations(answer, true)).toEqual([])
    const final = await sdkFinalChatCompletion(answer, { ...request, stream_options: { include_usage: true } })
    expect(final.usage?.total_tokens).toBe(13)
    expect(final.choices[0]?.message.content).toBe('abcd efgh')
  })

  it('adds obfuscation to every chunk unless the request turns it off', () => {
    expect(payloads(stream({ text: 'x' })).every((chunk) => typeof chunk['obfuscation'] === 'string')).toBe(true)
    expect(payloads(stream({ text: 'x' }, { stream_options: { include_obfuscation: false } })).some((chunk) => 'obfuscation' in chunk)).toBe(false)
  })

  it('streams a refusal, and joins several texts with a blank line', async () => {
    const refusal = await sdkFinalChatCompletion(stream({ refusal: 'No can do.' }), request)
    expect(refusal.choices[0]?.message).toMatchObject({ refusal: 'No can do.', content: null })
    const joined = await sdkFinalChatCompletion(stream({ output: [{ text: 'one' }, { text: 'two' }] }), request)
    expect(joined.choices[0]?.message.content).toBe('one\n\ntwo')
  })

  it('carries logprobs on content chunks when the request asks for them', async () => {
    const answer = stream({ text: 'Hi there' }, { logprobs: true, top_logprobs: 2 })
    const content = payloads(answer).map((chunk) => (chunk['choices'] as JsonObject[])[0]?.['logprobs'])
    expect(content[0]).toBeNull()
    expect(content[1]).toMatchObject({ content: [{ token: 'Hi', bytes: [72, 105] }], refusal: null })
    expect(chatViolations(answer, false)).toEqual([])
    const final = await sdkFinalChatCompletion(answer, { ...request, logprobs: true, top_logprobs: 2 })
    expect(final.choices[0]?.logprobs?.content?.map((entry) => entry.token)).toEqual(['Hi', ' there'])
  })

  it('fails after N chunks with an error chunk the SDK raises', async () => {
    const answer = stream({ text: 'one two three', fail_after: 2, fail_with: { message: 'Upstream broke.' } })
    const chunks = payloads(answer)
    expect(chunks).toHaveLength(3)
    expect(chunks[2]).toEqual({ error: { message: 'Upstream broke.', type: 'server_error', param: null, code: 'server_error' } })
    expect(answer.kind === 'stream' && answer.events.some((event) => 'raw_data' in event)).toBe(false)
    await expect(sdkFinalChatCompletion(answer, request)).rejects.toBeInstanceOf(APIError)
  })

  it('cuts the stream after N events on disconnect_after, and maps incomplete to finish reasons', () => {
    const cut = stream({ text: 'one two three', disconnect_after: 3 })
    expect(cut).toMatchObject({ truncated: true })
    expect(cut.kind === 'stream' && cut.events).toHaveLength(3)
    const length = payloads(stream({ text: 'cut', incomplete: 'max_output_tokens' })).at(-1)
    expect((length?.['choices'] as JsonObject[])[0]?.['finish_reason']).toBe('length')
    const filtered = payloads(stream({ text: 'x', incomplete: 'content_filter' })).at(-1)
    expect((filtered?.['choices'] as JsonObject[])[0]?.['finish_reason']).toBe('content_filter')
  })
})

describe('expandChat: JSON and errors', () => {
  it('answers a non-streaming request with a chat.completion, explicit nulls included', () => {
    const reply: CompactReply = { text: 'Hello', tool_calls: [{ name: 'f', arguments: { a: 1 }, call_id: 'call_1' }] }
    const answer = expandChat(reply, { request: { ...request, stream: false }, seed: 's', stream: false })
    expect(answer).toMatchObject({ kind: 'json', status: 200 })
    expect(answer.kind === 'json' && answer.body).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-5.5',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello', refusal: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }] },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 },
    })
    expect(chatViolations(answer, false)).toEqual([])
  })

  it('answers error replies and non-streamed failures as HTTP errors', () => {
    expect(expandChat({ error: { status: 503 } }, { request, seed: 's', stream: true })).toMatchObject({
      kind: 'json',
      status: 503,
      headers: { 'retry-after-ms': '10' },
      body: { error: { type: 'server_error', code: null } },
    })
    expect(expandChat({ text: 'x', fail_after: 3 }, { request, seed: 's', stream: false })).toMatchObject({ kind: 'json', status: 500 })
  })
})
