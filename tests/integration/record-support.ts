/**
 * Shared helpers of the record-mode integration tests: temporary cassette folders, reading a
 * cassette back, and the SDK flows each transport is exercised with (what an application does,
 * returning everything the SDK handed it).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import type { ResponsesServerEvent } from 'openai/resources/responses/responses'
import { ResponsesWS } from 'openai/resources/responses/ws'
import { afterAll, beforeAll } from 'vitest'
import type { Cassette } from '../../src/cassette/model.js'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { setInBeforeAll } from '../support/set-in-before-all.js'

/** A fresh temporary folder; `cleanup` removes it. */
export async function tempFolder(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'tapedeck-record-'))
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) }
}

/** What {@link useFakeUpstream} provides, once the file's tests start. */
export interface FakeUpstreamContext {
  readonly fake: FakeOpenAI
  readonly folder: Awaited<ReturnType<typeof tempFolder>>
}

/**
 * Start a fake OpenAI upstream and a temporary folder before the tests of a file, and stop them
 * after. Call it at the top level of the test file; read `fake` and `folder` inside tests.
 *
 * @example
 * const upstream = useFakeUpstream()
 * it('records', async () => {
 *   await startTapedeck({ mode: 'record', upstream: upstream.fake.url, cassette: join(upstream.folder.path, 'a.yaml') })
 * })
 */
export function useFakeUpstream(): FakeUpstreamContext {
  let fake: FakeOpenAI | undefined
  let folder: Awaited<ReturnType<typeof tempFolder>> | undefined
  beforeAll(async () => {
    fake = await startFakeOpenAI()
    folder = await tempFolder()
  })
  afterAll(async () => {
    await fake?.close()
    await folder?.cleanup()
  })
  const started = <T>(value: T | undefined): T => setInBeforeAll(value, 'useFakeUpstream()')
  return {
    get fake() {
      return started(fake)
    },
    get folder() {
      return started(folder)
    },
  }
}

/** Read and parse a cassette file as tapedeck will load it. */
export async function readCassette(file: string): Promise<Cassette> {
  return parseCassette(await readFile(file, 'utf8'), file)
}

/** An SDK client as an application creates it. */
export function sdkClient(baseURL: string, apiKey = 'sk-test', options: { scope?: string } = {}): OpenAI {
  return new OpenAI({
    baseURL,
    apiKey,
    maxRetries: 0,
    ...(options.scope === undefined ? {} : { defaultHeaders: { 'x-tapedeck-scope': options.scope } }),
  })
}

/** What a stream gave the SDK: its events, and the error that ended it, if any. */
export interface StreamOutcome {
  events: unknown[]
  error?: string
}

/** Iterate a stream to its end (or its error), keeping what the application would see. */
export async function drain(stream: AsyncIterable<unknown>): Promise<StreamOutcome> {
  const events: unknown[] = []
  try {
    for await (const event of stream) events.push(event)
    return { events }
  } catch (error) {
    return { events, error: error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error) }
  }
}

/** What a failed call gave the SDK: the error class, status, and body fields. */
export function describeFailure(error: unknown): Record<string, unknown> {
  if (error instanceof OpenAI.APIError) {
    return { name: error.constructor.name, status: error.status, code: error.code, type: error.type, message: error.message }
  }
  return { name: error instanceof Error ? error.constructor.name : 'unknown', message: String(error) }
}

const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city.',
    parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] },
  },
}

/** One application flow per transport; each returns everything the SDK received. */
export const FLOWS = {
  /** Responses, plain JSON. */
  async responsesJson(client: OpenAI): Promise<unknown> {
    return client.responses.create({ model: 'gpt-5.5', input: 'Say hello in JSON mode' })
  },
  /** Responses over SSE. */
  async responsesSse(client: OpenAI): Promise<unknown> {
    return drain(await client.responses.create({ model: 'gpt-5.5', input: 'Stream three words', stream: true }))
  },
  /** Chat Completions: a JSON tool call, then the tool's output sent back and the answer streamed. */
  async chatTools(client: OpenAI): Promise<unknown> {
    const question = { role: 'user' as const, content: 'Weather in Paris? [tool:get_weather]' }
    const first = await client.chat.completions.create({ model: 'gpt-5.5', messages: [question], tools: [WEATHER_TOOL] })
    const call = first.choices[0]?.message.tool_calls?.[0]
    if (call === undefined) throw new Error('the first completion made no tool call')
    const stream = await client.chat.completions.create({
      model: 'gpt-5.5',
      stream: true,
      stream_options: { include_usage: true },
      tools: [WEATHER_TOOL],
      messages: [
        question,
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'sunny, 21 °C' },
      ],
    })
    return { first, second: await drain(stream) }
  },
  /** Responses WebSocket mode: a function call, its output chained back, then one more turn. */
  async webSocketTurns(client: OpenAI): Promise<unknown> {
    const session = openWsSession(client)
    try {
      const first = await session.turn({ type: 'response.create', model: 'gpt-5.5', store: false, input: 'Look it up [tool:lookup]' })
      const call = first.flatMap((event) => (event.type === 'response.output_item.done' && event.item.type === 'function_call' ? [event.item] : []))[0]
      if (call === undefined) throw new Error('the first turn made no function call')
      const second = await session.turn({
        type: 'response.create',
        model: 'gpt-5.5',
        store: false,
        previous_response_id: responseIdOf(first),
        input: [{ type: 'function_call_output', call_id: call.call_id, output: '42' }],
      })
      const third = await session.turn({
        type: 'response.create',
        model: 'gpt-5.5',
        store: false,
        previous_response_id: responseIdOf(second),
        input: 'Thanks, and again',
      })
      return { first, second, third, errors: session.errors }
    } finally {
      await session.close()
    }
  },
} satisfies Record<string, (client: OpenAI) => Promise<unknown>>

/** The name of a flow. */
export type FlowName = keyof typeof FLOWS

type Create = Parameters<ResponsesWS['send']>[0]

/** A ResponsesWS session that runs one turn at a time and collects error frames. */
export function openWsSession(client: OpenAI, headers: Record<string, string> = {}) {
  const ws = new ResponsesWS(client, { headers })
  const events: ResponsesServerEvent[] = []
  const errors: unknown[] = []
  let wake: () => void = () => {}
  ws.on('event', (event) => {
    events.push(event)
    wake()
  })
  ws.on('error', (error) => {
    errors.push((error as { error?: unknown }).error ?? error.message)
    wake()
  })
  const terminal = new Set(['response.completed', 'response.failed', 'response.incomplete', 'error'])
  return {
    ws,
    errors,
    async turn(create: Create): Promise<ResponsesServerEvent[]> {
      const start = events.length
      ws.send(create)
      while (!events.slice(start).some((event) => terminal.has(event.type))) {
        await new Promise<void>((resolve) => (wake = resolve))
      }
      return events.slice(start)
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.socket.readyState === 3) return resolve()
        ws.socket.once('close', () => resolve())
        ws.close()
      }),
  }
}

function responseIdOf(events: ResponsesServerEvent[]): string {
  const last = events.at(-1)
  if (last === undefined || !('response' in last)) throw new Error('the turn has no terminal response')
  return last.response.id
}
