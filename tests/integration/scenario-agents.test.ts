/**
 * The OpenAI Agents SDK for JavaScript runs a tool-using agent to the end over a hand-written
 * scenario (tests/fixtures/scenarios/agent-weather.yaml), over HTTP (JSON and streamed) and
 * over its Responses WebSocket transport.
 */
import {
  Agent,
  OpenAIProvider,
  Runner,
  run,
  setDefaultOpenAIClient,
  setOpenAIAPI,
  setTracingDisabled,
  tool,
} from '@openai/agents'
import OpenAI from 'openai'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import { scenarioFixture } from './scenario-support.js'

let tapedeck: RunningTapedeck
const globals = globalThis as { WebSocket?: unknown }
const originalWebSocket = globals.WebSocket
/** The URLs the Agents SDK opened WebSockets to. */
const openedSockets: string[] = []

class RecordingWebSocket extends WebSocket {
  constructor(url: string | URL, options?: WebSocket.ClientOptions) {
    super(url, options)
    openedSockets.push(String(url))
  }
}

beforeAll(async () => {
  setTracingDisabled(true)
  setOpenAIAPI('responses')
  // Node 20 has no global WebSocket; the Agents SDK's WebSocket transport uses the global one.
  globals.WebSocket = RecordingWebSocket
  tapedeck = await startTapedeck({ mode: 'replay', cassette: scenarioFixture('agent-weather.yaml') })
})

afterAll(async () => {
  globals.WebSocket = originalWebSocket
  await tapedeck.close()
})

/** A weather agent whose tool notes every call it gets. */
function weatherAgent() {
  const calls: Array<{ city: string }> = []
  const getWeather = tool({
    name: 'get_weather',
    description: 'The current weather in a city.',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      calls.push({ city })
      return `Sunny, 24°C in ${city}.`
    },
  })
  const agent = new Agent({
    name: 'Weather agent',
    instructions: 'Answer weather questions with the get_weather tool.',
    model: 'gpt-5.5',
    tools: [getWeather],
  })
  return { agent, calls }
}

function clientFor(scope: string): OpenAI {
  return new OpenAI({
    baseURL: tapedeck.baseURL,
    apiKey: 'sk-test',
    maxRetries: 0,
    defaultHeaders: { 'x-tapedeck-scope': scope },
  })
}

describe('the Agents SDK over a hand-written scenario', () => {
  it('runs the tool loop to the end over HTTP', async () => {
    setDefaultOpenAIClient(clientFor('agents-http'))
    const { agent, calls } = weatherAgent()
    const result = await run(agent, 'What is the weather in Paris?')
    expect(result.finalOutput).toBe('It is sunny in Paris.')
    expect(calls).toEqual([{ city: 'Paris' }])
  })

  it('runs the tool loop to the end over HTTP, streamed', async () => {
    // The default provider keeps the model (and its client) of the test above: a runner of its own.
    const provider = new OpenAIProvider({ useResponses: true, openAIClient: clientFor('agents-http-stream') })
    const { agent, calls } = weatherAgent()
    const result = await new Runner({ modelProvider: provider }).run(agent, 'What is the weather in Paris?', {
      stream: true,
    })
    const deltas: string[] = []
    for await (const event of result.toTextStream()) deltas.push(event)
    await result.completed
    expect(result.finalOutput).toBe('It is sunny in Paris.')
    expect(deltas.join('')).toBe('It is sunny in Paris.')
    expect(calls).toEqual([{ city: 'Paris' }])
  })

  it('runs the tool loop to the end over the Responses WebSocket transport', async () => {
    const provider = new OpenAIProvider({
      useResponses: true,
      useResponsesWebSocket: true,
      openAIClient: clientFor('agents-websocket'),
    })
    const runner = new Runner({ modelProvider: provider })
    const { agent, calls } = weatherAgent()
    const before = tapedeck.stats().ruleHits ?? 0
    try {
      const result = await runner.run(agent, 'What is the weather in Paris?')
      expect(result.finalOutput).toBe('It is sunny in Paris.')
      expect(calls).toEqual([{ city: 'Paris' }])
    } finally {
      await provider.close()
    }
    // Both turns went over one WebSocket connection (one scenario session).
    expect(openedSockets).toEqual([`${tapedeck.baseURL.replace(/^http/, 'ws')}/responses`])
    expect((tapedeck.stats().ruleHits ?? 0) - before).toBe(2)
  })
})
