/**
 * openai@7.57.0's `ResponsesWS` against tapedeck, as an application uses it: several turns
 * chained by previous_response_id, a function call, a warm-up, errors. What the SDK receives
 * must equal the cassette.
 */
import OpenAI from 'openai'
import { ResponsesWS } from 'openai/resources/responses/ws'
import type { ResponsesClientEvent, ResponsesServerEvent } from 'openai/resources/responses/responses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningTapedeck } from '../../src/server/options.js'
import { recordedCreate, recordedFrames, startWsTapedeck } from './support/websocket-harness.js'

type Create = Extract<ResponsesClientEvent, { type: 'response.create' }>

let tapedeck: RunningTapedeck
let scopes = 0

beforeAll(async () => {
  tapedeck = await startWsTapedeck([
    'ws-chained-session.yaml',
    'ws-function-call.yaml',
    'ws-store-false-chain.yaml',
    'ws-failed-mid-stream.yaml',
  ])
})

afterAll(async () => {
  await tapedeck.close()
})

/** A ResponsesWS session on its own scope, with helpers to run one turn and read errors. */
function openSession() {
  const client = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0 })
  const ws = new ResponsesWS(client, { headers: { 'x-tapedeck-scope': `responses-ws-${scopes++}` } })
  const events: ResponsesServerEvent[] = []
  const errors: Array<{ code: unknown; status: unknown }> = []
  let wake: () => void = () => {}
  ws.on('event', (event) => {
    events.push(event)
    wake()
  })
  ws.on('error', (error) => {
    const event = error.error as { status?: number; error?: { code?: string }; code?: string } | undefined
    errors.push({ code: event?.error?.code ?? event?.code, status: event?.status })
    wake()
  })
  const terminal = new Set(['response.completed', 'response.failed', 'response.incomplete', 'error'])
  /** Send a create and resolve with the events of its turn. */
  const turn = async (create: Create): Promise<ResponsesServerEvent[]> => {
    const start = events.length
    ws.send(create)
    while (!events.slice(start).some((event) => terminal.has(event.type))) {
      await new Promise<void>((resolve) => (wake = resolve))
    }
    return events.slice(start)
  }
  const lastResponseId = (turnEvents: ResponsesServerEvent[]) => {
    const last = turnEvents.at(-1)
    return last !== undefined && 'response' in last ? last.response.id : undefined
  }
  /** Wait until an event of `type` has arrived after index `from`. */
  const until = async (type: string, from: number) => {
    while (!events.slice(from).some((event) => event.type === type)) {
      await new Promise<void>((resolve) => (wake = resolve))
    }
    return events.slice(from)
  }
  return { ws, turn, until, errors, lastResponseId, events }
}

describe('ResponsesWS against tapedeck', () => {
  it('replays a 3-turn session chained by previous_response_id exactly as recorded', async () => {
    const session = openSession()
    const user = (text: string) => [
      { type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text }] },
    ]
    const first = await session.turn({ type: 'response.create', model: 'gpt-5.5', input: user('Name a prime number.') })
    expect(first).toEqual(recordedFrames('ws-chained-session.yaml', 0))
    const second = await session.turn({
      type: 'response.create',
      model: 'gpt-5.5',
      input: user('Another one?'),
      previous_response_id: session.lastResponseId(first) ?? null,
    })
    expect(second).toEqual(recordedFrames('ws-chained-session.yaml', 1))
    const third = await session.turn({
      type: 'response.create',
      model: 'gpt-5.5',
      input: user('Their sum?'),
      previous_response_id: session.lastResponseId(second) ?? null,
    })
    expect(third).toEqual(recordedFrames('ws-chained-session.yaml', 2))
    const completed = third.at(-1)
    expect(completed?.type === 'response.completed' && completed.response.output[0]).toMatchObject({
      content: [{ text: '7 + 11 = 18.' }],
    })
    expect(session.errors).toEqual([])
    session.ws.close()
  })

  it('replays a function call and the turn that sends its output back', async () => {
    const session = openSession()
    const first = await session.turn(recordedCreate('ws-function-call.yaml', 0) as unknown as Create)
    expect(first).toEqual(recordedFrames('ws-function-call.yaml', 0))
    const call = first.find((event) => event.type === 'response.output_item.done')
    expect(call?.type === 'response.output_item.done' && call.item).toMatchObject({
      type: 'function_call',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    })
    const second = await session.turn(recordedCreate('ws-function-call.yaml', 1) as unknown as Create)
    expect(second).toEqual(recordedFrames('ws-function-call.yaml', 1))
    session.ws.close()
  })

  it('chains a store:false session from a warm-up, and gets previous_response_not_found for n-2', async () => {
    const session = openSession()
    const warm = await session.turn(recordedCreate('ws-store-false-chain.yaml', 0) as unknown as Create)
    expect(warm.map((event) => event.type)).toEqual(['response.created', 'response.completed'])
    const warmId = session.lastResponseId(warm)
    const paris = await session.turn({
      ...(recordedCreate('ws-store-false-chain.yaml', 1) as unknown as Create),
      previous_response_id: warmId ?? null,
    })
    expect(paris).toEqual(recordedFrames('ws-store-false-chain.yaml', 1))
    const rome = await session.turn(recordedCreate('ws-store-false-chain.yaml', 2) as unknown as Create)
    expect(rome.at(-1)?.type).toBe('response.completed')
    const spain = await session.turn(recordedCreate('ws-store-false-chain.yaml', 3) as unknown as Create)
    expect(spain).toHaveLength(1)
    expect(session.errors).toEqual([{ code: 'previous_response_not_found', status: 400 }])
    session.ws.close()
  })

  it('refuses an uncached store:false turn without using up its recording', async () => {
    const session = openSession()
    // Rome chains to the Paris response, which this connection has not created yet.
    const early = await session.turn(recordedCreate('ws-store-false-chain.yaml', 2) as unknown as Create)
    expect(early).toHaveLength(1)
    expect(session.errors).toEqual([{ code: 'previous_response_not_found', status: 400 }])
    const warm = await session.turn(recordedCreate('ws-store-false-chain.yaml', 0) as unknown as Create)
    await session.turn({
      ...(recordedCreate('ws-store-false-chain.yaml', 1) as unknown as Create),
      previous_response_id: session.lastResponseId(warm) ?? null,
    })
    // Now cached: the recording the refused turn looked up is still there to answer it.
    const rome = await session.turn(recordedCreate('ws-store-false-chain.yaml', 2) as unknown as Create)
    expect(rome).toEqual(recordedFrames('ws-store-false-chain.yaml', 2))
    expect(session.errors).toHaveLength(1)
    session.ws.close()
  })

  it('delivers a mid-stream failure (flat error, then response.failed) and evicts the parent', async () => {
    const session = openSession()
    await session.turn(recordedCreate('ws-failed-mid-stream.yaml', 0) as unknown as Create)
    const start = session.events.length
    await session.turn(recordedCreate('ws-failed-mid-stream.yaml', 1) as unknown as Create)
    const failing = await session.until('response.failed', start)
    expect(failing).toEqual(recordedFrames('ws-failed-mid-stream.yaml', 1))
    expect(failing.map((event) => event.type).slice(-2)).toEqual(['error', 'response.failed'])
    expect(session.errors).toEqual([{ code: 'server_error', status: undefined }])
    const retry = await session.turn(recordedCreate('ws-failed-mid-stream.yaml', 2) as unknown as Create)
    expect(retry).toEqual(recordedFrames('ws-failed-mid-stream.yaml', 2))
    expect(session.errors.at(-1)).toEqual({ code: 'previous_response_not_found', status: 400 })
    session.ws.close()
  })

  it('answers an unrecorded create with the tapedeck miss error, and the session goes on', async () => {
    const session = openSession()
    const miss = await session.turn({ type: 'response.create', model: 'gpt-5.5', input: 'Nobody recorded this.' })
    expect(miss).toHaveLength(1)
    expect(miss[0]).toMatchObject({ type: 'error', status: 404, error: { code: 'tapedeck_replay_no_match', param: null } })
    const message = (miss[0] as unknown as { error: { message: string } }).error.message
    expect(message.length).toBeGreaterThan(20)
    expect(session.errors).toEqual([{ code: 'tapedeck_replay_no_match', status: 404 }])
    const next = await session.turn(recordedCreate('ws-chained-session.yaml', 0) as unknown as Create)
    expect(next.at(-1)?.type).toBe('response.completed')
    session.ws.close()
  })
})
