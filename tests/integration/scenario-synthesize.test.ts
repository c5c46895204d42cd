/**
 * `onMiss: 'synthesize'`: what no recording and no rule answers gets a generated answer that the
 * official SDK accepts and the strict validator passes, over HTTP JSON, SSE, Chat streams and
 * WebSocket; the same on every run; and, with `synthesize.record`, written to the cassette so a
 * later strict replay answers the same.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { parseSseText } from '../../src/protocol/sse-codec.js'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck, TapedeckOptions } from '../../src/server/options.js'
import type { JsonObject, JsonValue } from '../../src/util/json.js'
import { validateChatChunks, validateJsonBody, validateResponsesEvents, validateWebSocketTurn } from '../../src/validation/index.js'
import { finalResponse, openWsSession, tempFolder, writeCassette } from './scenario-support.js'

const running: RunningTapedeck[] = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((tapedeck) => tapedeck.close()))
})

async function startSynthesizing(options: TapedeckOptions = {}): Promise<RunningTapedeck> {
  const tapedeck = await startTapedeck({ mode: 'replay', onMiss: 'synthesize', ...options })
  running.push(tapedeck)
  return tapedeck
}

function clientFor(tapedeck: RunningTapedeck, scope = 'synthesize'): OpenAI {
  return new OpenAI({
    baseURL: tapedeck.baseURL,
    apiKey: 'sk-test',
    maxRetries: 0,
    defaultHeaders: { 'x-tapedeck-scope': scope },
  })
}

/** POST a body and read the SSE payloads of the answer as sent. */
async function postForEvents(tapedeck: RunningTapedeck, path: string, body: JsonObject): Promise<Array<JsonValue | '[DONE]'>> {
  const response = await fetch(`${tapedeck.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify(body),
  })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toContain('text/event-stream')
  const { messages } = parseSseText(await response.text())
  return messages.map((message) => (message.dataText === '[DONE]' ? '[DONE]' : (JSON.parse(message.dataText ?? 'null') as JsonValue)))
}

const forecastTool = {
  type: 'function' as const,
  name: 'get_forecast',
  description: 'The forecast for a place and a day.',
  strict: false,
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string', minLength: 2 },
      day: { type: 'string', format: 'date' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      days: { type: 'integer', minimum: 1, maximum: 7 },
      contact: { type: 'string', format: 'email' },
    },
    required: ['city', 'day', 'unit', 'days'],
    additionalProperties: false,
  },
}

describe('onMiss synthesize', () => {
  it('answers a JSON Responses request with the echo text and counts it apart from hits and misses', async () => {
    const tapedeck = await startSynthesizing()
    const response = await clientFor(tapedeck).responses.create({ model: 'gpt-5.5', input: 'Hello there' })
    expect(response.output_text).toBe('Echo: Hello there')
    expect(response.model).toBe('gpt-5.5')
    expect(response.id).toMatch(/^resp_[0-9a-f]{48}$/)
    expect(validateJsonBody('response', response as unknown as JsonValue, { profile: 'strict' }).violations).toEqual([])
    expect(tapedeck.stats()).toMatchObject({ hits: 0, misses: 0, synthesized: 1 })
  })

  it('streams a strict-valid SSE answer that responses.stream() accumulates', async () => {
    const tapedeck = await startSynthesizing({ synthesize: { generator: 'lorem' } })
    const final = await clientFor(tapedeck).responses.stream({ model: 'gpt-5.5', input: 'Write anything.' }).finalResponse()
    expect(final.output_text).toMatch(/^[A-Z][a-z]+( [a-z]+)+\.$/)
    const events = await postForEvents(tapedeck, '/v1/responses', { model: 'gpt-5.5', input: 'Write anything.', stream: true })
    expect(validateResponsesEvents(events as JsonValue[], { profile: 'strict' }).violations).toEqual([])
    const completed = events.at(-1) as JsonObject
    expect(completed['type']).toBe('response.completed')
    expect((completed['response'] as JsonObject)['id']).toBe(final.id)
  })

  it('streams a strict-valid Chat Completions answer that chat.completions.stream() accumulates', async () => {
    const tapedeck = await startSynthesizing({ synthesize: { generator: { fixed: 'Fixed answer.' } } })
    const messages = [{ role: 'user' as const, content: 'Say something' }]
    const completion = await clientFor(tapedeck)
      .chat.completions.stream({ model: 'gpt-5.5', messages, stream_options: { include_usage: true } })
      .finalChatCompletion()
    expect(completion.choices[0]?.message.content).toBe('Fixed answer.')
    expect(completion.usage?.total_tokens).toBeGreaterThan(0)
    const chunks = await postForEvents(tapedeck, '/v1/chat/completions', {
      model: 'gpt-5.5',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    })
    expect(chunks.at(-1)).toBe('[DONE]')
    expect(validateChatChunks(chunks, { profile: 'strict', includeUsage: true }).violations).toEqual([])
  })

  it('answers a WebSocket turn with strict-valid frames and chains the next turn from it', async () => {
    const tapedeck = await startSynthesizing()
    const session = openWsSession(tapedeck, 'synthesize-ws')
    const create = { model: 'gpt-5.5', input: 'First turn' }
    const first = await session.turn(create)
    expect(finalResponse(first).output).toMatchObject([{ type: 'message', content: [{ text: 'Echo: First turn' }] }])
    const frames = first as unknown as JsonValue[]
    const clientFrame = { type: 'response.create', ...create }
    expect(validateWebSocketTurn(frames, { profile: 'strict', clientFrame }).violations).toEqual([])
    const second = await session.turn({ model: 'gpt-5.5', input: 'Second turn', previous_response_id: finalResponse(first).id })
    expect(finalResponse(second).previous_response_id).toBe(finalResponse(first).id)
    expect(finalResponse(second).output).toMatchObject([{ type: 'message', content: [{ text: 'Echo: Second turn' }] }])
    expect(session.errors).toEqual([])
    session.close()
  })

  it("calls the required tool with arguments that satisfy the tool's JSON Schema", async () => {
    const tapedeck = await startSynthesizing()
    const response = await clientFor(tapedeck).responses.create({
      model: 'gpt-5.5',
      input: 'Forecast for Lyon, please.',
      tools: [forecastTool],
      tool_choice: 'required',
    })
    const [call] = response.output
    expect(call?.type).toBe('function_call')
    if (call?.type !== 'function_call') return
    expect(call.name).toBe('get_forecast')
    const ajv = new Ajv({ strict: false, allErrors: true })
    addFormats.default(ajv)
    const validate = ajv.compile(forecastTool.parameters)
    expect(validate(JSON.parse(call.arguments)), JSON.stringify(validate.errors)).toBe(true)

    const chat = await clientFor(tapedeck).chat.completions.create({
      model: 'gpt-5.5',
      messages: [{ role: 'user', content: 'Forecast for Lyon, please.' }],
      tools: [{ type: 'function', function: { name: 'get_forecast', parameters: forecastTool.parameters } }],
      tool_choice: { type: 'function', function: { name: 'get_forecast' } },
    })
    const chatCall = chat.choices[0]?.message.tool_calls?.[0]
    expect(chatCall?.type === 'function' && chatCall.function.name).toBe('get_forecast')
    expect(chatCall?.type === 'function' && validate(JSON.parse(chatCall.function.arguments))).toBe(true)
  })

  it('gives the same answers, ids included, on two server runs', async () => {
    const answers: unknown[] = []
    for (const run of [1, 2]) {
      const tapedeck = await startSynthesizing({ synthesize: { generator: 'lorem' } })
      const openai = clientFor(tapedeck, `determinism-${run}`)
      const first = await openai.responses.create({ model: 'gpt-5.5', input: 'Tell me something.' })
      const again = await openai.responses.create({ model: 'gpt-5.5', input: 'Tell me something.' })
      const chat = await openai.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'Hi' }] })
      answers.push({ first, again, chat })
      await tapedeck.close()
    }
    expect(answers[1]).toEqual(answers[0])
    const { first, again } = answers[0] as { first: OpenAI.Responses.Response; again: OpenAI.Responses.Response }
    // A request sent twice gets two responses (ids), as a chain of previous_response_ids needs.
    expect(again.id).not.toBe(first.id)
  })

  it('leaves misses it cannot answer as explained 404s', async () => {
    const tapedeck = await startSynthesizing()
    const error = await clientFor(tapedeck)
      .embeddings.create({ model: 'text-embedding-3-small', input: 'x' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(OpenAI.NotFoundError)
    expect((error as Error).message).toContain('Not synthesized: --on-miss synthesize answers only Responses')
    expect(tapedeck.stats()).toMatchObject({ misses: 1, synthesized: 0 })
  })

  it('records synthesized answers (synthetic: true) that a strict replay then answers the same', async () => {
    const folder = tempFolder()
    const file = join(folder, 'nested', 'synthesized.yaml')
    const recording = await startSynthesizing({ cassette: file, synthesize: { record: true } })
    const ask = async (tapedeck: RunningTapedeck) => {
      const openai = clientFor(tapedeck, 'record-synthesized')
      const json = await openai.responses.create({ model: 'gpt-5.5', input: 'Recorded JSON' })
      const streamed = await openai.responses.stream({ model: 'gpt-5.5', input: 'Recorded stream' }).finalResponse()
      const chat = await openai.chat.completions.create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'Recorded chat' }] })
      const session = openWsSession(tapedeck, 'record-synthesized-ws')
      const ws = finalResponse(await session.turn({ model: 'gpt-5.5', input: 'Recorded WebSocket turn' }))
      session.close()
      return { json, streamed, chat, ws }
    }
    const synthesized = await ask(recording)
    expect(synthesized.json.output_text).toBe('Echo: Recorded JSON')
    await recording.close()

    expect(existsSync(file)).toBe(true)
    const cassette = parseCassette(readFileSync(file, 'utf8'), file)
    expect(cassette.interactions.map((interaction) => [interaction.transport, interaction.synthetic])).toEqual([
      ['http', true],
      ['sse', true],
      ['http', true],
      ['sse', true],
    ])
    expect(cassette.interactions.flatMap((interaction) => interaction.notes ?? [])).toEqual([])

    const replay = await startTapedeck({ mode: 'replay', cassette: file })
    running.push(replay)
    const replayed = await ask(replay)
    expect(replayed).toEqual(synthesized)
    expect(replay.stats()).toMatchObject({ hits: 4, misses: 0 })
  })

  it('answers from recordings and rules first, and synthesizes only the rest', async () => {
    const file = writeCassette(
      tempFolder(),
      'rules.yaml',
      ['version: 1', 'rules:', '  - match: { input_contains: greet }', '    reply: { text: Hello from a rule. }', ''].join('\n'),
    )
    const tapedeck = await startSynthesizing({ cassette: file })
    const openai = clientFor(tapedeck)
    expect((await openai.responses.create({ model: 'gpt-5.5', input: 'please greet me' })).output_text).toBe('Hello from a rule.')
    expect((await openai.responses.create({ model: 'gpt-5.5', input: 'anything else' })).output_text).toBe('Echo: anything else')
    expect(tapedeck.stats()).toMatchObject({ hits: 0, misses: 0, ruleHits: 1, synthesized: 1 })
  })
})
