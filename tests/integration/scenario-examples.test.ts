/**
 * Every example of docs/scenarios.md, played end to end through startTapedeck with the official
 * openai SDK: an agent tool loop, a custom (freeform) tool call, a 429 and the SDK's own retry, a
 * stream that fails mid-way, and a WebSocket chain with previous_response_id.
 */
import OpenAI, { APIError } from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import { docExample, docExamples, docSnippetUnder, finalResponse, openWsSession, tempFolder, writeCassette } from './scenario-support.js'

const running: RunningTapedeck[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((tapedeck) => tapedeck.close()))
})

/** Start tapedeck (replay) on one example of the doc, written to a temporary cassette. */
async function startOnExample(name: string): Promise<{ tapedeck: RunningTapedeck; file: string }> {
  const file = writeCassette(tempFolder(), `${name}.yaml`, docExample(name))
  const tapedeck = await startTapedeck({ mode: 'replay', cassette: file })
  running.push(tapedeck)
  return { tapedeck, file }
}

function clientFor(tapedeck: RunningTapedeck, scope: string, options: { maxRetries?: number; fetch?: typeof fetch } = {}) {
  return new OpenAI({
    baseURL: tapedeck.baseURL,
    apiKey: 'sk-test',
    maxRetries: options.maxRetries ?? 0,
    defaultHeaders: { 'x-tapedeck-scope': scope },
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  })
}

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'The forecast for a city.',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city', 'unit'],
    additionalProperties: false,
  },
  strict: true,
}

describe('the examples of docs/scenarios.md', () => {
  it('has the examples the page promises', () => {
    expect([...docExamples().keys()]).toEqual([
      'tool-loop',
      'custom-tool',
      'rate-limit-retry',
      'mid-stream-failure',
      'websocket-chain',
    ])
  })

  it('streams a custom tool call over SSE and WebSocket, then answers its output', async () => {
    const { tapedeck } = await startOnExample('custom-tool')
    const openai = clientFor(tapedeck, 'custom-tool')
    const tools = [{ type: 'custom' as const, name: 'run_sql' }]
    const question = 'How many orders are open?'
    const first = await openai.responses.stream({ model: 'gpt-5.5', input: question, tools }).finalResponse()
    const call = first.output.find((item) => item.type === 'custom_tool_call')
    if (call?.type !== 'custom_tool_call') throw new Error('expected a custom tool call')
    expect(call).toMatchObject({ name: 'run_sql', input: "SELECT count(*) FROM orders WHERE status = 'open';" })
    const second = await openai.responses.create({
      model: 'gpt-5.5',
      tools,
      input: [{ role: 'user', content: question }, call, { type: 'custom_tool_call_output', call_id: call.call_id, output: '42' }],
    })
    expect(second.output_text).toBe('There are 42 open orders.')
    const session = openWsSession(tapedeck, 'custom-tool-ws')
    const overWs = finalResponse(await session.turn({ model: 'gpt-5.5', input: question, tools }))
    expect(overWs.output).toEqual([expect.objectContaining({ type: 'custom_tool_call', name: 'run_sql', input: call.input })])
    session.close()
  })

  it('answers from the rule of "Where rules live"', async () => {
    const file = writeCassette(tempFolder(), 'greet.yaml', docSnippetUnder('Where rules live'))
    const tapedeck = await startTapedeck({ mode: 'replay', cassette: file })
    running.push(tapedeck)
    const response = await clientFor(tapedeck, 'greet').responses.create({ model: 'gpt-5.5', input: 'hello!' })
    expect(response.output_text).toBe('Hello! How can I help?')
  })

  it('runs the agent tool loop: reasoning and two parallel calls, then the answer from the results', async () => {
    const { tapedeck, file } = await startOnExample('tool-loop')
    const openai = clientFor(tapedeck, 'tool-loop-full')
    const question = 'What is the weather in Paris and Rome?'
    const first = await openai.responses.create({ model: 'gpt-5.5', input: question, tools: [weatherTool] })
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call', 'function_call'])
    const calls = first.output.filter((item) => item.type === 'function_call')
    expect(calls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['get_weather', { city: 'Paris', unit: 'celsius' }],
      ['get_weather', { city: 'Rome', unit: 'celsius' }],
    ])
    expect(new Set(calls.map((call) => call.call_id)).size).toBe(2)

    // The agent sends the whole conversation back with the results.
    const second = await openai.responses.create({
      model: 'gpt-5.5',
      tools: [weatherTool],
      input: [
        { role: 'user', content: question },
        ...calls,
        ...calls.map((call) => ({
          type: 'function_call_output' as const,
          call_id: call.call_id,
          output: JSON.stringify({ forecast: call.arguments.includes('Paris') ? 'sunny' : 'rain' }),
        })),
      ],
    })
    expect(second.output_text).toBe('It is sunny in Paris (24°C) and raining in Rome (17°C).')
    expect(second.usage).toMatchObject({ input_tokens: 120, output_tokens: 18 })
    expect(tapedeck.stats()).toMatchObject({ hits: 0, misses: 0, ruleHits: 2 })
    expect(file).toMatch(/tool-loop\.yaml$/)
  })

  it('matches the results of a chained request (previous_response_id, outputs only) by tool name', async () => {
    const { tapedeck } = await startOnExample('tool-loop')
    const openai = clientFor(tapedeck, 'tool-loop-chained')
    const stream = openai.responses.stream({
      model: 'gpt-5.5-mini',
      input: 'Weather in Paris and Rome, please',
      tools: [weatherTool],
    })
    const first = await stream.finalResponse()
    const calls = first.output.filter((item) => item.type === 'function_call')
    expect(calls).toHaveLength(2)
    const second = await openai.responses.create({
      model: 'gpt-5.5-mini',
      previous_response_id: first.id,
      input: calls.map((call) => ({ type: 'function_call_output' as const, call_id: call.call_id, output: '{}' })),
    })
    expect(second.output_text).toBe('It is sunny in Paris (24°C) and raining in Rome (17°C).')
  })

  it('answers a 429 first; the SDK retries on its own and gets the answer (two requests)', async () => {
    const { tapedeck } = await startOnExample('rate-limit-retry')
    const statuses: number[] = []
    const countingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      statuses.push(response.status)
      return response
    }
    const openai = clientFor(tapedeck, 'rate-limit-retry', { maxRetries: 1, fetch: countingFetch })
    const response = await openai.responses.create({ model: 'gpt-5', input: 'Summarise the report.' })
    expect(response.output_text).toBe('Here is your summary.')
    expect(statuses).toEqual([429, 200])
    expect(tapedeck.stats()).toMatchObject({ ruleHits: 2, misses: 0 })
  })

  it('gives each scope its own 429: a client without retries sees the rate limit error', async () => {
    const { tapedeck } = await startOnExample('rate-limit-retry')
    const error = await clientFor(tapedeck, 'no-retries')
      .responses.create({ model: 'gpt-5', input: 'Summarise the report.' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    expect((error as APIError).message).toContain('Rate limit reached for gpt-5 in organization org-test')
    expect((error as APIError).code).toBe('rate_limit_exceeded')
  })

  it('fails a stream after twelve events with an APIError raised while it is read', async () => {
    const { tapedeck } = await startOnExample('mid-stream-failure')
    const stream = clientFor(tapedeck, 'mid-stream').responses.stream({
      model: 'gpt-5',
      input: 'Tell me a long story about proxies.',
    })
    const seen: string[] = []
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type)
    })().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(APIError)
    expect((error as APIError).message).toContain('The server had an error while processing your request.')
    expect(seen).toHaveLength(12)
    expect(seen.slice(0, 2)).toEqual(['response.created', 'response.in_progress'])
    expect(seen).toContain('response.output_text.delta')
  })

  it('plays the WebSocket chain: a tool call with a fixed id, then the answer chained from it', async () => {
    const { tapedeck } = await startOnExample('websocket-chain')
    const session = openWsSession(tapedeck, 'websocket-chain')
    const first = await session.turn({ model: 'gpt-5.5', input: 'Where is my order A-1042?' })
    const lookup = finalResponse(first)
    expect(lookup.id).toBe('resp_ws_lookup_1')
    expect(lookup.output).toMatchObject([
      { type: 'function_call', name: 'lookup_order', arguments: '{"order_id":"A-1042"}', call_id: 'call_lookup_1' },
    ])
    const second = await session.turn({
      model: 'gpt-5.5',
      previous_response_id: 'resp_ws_lookup_1',
      input: [{ type: 'function_call_output', call_id: 'call_lookup_1', output: '{"status":"shipped"}' }],
    })
    expect(second[0]?.type).toBe('response.created')
    const answer = finalResponse(second)
    expect(answer.previous_response_id).toBe('resp_ws_lookup_1')
    expect(answer.output).toMatchObject([
      { type: 'message', content: [{ type: 'output_text', text: 'Order A-1042 shipped yesterday and arrives on Friday.' }] },
    ])
    expect(session.errors).toEqual([])
    session.close()
  })

  it('counts turns per WebSocket connection: a second connection starts at turn 1 again', async () => {
    const { tapedeck } = await startOnExample('websocket-chain')
    for (const connection of [1, 2]) {
      const session = openWsSession(tapedeck, 'websocket-chain-same-scope')
      const first = await session.turn({ model: 'gpt-5.5', input: `Order please (${connection})` })
      expect(finalResponse(first).id).toBe('resp_ws_lookup_1')
      session.close()
    }
  })
})
