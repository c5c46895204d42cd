import type { FunctionTool, ResponsesServerEvent } from 'openai/resources/responses/responses'
import { ResponsesWS } from 'openai/resources/responses/ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import {
  fixturePath,
  httpInteraction,
  openaiFor,
  recordedFinalResponse,
  recordedPayloads,
  sseInteraction,
  withoutSdkFields,
} from './replay-support.js'

let tapedeck: RunningTapedeck

beforeAll(async () => {
  tapedeck = await startTapedeck({
    cassette: [
      fixturePath('responses-text-stream'),
      fixturePath('responses-function-call-stream'),
      fixturePath('responses-json'),
      fixturePath('responses-websocket'),
    ],
  })
})

afterAll(async () => {
  await tapedeck.close()
})

describe('replaying the Responses API to the openai SDK', () => {
  it('answers responses.create with the recorded JSON Response', async () => {
    const recorded = httpInteraction('responses-json', 0)
    const response = await openaiFor(tapedeck).responses.create({ model: 'gpt-5.5', input: 'Write a haiku about tests' })
    expect(withoutSdkFields(response)).toEqual(recorded.response.body)
    expect(response.output_text).toBe('Green bars in a row\nthe cassette hums its old tune\nno network needed')
  })

  it('streams every recorded event to responses.create({ stream: true }) unchanged', async () => {
    const recorded = sseInteraction('responses-text-stream')
    const stream = await openaiFor(tapedeck).responses.create({ model: 'gpt-5.5', input: 'Say hello', stream: true })
    const received: unknown[] = []
    for await (const event of stream) received.push(event)
    expect(received).toEqual(recordedPayloads(recorded))
  })

  it('passes the strict responses.stream() accumulator to finalResponse()', async () => {
    const recorded = sseInteraction('responses-text-stream')
    const stream = openaiFor(tapedeck).responses.stream({ model: 'gpt-5.5', input: 'Say hello' })
    const deltas: string[] = []
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta))
    const final = await stream.finalResponse()
    expect(deltas.join('')).toBe('Hello! How can I help?')
    expect(final.output_text).toBe('Hello! How can I help?')
    expect(withoutSdkFields(final)).toEqual(recordedFinalResponse(recorded))
  })

  it('replays a streamed function call through responses.stream()', async () => {
    const recorded = sseInteraction('responses-function-call-stream')
    const body = recorded.request.body as unknown as { tools: FunctionTool[] }
    const stream = openaiFor(tapedeck).responses.stream({
      model: 'gpt-5.5',
      input: 'What is the weather in Paris?',
      tools: body.tools,
    })
    const final = await stream.finalResponse()
    expect(final.output).toEqual([
      expect.objectContaining({ type: 'function_call', name: 'get_weather', arguments: '{"city":"Paris"}', call_id: 'call_Pq7rS8tU9vW0xY1z' }),
    ])
    expect(withoutSdkFields(final)).toEqual(recordedFinalResponse(recorded))
  })

  it('answers a non-streaming request from a streamed recording with its final Response', async () => {
    const recorded = sseInteraction('responses-text-stream')
    const raw = await openaiFor(tapedeck).responses.create({ model: 'gpt-5.5', input: 'Say hello' }).asResponse()
    expect(raw.status).toBe(200)
    expect(raw.headers.get('content-type')).toBe('application/json')
    expect(raw.headers.get('x-request-id')).toBe('req_fixture_text_stream')
    expect(await raw.json()).toEqual(recordedFinalResponse(recorded))
  })

  it('answers an SSE request from a WebSocket recording of the same response.create', async () => {
    const stream = openaiFor(tapedeck).responses.stream({
      model: 'gpt-5.5',
      input: 'Say hi over a socket',
      store: false,
    })
    const events: string[] = []
    stream.on('event', (event) => events.push(event.type))
    const final = await stream.finalResponse()
    expect(final.output_text).toBe('Hi over a socket')
    expect(events[0]).toBe('response.created')
    expect(events.at(-1)).toBe('response.completed')
  })

  it('answers a WebSocket response.create from an SSE recording of the same request', async () => {
    const ws = new ResponsesWS(openaiFor(tapedeck), { headers: { 'x-tapedeck-scope': 'sse recording over websocket' } })
    const events: ResponsesServerEvent[] = []
    const completed = new Promise<void>((resolve, reject) => {
      ws.on('event', (event) => {
        events.push(event)
        if (event.type === 'response.completed') resolve()
      })
      ws.on('error', reject)
    })
    ws.send({ type: 'response.create', model: 'gpt-5.5', input: 'Say hello', stream: true })
    await completed
    ws.close()
    expect(events).toEqual(recordedPayloads(sseInteraction('responses-text-stream')))
  })

  it('replays a recorded 400 as the same OpenAI error', async () => {
    const failure = await openaiFor(tapedeck)
      .responses.create({ model: 'gpt-5.5', input: 'Too hot', temperature: 5 })
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({
      status: 400,
      code: 'decimal_above_max_value',
      param: 'temperature',
      requestID: 'req_fixture_error_400',
    })
  })

  it('sends the recorded headers with a stream', async () => {
    const { response } = await openaiFor(tapedeck)
      .responses.create({ model: 'gpt-5.5', input: 'Say hello', stream: true })
      .withResponse()
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(response.headers.get('x-request-id')).toBe('req_fixture_text_stream')
    expect(response.headers.get('openai-processing-ms')).toBe('35')
  })
})
