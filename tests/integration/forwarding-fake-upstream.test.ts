/**
 * The fake upstream itself, driven directly by the official SDK: if the SDK's strict
 * accumulators accept its output, the forwarding tests exercise realistic traffic.
 */
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { collectWsTurn, openResponsesWS } from '../support/ws-client.js'

let fake: FakeOpenAI
let client: OpenAI

beforeAll(async () => {
  fake = await startFakeOpenAI()
  client = new OpenAI({ baseURL: fake.url, apiKey: 'sk-test-direct', maxRetries: 0 })
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => fake.reset())

describe('fake upstream over HTTP', () => {
  it('streams a Responses answer the SDK accumulator accepts', async () => {
    const stream = client.responses.stream({ model: 'gpt-5.5', input: 'hello there' })
    const final = await stream.finalResponse()
    expect(final.output_text).toBe('You said: hello there')
    expect(final.usage?.total_tokens).toBeGreaterThan(0)
    expect(fake.requests[0]?.headers['authorization']).toBe('Bearer sk-test-direct')
  })

  it('answers JSON and keeps stored responses for GET /v1/responses/{id}', async () => {
    const created = await client.responses.create({ model: 'gpt-5.5', input: 'store me' })
    const fetched = await client.responses.retrieve(created.id)
    expect(fetched.id).toBe(created.id)
    expect(fetched.output_text).toBe('You said: store me')
  })

  it('makes a function call on [tool:NAME]', async () => {
    const final = await client.responses.stream({ model: 'gpt-5.5', input: 'weather? [tool:get_weather]' }).finalResponse()
    const call = final.output[0]
    expect(call?.type).toBe('function_call')
    if (call?.type !== 'function_call') throw new Error('expected a function call')
    expect(call.name).toBe('get_weather')
    expect(JSON.parse(call.arguments)).toEqual({ input: 'weather?' })
  })

  it('streams chat tool calls the chat accumulator accepts, with a usage chunk on request', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'Paris? [tool:get_weather]' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      stream_options: { include_usage: true },
    })
    const completion = await stream.finalChatCompletion()
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls')
    const call = completion.choices[0]?.message.tool_calls?.[0]
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } })
    expect(completion.usage?.total_tokens).toBeGreaterThan(0)
  })

  it('answers [error:429] with an OpenAI error and retry headers', async () => {
    const failure = await client.responses
      .create({ model: 'gpt-5.5', input: 'x [error:429]' })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError)
    expect((failure as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after-ms')).toBe('10')
  })

  it('fails mid-stream with an error event', async () => {
    const stream = client.responses.stream({ model: 'gpt-5.5', input: 'x [fail-mid-stream]' })
    await expect(stream.finalResponse()).rejects.toThrow(/failed mid-stream/)
  })

  it('returns base64 embeddings the SDK decodes', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] })
    expect(result.data).toHaveLength(2)
    expect(result.data[0]?.embedding).toHaveLength(8)
  })
})

describe('fake upstream in WebSocket mode', () => {
  it('chains on the connection and rejects a stale previous_response_id with store:false', async () => {
    const { ws, errors } = openResponsesWS(client)
    const create = (fields: Record<string, unknown>) => ({ type: 'response.create', model: 'gpt-5.5', store: false, ...fields })
    const first = await collectWsTurn(ws, create({ input: 'one' }))
    const firstId = first.at(-1)?.response?.id
    const second = await collectWsTurn(ws, create({ previous_response_id: firstId, input: 'two' }))
    expect(second.at(-1)?.type).toBe('response.completed')
    const stale = await collectWsTurn(ws, create({ previous_response_id: firstId, input: 'three' }))
    expect(stale).toHaveLength(1)
    expect(stale[0]).toMatchObject({
      type: 'error',
      status: 400,
      error: { code: 'previous_response_not_found', param: 'previous_response_id' },
    })
    const warmup = await collectWsTurn(ws, create({ generate: false, input: 'warm' }))
    expect(warmup.map((event) => event.type)).toEqual(['response.created', 'response.completed'])
    ws.close()
    expect(errors).toHaveLength(1)
    expect(fake.wsConnections).toBe(1)
    expect(fake.requests.filter((request) => request.kind === 'ws-frame')).toHaveLength(4)
  })
})
