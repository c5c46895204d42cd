import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../../src/util/json.js'
import { completedResponse } from '../../support/responses.js'
import { gatedClock, responseFrames, settle, startSession, textEvents, turnExchange } from './support/session-harness.js'

const create = (body: JsonObject, nested = false): JsonObject =>
  nested ? { type: 'response.create', response: body } : { type: 'response.create', ...body }

const errorCode = (frame: JsonObject | undefined) => (frame?.['error'] as JsonObject | undefined)?.['code']

const responseIds = (frames: JsonObject[]) =>
  frames
    .filter((frame) => frame['type'] === 'response.completed')
    .map((frame) => (frame['response'] as JsonObject)['id'])

describe('createResponsesSession', () => {
  it.each([false, true])('replays the recorded frames of a create (nested: %s)', async (nested) => {
    const events = textEvents('resp_1', 'Hello')
    const h = startSession([turnExchange({ model: 'gpt-5', input: 'Hi' }, events)])
    h.send(create({ model: 'gpt-5', input: 'Hi' }, nested))
    await h.session.idle()
    expect(h.frames).toEqual(events)
  })

  it('passes the flattened body, handshake headers and scope to the Replayer', async () => {
    const h = startSession([])
    h.send(create({ model: 'gpt-5', input: 'Hi', stream: true }, true))
    await h.session.idle()
    expect(h.replayer.queries[0]).toMatchObject({
      method: 'GET',
      path: '/v1/responses',
      body: { model: 'gpt-5', input: 'Hi', stream: true },
      scope: 'default',
    })
  })

  it('echoes stream_id on every frame of a response created on a lane', async () => {
    const h = startSession([turnExchange({ model: 'm', input: 'Hi' }, textEvents('resp_1', 'Hello'))])
    h.send(create({ model: 'm', input: 'Hi', stream_id: 'agent_1' }))
    await h.session.idle()
    expect(h.frames.length).toBeGreaterThan(5)
    for (const frame of h.frames) expect(frame['stream_id']).toBe('agent_1')
  })

  it('answers a miss with a nested 404 carrying the lookup message, and keeps going', async () => {
    const h = startSession([turnExchange({ model: 'm', input: 'B' }, textEvents('resp_b', 'b'))])
    h.send(create({ model: 'm', input: 'A' }))
    h.send(create({ model: 'm', input: 'B' }))
    await h.session.idle()
    expect(h.frames[0]).toEqual({
      type: 'error',
      status: 404,
      error: {
        type: 'invalid_request_error',
        code: 'tapedeck_replay_no_match',
        message: 'no recording for {"input":"A","model":"m"}',
        param: null,
      },
    })
    expect(responseIds(h.frames)).toEqual(['resp_b'])
  })

  it('queues a second create sent while the first streams, and starts it after response.completed', async () => {
    const gate = gatedClock()
    const h = startSession(
      [
        turnExchange({ input: 'First' }, textEvents('resp_1', 'one')),
        turnExchange({ input: 'Second' }, textEvents('resp_2', 'two')),
      ],
      { clock: gate.clock, timing: 'recorded' },
    )
    h.send(create({ input: 'First' }))
    await settle()
    h.send(create({ input: 'Second' }))
    expect(h.frames).toHaveLength(1)
    while (h.frames.length < 18) {
      gate.release()
      await settle()
    }
    await h.session.idle()
    const types = h.frames.map((frame) => frame['type'])
    expect(types.indexOf('response.completed')).toBe(8)
    expect(h.frames[9]).toMatchObject({ type: 'response.created', sequence_number: 0 })
    expect(responseIds(h.frames)).toEqual(['resp_1', 'resp_2'])
    expect(h.frames.some((frame) => frame['type'] === 'error')).toBe(false)
  })

  it('runs lanes concurrently, interleaving their frames, FIFO within each lane', async () => {
    const gate = gatedClock()
    const h = startSession(
      [
        turnExchange({ input: 'a1' }, textEvents('resp_a1', 'x')),
        turnExchange({ input: 'b1' }, textEvents('resp_b1', 'y')),
        turnExchange({ input: 'a2' }, textEvents('resp_a2', 'z')),
      ],
      { clock: gate.clock, timing: 'recorded' },
    )
    h.send(create({ input: 'a1', stream_id: 'a' }))
    h.send(create({ input: 'b1', stream_id: 'b' }))
    h.send(create({ input: 'a2', stream_id: 'a' }))
    await settle()
    expect(h.frames.map((frame) => frame['stream_id'])).toEqual(['a', 'b'])
    while (h.frames.length < 27) {
      gate.release()
      await settle()
    }
    await h.session.idle()
    const laneA = h.frames.filter((frame) => frame['stream_id'] === 'a')
    expect(responseIds(laneA)).toEqual(['resp_a1', 'resp_a2'])
    const firstB = h.frames.findIndex((frame) => frame['stream_id'] === 'b')
    const lastA1 = h.frames.findIndex((frame) => frame['type'] === 'response.completed')
    expect(firstB).toBeLessThan(lastA1)
  })

  it('chains from the cached response, and with store:false refuses the n-2 response without evicting the cache', async () => {
    const h = startSession([
      turnExchange({ input: '1' }, textEvents('resp_1', 'a')),
      turnExchange({ input: '2', previous_response_id: 'resp_1', store: false }, textEvents('resp_2', 'b')),
      turnExchange({ input: '4', previous_response_id: 'resp_2', store: false }, textEvents('resp_4', 'd')),
    ])
    h.send(create({ input: '1' }))
    h.send(create({ input: '2', previous_response_id: 'resp_1', store: false }))
    h.send(create({ input: '3', previous_response_id: 'resp_1', store: false }))
    h.send(create({ input: '4', previous_response_id: 'resp_2', store: false }))
    await h.session.idle()
    expect(responseIds(h.frames)).toEqual(['resp_1', 'resp_2', 'resp_4'])
    const errors = h.frames.filter((frame) => frame['type'] === 'error')
    expect(errors).toEqual([
      {
        type: 'error',
        status: 400,
        error: {
          type: 'invalid_request_error',
          code: 'previous_response_not_found',
          message: "Previous response with id 'resp_1' not found.",
          param: 'previous_response_id',
        },
      },
    ])
  })

  it('lets a store:true (or default) turn chain to a response that is not cached', async () => {
    const h = startSession([
      turnExchange({ input: '1' }, textEvents('resp_1', 'a')),
      turnExchange({ input: '2' }, textEvents('resp_2', 'b')),
      turnExchange({ input: '3', previous_response_id: 'resp_1' }, textEvents('resp_3', 'c')),
    ])
    for (const input of ['1', '2']) h.send(create({ input }))
    h.send(create({ input: '3', previous_response_id: 'resp_1' }))
    await h.session.idle()
    expect(responseIds(h.frames)).toEqual(['resp_1', 'resp_2', 'resp_3'])
  })

  it('replays a recorded error for a turn whose previous response is not cached', async () => {
    const recorded = {
      type: 'error',
      status: 400,
      error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: 'recorded text', param: 'previous_response_id' },
    }
    const h = startSession([turnExchange({ input: 'x', previous_response_id: 'resp_gone' }, [recorded])])
    h.send(create({ input: 'x', previous_response_id: 'resp_gone' }))
    await h.session.idle()
    expect(h.frames).toEqual([recorded])
  })

  it('evicts the referenced previous_response_id after a failed turn', async () => {
    const failed = responseFrames(
      completedResponse('resp_2', [], { status: 'failed', error: { code: 'server_error', message: 'x' } }),
    )
    const h = startSession([
      turnExchange({ input: '1' }, textEvents('resp_1', 'a')),
      turnExchange({ input: '2', previous_response_id: 'resp_1' }, failed),
    ])
    h.send(create({ input: '1' }))
    h.send(create({ input: '2', previous_response_id: 'resp_1' }))
    h.send(create({ input: '3', previous_response_id: 'resp_1', store: false }))
    await h.session.idle()
    expect(errorCode(h.frames.at(-1))).toBe('previous_response_not_found')
  })

  it('evicts the referenced id after a miss too', async () => {
    const h = startSession([turnExchange({ input: '1' }, textEvents('resp_1', 'a'))])
    h.send(create({ input: '1' }))
    h.send(create({ input: 'unrecorded', previous_response_id: 'resp_1' }))
    h.send(create({ input: '3', previous_response_id: 'resp_1', store: false }))
    await h.session.idle()
    expect(h.frames.filter((frame) => frame['type'] === 'error').map(errorCode)).toEqual([
      'tapedeck_replay_no_match',
      'previous_response_not_found',
    ])
  })

  it('lets a new lane fork from a response created on another lane', async () => {
    const h = startSession([
      turnExchange({ input: '1' }, textEvents('resp_1', 'a')),
      turnExchange({ input: 'fork', previous_response_id: 'resp_1', store: false }, textEvents('resp_f', 'f')),
    ])
    h.send(create({ input: '1', stream_id: 'main' }))
    await h.session.idle()
    h.send(create({ input: 'fork', previous_response_id: 'resp_1', store: false, stream_id: 'side' }))
    await h.session.idle()
    expect(responseIds(h.frames)).toEqual(['resp_1', 'resp_f'])
  })

  it('synthesises a chainable warm-up when the cassette has none', async () => {
    const h = startSession([
      turnExchange({ input: 'go', previous_response_id: 'resp_w', store: false }, textEvents('resp_2', 'b')),
    ])
    h.send(create({ model: 'gpt-5', generate: false, store: false }))
    await h.session.idle()
    expect(h.frames.map((frame) => [frame['type'], frame['sequence_number']])).toEqual([
      ['response.created', 0],
      ['response.completed', 1],
    ])
    const id = String((h.frames[0]?.['response'] as JsonObject)['id'])
    expect(id).toMatch(/^resp_[0-9a-f]{32}$/)
    expect((h.frames[1]?.['response'] as JsonObject)['id']).toBe(id)
    h.send(create({ input: 'go', previous_response_id: id, store: false }))
    await h.session.idle()
    expect(h.frames.at(-1)).toMatchObject({ type: 'error', status: 404 })
    expect(errorCode(h.frames.at(-1))).toBe('tapedeck_replay_no_match')
  })

  it('replays a recorded warm-up and chains from its id', async () => {
    const warm = [
      { type: 'response.created', sequence_number: 0, response: { id: 'resp_w', object: 'response', status: 'in_progress', output: [] } },
      { type: 'response.completed', sequence_number: 1, response: { id: 'resp_w', object: 'response', status: 'completed', output: [] } },
    ]
    const h = startSession([
      turnExchange({ model: 'm', generate: false, store: false }, warm),
      turnExchange({ input: 'go', previous_response_id: 'resp_w', store: false }, textEvents('resp_2', 'b')),
    ])
    h.send(create({ model: 'm', generate: false, store: false }))
    h.send(create({ input: 'go', previous_response_id: 'resp_w', store: false }))
    await h.session.idle()
    expect(responseIds(h.frames)).toEqual(['resp_w', 'resp_2'])
  })

  it('answers malformed frames with nested 400 errors and stays usable', async () => {
    const h = startSession([turnExchange({ input: 'ok' }, textEvents('resp_1', 'a'))])
    h.session.receive('not valid json', false)
    h.session.receive('{"type":"response.cancel"}', false)
    h.session.receive('{"no":"type"}', false)
    h.session.receive('{"type":"response.create"}', true)
    h.send({ type: 'response.steer', input: [] })
    h.send(create({ input: 'ok' }))
    await h.session.idle()
    const errors = h.frames.filter((frame) => frame['type'] === 'error')
    expect(errors.map(errorCode)).toEqual([
      'invalid_json',
      'unknown_event_type',
      'invalid_event',
      'invalid_event',
      'tapedeck_unsupported_event',
    ])
    for (const error of errors) {
      expect(error).toMatchObject({ status: 400, error: { type: 'invalid_request_error' } })
    }
    expect(responseIds(h.frames)).toEqual(['resp_1'])
  })

  it('rejects an invalid stream_id and background: true with nested errors naming the param', async () => {
    const h = startSession([])
    h.send(create({ input: 'x', stream_id: 'bad id' }))
    h.send(create({ input: 'x', background: true, stream_id: 'bg' }))
    await h.session.idle()
    expect(h.frames).toMatchObject([
      { status: 400, error: { code: 'invalid_stream_id', param: 'stream_id' } },
      { status: 400, error: { type: 'invalid_request_error', param: 'background' }, stream_id: 'bg' },
    ])
    expect(h.replayer.queries).toHaveLength(0)
  })

  it('allows 32 named lanes and refuses the 33rd with websocket_stream_limit_reached', async () => {
    const h = startSession([])
    for (let lane = 0; lane < 33; lane++) {
      h.send(create({ input: 'x', stream_id: `lane_${lane}` }))
      await h.session.idle()
    }
    const limit = h.frames.filter((frame) => errorCode(frame) === 'websocket_stream_limit_reached')
    expect(limit).toEqual([
      {
        type: 'error',
        status: 400,
        error: {
          type: 'invalid_request_error',
          code: 'websocket_stream_limit_reached',
          message: 'This WebSocket connection has reached its stream limit.',
          param: 'stream_id',
        },
        stream_id: 'lane_32',
      },
    ])
  })

  it('refuses a 17th in-flight response on named lanes, and never refuses the default lane', async () => {
    const gate = gatedClock()
    const exchanges = Array.from({ length: 20 }, (_, index) =>
      turnExchange({ input: `q${index}` }, textEvents(`resp_${index}`, 'x')),
    )
    const h = startSession(exchanges, { clock: gate.clock, timing: 'recorded' })
    for (let index = 0; index < 16; index++) h.send(create({ input: `q${index}`, stream_id: `l${index % 4}` }))
    h.send(create({ input: 'q16', stream_id: 'l0' }))
    h.send(create({ input: 'q17' }))
    await settle()
    expect(h.frames.filter((frame) => errorCode(frame) === 'websocket_stream_limit_reached')).toHaveLength(1)
    while (responseIds(h.frames).length < 17) {
      gate.release()
      await settle()
    }
    await h.session.idle()
    expect(responseIds(h.frames)).toContain('resp_17')
  })

  it('paces frames by the recorded gaps, divided by a speed factor, and not at all when instant', async () => {
    const events = textEvents('resp_1', 'a')
    for (const [timing, expected] of [
      ['recorded', 40],
      [4, 10],
      ['instant', 0],
    ] as const) {
      const sleeps: number[] = []
      const clock = { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) }
      const h = startSession([turnExchange({ input: 'x' }, events, { gapMs: 40 })], { clock, timing })
      h.send(create({ input: 'x' }))
      await h.session.idle()
      expect(sleeps).toEqual(expected === 0 ? [] : Array(events.length - 1).fill(expected))
    }
  })

  it('cuts the connection after the last frame of a truncated recording', async () => {
    const events = textEvents('resp_1', 'a').slice(0, 4)
    const h = startSession([turnExchange({ input: 'x' }, events, { truncated: true })])
    h.send(create({ input: 'x' }))
    await h.session.idle()
    expect(h.frames).toEqual(events)
    expect(h.terminated()).toBe(true)
  })

  it('answers a JSON error recording with a nested error carrying its status', async () => {
    const h = startSession([])
    h.replayer.add({
      ...turnExchange({ input: 'x' }, []),
      answer: {
        kind: 'json',
        status: 429,
        headers: {},
        body: { error: { message: 'Slow down.', type: 'requests', code: 'rate_limit_exceeded', param: null } },
      },
    })
    h.send(create({ input: 'x' }))
    await h.session.idle()
    expect(h.frames).toEqual([
      {
        type: 'error',
        status: 429,
        error: { type: 'requests', code: 'rate_limit_exceeded', message: 'Slow down.', param: null },
      },
    ])
  })

  it('answers a JSON Response recording with its canonical event sequence, and caches it', async () => {
    const response = completedResponse('resp_json', [])
    const h = startSession([turnExchange({ input: '2', previous_response_id: 'resp_json', store: false }, textEvents('resp_2', 'b'))])
    h.replayer.add({ ...turnExchange({ input: 'x' }, []), answer: { kind: 'json', status: 200, headers: {}, body: response } })
    h.send(create({ input: 'x' }))
    h.send(create({ input: '2', previous_response_id: 'resp_json', store: false }))
    await h.session.idle()
    expect(h.frames.slice(0, 3)).toEqual(responseFrames(response))
    expect(responseIds(h.frames)).toEqual(['resp_json', 'resp_2'])
  })

  it('skips the non-JSON [DONE] of an SSE recording but sends raw text frames of a WebSocket recording', async () => {
    const events = textEvents('resp_1', 'a')
    const sse = turnExchange({ input: 'sse' }, events, { transport: 'sse' })
    const ws = turnExchange({ input: 'ws' }, events)
    if (sse.answer.kind === 'stream') sse.answer.events.push({ at: 999, raw_data: '[DONE]' })
    if (ws.answer.kind === 'stream') ws.answer.events.push({ at: 999, raw_data: 'raw text' })
    const h = startSession([sse, ws])
    h.send(create({ input: 'sse' }))
    h.send(create({ input: 'ws' }))
    await h.session.idle()
    expect(h.texts).toHaveLength(events.length * 2 + 1)
    expect(h.texts.at(-1)).toBe('raw text')
    expect(h.texts).not.toContain('[DONE]')
  })

  it('at the lifetime limit finishes the running response, then sends the limit error and closes 1000', async () => {
    const gate = gatedClock()
    const h = startSession(
      [turnExchange({ input: 'x' }, textEvents('resp_1', 'a')), turnExchange({ input: 'y' }, textEvents('resp_2', 'b'))],
      { clock: gate.clock, timing: 'recorded', limits: { connectionLimitMs: 60_000, closeGraceMs: 5 } },
    )
    h.send(create({ input: 'x' }))
    await settle()
    h.send(create({ input: 'y' }))
    gate.advance(60_000)
    h.send(create({ input: 'y' }))
    while (!h.frames.some((frame) => errorCode(frame) === 'websocket_connection_limit_reached')) {
      gate.release()
      await settle()
    }
    expect(responseIds(h.frames)).toEqual(['resp_1'])
    expect(h.frames.at(-1)).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'websocket_connection_limit_reached',
        message:
          'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
        param: null,
      },
    })
    expect(h.closes).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(h.closes).toEqual([{ code: 1000, reason: 'connection limit reached' }])
  })

  it('stops streaming and drops queued turns when the client goes away', async () => {
    const gate = gatedClock()
    const h = startSession(
      [turnExchange({ input: 'x' }, textEvents('resp_1', 'a')), turnExchange({ input: 'y' }, textEvents('resp_2', 'b'))],
      { clock: gate.clock, timing: 'recorded' },
    )
    h.send(create({ input: 'x' }))
    h.send(create({ input: 'y' }))
    gate.release()
    await settle()
    const sent = h.frames.length
    h.session.dispose()
    gate.release()
    await h.session.idle()
    expect(h.frames).toHaveLength(sent)
    expect(h.replayer.queries).toHaveLength(1)
    h.send(create({ input: 'y' }))
    await settle()
    expect(h.frames).toHaveLength(sent)
  })
})
