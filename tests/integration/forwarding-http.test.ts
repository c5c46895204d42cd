/**
 * Record-mode forwarding over HTTP: the official SDK talks to a minimal proxy (plain Node server
 * + the HTTP forwarder) in front of the fake upstream; every test checks what the client got
 * and what was captured for the cassette.
 */
import OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import type { HttpInteraction, Interaction, SseInteraction } from '../../src/cassette/model.js'
import { LEAK_KEY, startProxyToDeadUpstream, useForwardingProxy } from '../support/forwarding-proxy.js'

const forwarding = useForwardingProxy()

async function captured<T extends Interaction>(transport: T['transport']): Promise<T> {
  const [interaction] = await forwarding.proxy.waitFor(1)
  expect(interaction?.transport).toBe(transport)
  return interaction as T
}

describe('HTTP JSON', () => {
  it('forwards the key untouched, and captures request and response without it', async () => {
    const response = await forwarding.client.responses.create(
      { model: 'gpt-5.5', input: `my key is ${LEAK_KEY}` },
      { headers: { 'x-tapedeck-scope': 'test-1', 'openai-organization': 'org-kept' } },
    )
    const interaction = await captured<HttpInteraction>('http')
    expect(forwarding.fake.requests[0]?.headers['authorization']).toBe(`Bearer ${LEAK_KEY}`)
    expect(forwarding.fake.requests[0]?.headers['openai-organization']).toBe('org-kept')
    expect(forwarding.fake.requests[0]?.headers['x-tapedeck-scope']).toBeUndefined()
    expect(forwarding.fake.requests[0]?.headers['host']).toBe(new URL(forwarding.fake.url).host)
    expect(interaction.request).toMatchObject({
      method: 'POST',
      path: '/v1/responses',
      headers: { 'content-type': 'application/json' },
    })
    expect(interaction.request.body).toMatchObject({ model: 'gpt-5.5', input: 'my key is <redacted:openai-key>' })
    expect(interaction.response.status).toBe(200)
    expect(interaction.response.body).toMatchObject({ id: response.id, object: 'response', status: 'completed' })
    expect(interaction.response.headers?.['x-request-id']).toMatch(/^req_/)
    expect(interaction.recorded_at).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    expect(JSON.stringify(interaction)).not.toContain('LEAKCHECK')
  })

  it('stores a gzip body decoded while the client decodes the original bytes', async () => {
    const response = await forwarding.client.responses.create({ model: 'gpt-5.5', input: 'zip it [gzip]' })
    expect(response.output_text).toBe('You said: zip it')
    const interaction = await captured<HttpInteraction>('http')
    expect(interaction.response.body).toMatchObject({ id: response.id, status: 'completed' })
    expect(interaction.response.headers?.['content-encoding']).toBeUndefined()
    expect(interaction.response.body_base64).toBeUndefined()
  })

  it('records a 429 with its status, retry headers and error body', async () => {
    const failure = await forwarding.client.responses
      .create({ model: 'gpt-5.5', input: 'x [error:429]' })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError)
    const interaction = await captured<HttpInteraction>('http')
    expect(interaction.response.status).toBe(429)
    expect(interaction.response.headers).toMatchObject({ 'retry-after-ms': '10', 'retry-after': '0' })
    expect(interaction.response.body).toMatchObject({
      error: { type: 'requests', code: 'rate_limit_exceeded', param: null },
    })
  })

  it('records generic endpoints: embeddings as JSON, query strings redacted', async () => {
    await forwarding.client.embeddings.create({ model: 'text-embedding-3-small', input: 'hello' })
    const embedding = await captured<HttpInteraction>('http')
    expect(embedding.request.path).toBe('/v1/embeddings')
    expect(embedding.response.body).toMatchObject({ object: 'list', data: [{ object: 'embedding', index: 0 }] })
    forwarding.proxy.interactions.length = 0
    await forwarding.client.get('/models', { query: { limit: 2, api_key: LEAK_KEY } })
    const models = await captured<HttpInteraction>('http')
    expect(forwarding.fake.requests.at(-1)?.query).toEqual({ limit: '2', api_key: LEAK_KEY })
    expect(models.request).toMatchObject({ method: 'GET', path: '/v1/models', query: { limit: '2', api_key: '<redacted>' } })
  })

  it('stores a binary body as base64, byte for byte what the client received', async () => {
    const speech = await forwarding.client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'hi' })
    const bytes = Buffer.from(await speech.arrayBuffer())
    const interaction = await captured<HttpInteraction>('http')
    expect(interaction.response.headers?.['content-type']).toBe('audio/mpeg')
    expect(interaction.response.body).toBeUndefined()
    expect(Buffer.from(interaction.response.body_base64 ?? '', 'base64').equals(bytes)).toBe(true)
    expect(bytes[0]).toBe(0xff)
  })

  it('answers 502 with an OpenAI error and records nothing when the upstream is down', async () => {
    const { proxy: orphan, upstream } = await startProxyToDeadUpstream()
    try {
      const orphanClient = new OpenAI({ baseURL: orphan.url, apiKey: 'sk-test', maxRetries: 0 })
      const failure = await orphanClient.models.list().catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(OpenAI.InternalServerError)
      const apiError = failure as InstanceType<typeof OpenAI.InternalServerError>
      expect(apiError.status).toBe(502)
      expect(apiError.code).toBe('tapedeck_upstream_unreachable')
      expect(apiError.type).toBe('upstream_error')
      expect(apiError.message).toContain(`Failed to reach the upstream ${upstream}`)
      expect(apiError.headers.get('x-should-retry')).toBe('false')
      expect(apiError.headers.get('x-request-id')).toMatch(/^req_tapedeck_\d+$/)
      expect(orphan.interactions).toHaveLength(0)
    } finally {
      await orphan.close()
    }
  })
})

describe('SSE', () => {
  it('captures every event in order with monotonic offsets', async () => {
    const received: unknown[] = []
    const stream = await forwarding.client.responses.create({ model: 'gpt-5.5', input: 'tell me three words', stream: true })
    for await (const event of stream) received.push(event)
    const interaction = await captured<SseInteraction>('sse')
    const events = interaction.response.events
    expect(events.map((event) => event.data)).toEqual(received)
    expect(events.map((event) => event.event)).toEqual(received.map((event) => (event as { type: string }).type))
    expect(events.at(-1)?.event).toBe('response.completed')
    const offsets = events.map((event) => event.at)
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b))
    expect(interaction.response.truncated).toBeUndefined()
    expect(interaction.response.headers?.['content-type']).toMatch(/^text\/event-stream/)
  })

  it('keeps a key echoed in deltas and the final response out of the recording', async () => {
    const final = await forwarding.client.responses.stream({ model: 'gpt-5.5', input: `remember ${LEAK_KEY} please` }).finalResponse()
    expect(final.output_text).toContain(LEAK_KEY)
    const interaction = await captured<SseInteraction>('sse')
    expect(interaction.response.events.length).toBeGreaterThan(5)
    expect(JSON.stringify(interaction)).not.toContain('LEAKCHECK')
    const deltas = interaction.response.events
      .filter((event) => event.event === 'response.output_text.delta')
      .map((event) => (event.data as { delta: string }).delta)
    expect(deltas.join('')).toBe('You said: remember <redacted:openai-key> please')
  })

  it('works with responses.stream().finalResponse() and records a function call', async () => {
    const final = await forwarding.client.responses.stream({ model: 'gpt-5.5', input: 'weather [tool:get_weather]' }).finalResponse()
    expect(final.output[0]?.type).toBe('function_call')
    const interaction = await captured<SseInteraction>('sse')
    expect(interaction.response.events.map((event) => event.event)).toContain('response.function_call_arguments.delta')
  })

  it('records chat streams with tool calls, the usage chunk and [DONE]', async () => {
    const stream = forwarding.client.chat.completions.stream({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'Paris? [tool:get_weather]' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      stream_options: { include_usage: true },
    })
    const completion = await stream.finalChatCompletion()
    expect(completion.choices[0]?.message.tool_calls?.[0]?.type).toBe('function')
    const interaction = await captured<SseInteraction>('sse')
    const events = interaction.response.events
    expect(events.at(-1)).toMatchObject({ raw_data: '[DONE]' })
    expect(events.at(-2)?.data).toMatchObject({ choices: [], usage: { total_tokens: completion.usage?.total_tokens } })
    const firstCall = { index: 0, function: { name: 'get_weather' } }
    expect(events[0]?.data).toMatchObject({ choices: [{ delta: { role: 'assistant', tool_calls: [firstCall] } }] })
    expect(events.every((event) => event.event === undefined)).toBe(true)
  })

  it('records an error event and response.failed as they happened', async () => {
    const stream = forwarding.client.responses.stream({ model: 'gpt-5.5', input: 'x [fail-mid-stream]' })
    await expect(stream.finalResponse()).rejects.toThrow()
    const interaction = await captured<SseInteraction>('sse')
    const names = interaction.response.events.map((event) => event.event)
    expect(names.slice(-2)).toEqual(['error', 'response.failed'])
    expect(interaction.response.truncated).toBeUndefined()
  })

  it('cuts the client where the upstream cut, and marks the recording truncated', async () => {
    const received: unknown[] = []
    const consume = async () => {
      const input = 'one two three four five [cut:5]'
      const stream = await forwarding.client.responses.create({ model: 'gpt-5.5', input, stream: true })
      for await (const event of stream) received.push(event)
    }
    await expect(consume()).rejects.toThrow()
    const interaction = await captured<SseInteraction>('sse')
    expect(interaction.response.truncated).toBe(true)
    expect(interaction.response.events).toHaveLength(5)
    expect(received).toHaveLength(5)
  })

  it('decodes a gzip event stream for storage, event by event', async () => {
    const final = await forwarding.client.responses.stream({ model: 'gpt-5.5', input: 'squeeze [gzip]' }).finalResponse()
    expect(final.output_text).toBe('You said: squeeze')
    const interaction = await captured<SseInteraction>('sse')
    expect(interaction.response.events.at(-1)?.event).toBe('response.completed')
    expect(interaction.response.truncated).toBeUndefined()
  })

  it('stops the upstream and records what arrived when the client goes away mid-stream', async () => {
    const stream = await forwarding.client.responses.create({ model: 'gpt-5.5', input: 'a b c d e f [slow:30]', stream: true })
    for await (const event of stream) {
      if (event.type === 'response.output_item.added') break
    }
    const interaction = await captured<SseInteraction>('sse')
    expect(interaction.response.truncated).toBe(true)
    expect(interaction.notes).toContain('The client closed the connection before the upstream finished.')
    expect(interaction.response.events.length).toBeLessThan(10)
  })

  it('passes each event on as it arrives instead of buffering the stream', async () => {
    const started = performance.now()
    const arrivals: number[] = []
    const stream = await forwarding.client.responses.create({ model: 'gpt-5.5', input: 'a b [slow:25]', stream: true })
    for await (const _event of stream) arrivals.push(performance.now() - started)
    const total = performance.now() - started
    expect(arrivals.length).toBeGreaterThan(8)
    expect(arrivals[0]).toBeLessThan(total / 2)
    const interaction = await captured<SseInteraction>('sse')
    const offsets = interaction.response.events.map((event) => event.at)
    expect(offsets[0]).toBeLessThan((offsets.at(-1) ?? 0) / 2)
  })
})
