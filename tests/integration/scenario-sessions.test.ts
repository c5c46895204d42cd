/**
 * Scenario state is per session: tests running the same tool loop at the same time (each with
 * its own x-tapedeck-scope) each get their own turn sequence, and a request no rule answers is a
 * miss that says why each rule did not match.
 */
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import { finalResponse, openWsSession, scenarioFixture } from './scenario-support.js'

let tapedeck: RunningTapedeck
const file = scenarioFixture('agent-weather.yaml')

beforeAll(async () => {
  tapedeck = await startTapedeck({ mode: 'replay', cassette: file })
})

afterAll(async () => {
  await tapedeck.close()
})

function clientFor(scope: string): OpenAI {
  return new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0, defaultHeaders: { 'x-tapedeck-scope': scope } })
}

const tools = [
  {
    type: 'function' as const,
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    strict: false,
  },
]

/** One agent loop: ask, run the tool call it gets, send the result back. */
async function toolLoop(openai: OpenAI, question: string, between: () => Promise<void>): Promise<string[]> {
  const first = await openai.responses.create({ model: 'gpt-5.5', input: question, tools })
  await between()
  const calls = first.output.filter((item) => item.type === 'function_call')
  const second = await openai.responses.create({
    model: 'gpt-5.5',
    tools,
    input: [
      { role: 'user', content: question },
      ...calls,
      ...calls.map((call) => ({ type: 'function_call_output' as const, call_id: call.call_id, output: 'sunny' })),
    ],
  })
  return [...calls.map((call) => `${call.name} ${call.arguments}`), second.output_text]
}

describe('scenario sessions', () => {
  it('gives two scopes running the same tool loop concurrently their own turn sequence', async () => {
    // Both first turns are answered before either second turn is sent.
    let arrived = 0
    let release: () => void = () => {}
    const bothAsked = new Promise<void>((resolve) => (release = resolve))
    const between = async () => {
      arrived++
      if (arrived === 2) release()
      await bothAsked
    }
    const results = await Promise.all([
      toolLoop(clientFor('parallel-a'), 'Weather in Paris?', between),
      toolLoop(clientFor('parallel-b'), 'Weather in Paris, please?', between),
    ])
    const expected = ['get_weather {"city":"Paris"}', 'It is sunny in Paris.']
    expect(results).toEqual([expected, expected])
  })

  it('explains a miss rule by rule, with the turn of the session', async () => {
    const openai = clientFor('explained-miss')
    await openai.responses.create({ model: 'gpt-5.5', input: 'Weather in Paris?', tools })
    const error = await openai.responses
      .create({ model: 'gpt-5.5', input: 'And tomorrow?', tools })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    const message = (error as Error).message
    expect(message).toContain('Failed to replay POST /v1/responses (model "gpt-5.5"): no recorded request matches it')
    expect(message).toContain('No scenario rule answers it either.')
    expect(message).toContain(`Scenario rules of "${file}" for POST /v1/responses (turn 2 of session "explained-miss"):`)
    expect(message).toContain('- rule 1 "call the weather tool": this is turn 2 of the session, not turn 1')
    expect(message).toContain('- rule 2 "answer from the tool result": the request carries no tool result with name "get_weather"')
  })

  it('lets a WebSocket warm-up (generate: false) through without using up turn 1', async () => {
    const session = openWsSession(tapedeck, 'warm-up')
    const warm = await session.turn({ model: 'gpt-5.5', tools, generate: false } as Parameters<typeof session.turn>[0])
    expect(warm.map((event) => event.type)).toEqual(['response.created', 'response.completed'])
    expect(finalResponse(warm).output).toEqual([])
    const first = await session.turn({ model: 'gpt-5.5', input: 'Weather in Paris?', tools, previous_response_id: finalResponse(warm).id })
    expect(finalResponse(first).output).toMatchObject([{ type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}' }])
    session.close()
  })

  it('sends the explanation as an error frame over WebSocket and keeps the connection open', async () => {
    const session = openWsSession(tapedeck, 'explained-ws-miss')
    const first = await session.turn({ model: 'gpt-5.5', input: 'Weather in Paris?', tools })
    expect(first.at(-1)?.type).toBe('response.completed')
    await session.turn({ model: 'gpt-5.5', input: 'And tomorrow?', tools })
    const [frame] = session.errors as Array<{ status?: number; error?: { code?: string; message?: string } }>
    expect(frame?.error?.code).toBe('tapedeck_replay_no_match')
    expect(frame?.error?.message).toContain('(turn 2 of session "explained-ws-miss/websocket-')
    expect(frame?.error?.message).toContain('this is turn 2 of the session, not turn 1')
    // The connection is still open, and its session still knows the call it was answered with.
    const lookup = finalResponse(first)
    const call = lookup.output.find((item) => item.type === 'function_call')
    const third = await session.turn({
      model: 'gpt-5.5',
      previous_response_id: lookup.id,
      input: [{ type: 'function_call_output', call_id: call?.call_id ?? '', output: 'sunny' }],
    })
    expect(finalResponse(third).output).toMatchObject([{ type: 'message', content: [{ text: 'It is sunny in Paris.' }] }])
    session.close()
  })
})
