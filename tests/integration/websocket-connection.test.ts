/**
 * Connection semantics of Responses WebSocket mode in replay, beyond the seed cases
 * (seed-behaviour.md §7 "Not covered"): warm-ups, lanes and their limits, the lifetime limit,
 * pings, disconnects, many clients, frame size, connection cap, truncation, pacing.
 */
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningTapedeck, WebSocketHandlerContext } from '../../src/server/options.js'
import type { JsonObject } from '../../src/util/json.js'
import { createResponsesWebSocketHandler, type ResponsesWebSocketHandler } from '../../src/websocket/index.js'
import { startTapedeck } from '../../src/server/create-server.js'
import {
  connectRaw,
  errorCodeOf,
  fixturePath,
  isTerminal,
  recordedFrames,
  recordedOffsets,
  startWsTapedeck,
  wsUrl,
} from './support/websocket-harness.js'

const create = (body: JsonObject): JsonObject => ({ type: 'response.create', ...body })
const responseId = (frame: JsonObject | undefined) => (frame?.['response'] as JsonObject | undefined)?.['id']
let scopes = 0
const scope = () => ({ 'x-tapedeck-scope': `connection-${scopes++}` })

let instant: RunningTapedeck
let paced: RunningTapedeck

beforeAll(async () => {
  instant = await startWsTapedeck(['ws-basic.yaml', 'ws-lanes.yaml', 'ws-truncated.yaml'])
  paced = await startWsTapedeck(['ws-basic.yaml', 'ws-lanes.yaml'], {
    server: { timing: 4, onExhausted: 'repeat_last' },
  })
})

afterAll(async () => {
  await instant.close()
  await paced.close()
})

describe('warm-up (generate: false)', () => {
  it('synthesises a numbered, terminated warm-up whose id a store:false turn can chain from', async () => {
    const client = await connectRaw(instant, scope())
    client.send(create({ model: 'gpt-5', generate: false, store: false, instructions: 'Unrecorded warm-up' }))
    const warm = await client.until(isTerminal)
    expect(warm.map((frame) => [frame['type'], frame['sequence_number']])).toEqual([
      ['response.created', 0],
      ['response.completed', 1],
    ])
    const id = responseId(warm[1])
    expect(id).toBe(responseId(warm[0]))
    client.send(create({ model: 'gpt-5', input: 'Go on', store: false, previous_response_id: id ?? null }))
    const [answer] = await client.until(isTerminal, 2)
    // Chaining was allowed: the turn reached the cassette (and missed), it was not refused.
    expect(errorCodeOf(answer)).toBe('tapedeck_replay_no_match')
    client.send(create({ model: 'gpt-5', input: 'Go on', store: false, previous_response_id: 'resp_elsewhere' }))
    const [refused] = await client.until(isTerminal, 3)
    expect(errorCodeOf(refused)).toBe('previous_response_not_found')
    client.ws.close()
  })
})

describe('stream_id lanes', () => {
  it('runs lanes concurrently, FIFO within a lane, echoing stream_id on every frame', async () => {
    const client = await connectRaw(paced, scope())
    client.send(create({ model: 'gpt-5.5', input: 'Plan step 1', stream_id: 'agent_a' }))
    client.send(create({ model: 'gpt-5.5', input: 'Review', stream_id: 'agent_b' }))
    await client.until((frame) => frame['stream_id'] === 'agent_a' && frame['type'] === 'response.created')
    const a1 = String(responseId(client.frames[0]))
    client.send(create({ model: 'gpt-5.5', input: 'Plan step 2', stream_id: 'agent_a', previous_response_id: a1 }))
    const completions = () => client.frames.filter((frame) => frame['type'] === 'response.completed').length
    await client.until(() => completions() === 3)
    expect(client.frames).toHaveLength(33)
    for (const frame of client.frames) expect(['agent_a', 'agent_b']).toContain(frame['stream_id'])
    const laneA = client.frames.filter((frame) => frame['stream_id'] === 'agent_a')
    const laneB = client.frames.filter((frame) => frame['stream_id'] === 'agent_b')
    expect(laneA).toEqual([...recordedFrames('ws-lanes.yaml', 0), ...recordedFrames('ws-lanes.yaml', 2)])
    expect(laneB).toEqual(recordedFrames('ws-lanes.yaml', 1))
    const firstB = client.frames.findIndex((frame) => frame['stream_id'] === 'agent_b')
    const firstACompleted = client.frames.findIndex((frame) => frame['type'] === 'response.completed')
    expect(firstB).toBeLessThan(firstACompleted)
    client.ws.close()
  })

  it('refuses an invalid stream_id and a 33rd named lane, keeping the connection open', async () => {
    const client = await connectRaw(instant, scope())
    client.send(create({ model: 'gpt-5', input: 'x', stream_id: 'not valid!' }))
    const [invalid] = await client.waitForFrames(1)
    expect(invalid).toMatchObject({ status: 400, error: { code: 'invalid_stream_id', param: 'stream_id' } })
    // One at a time, so that the in-flight limit (16) is never what refuses a lane.
    for (let lane = 0; lane < 33; lane++) {
      client.send(create({ model: 'gpt-5', input: 'x', stream_id: `lane_${lane}` }))
      await client.waitForFrames(lane + 2)
    }
    const limited = client.frames.filter((frame) => errorCodeOf(frame) === 'websocket_stream_limit_reached')
    expect(limited).toEqual([
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
    client.ws.close()
  })

  it('refuses a 17th in-flight response on a connection', async () => {
    const client = await connectRaw(paced, scope())
    for (let lane = 0; lane < 17; lane++) client.send(create({ model: 'gpt-5', input: 'Hello!', stream_id: `l${lane}` }))
    const [refused] = (await client.until((frame) => frame['type'] === 'error')).slice(-1)
    expect(refused).toMatchObject({ stream_id: 'l16', error: { code: 'websocket_stream_limit_reached' } })
    await client.until((frame) => frame['stream_id'] === 'l15' && frame['type'] === 'response.completed')
    const completed = client.frames.filter((frame) => frame['type'] === 'response.completed')
    expect(completed.map((frame) => frame['stream_id'])).not.toContain('l16')
    client.ws.close()
  })
})

describe('malformed and unsupported client frames', () => {
  it('answers binary frames, steering and background with nested 400s and stays open', async () => {
    const client = await connectRaw(instant, scope())
    client.ws.send(Buffer.from('{"type":"response.create"}'), { binary: true })
    client.send({ type: 'response.steer', previous_response_id: 'resp_1', input: [] })
    client.send(create({ model: 'gpt-5', input: 'Hello!', background: true }))
    client.send({ type: 'response.cancel' })
    await client.waitForFrames(4)
    expect(client.frames.map(errorCodeOf)).toEqual([
      'invalid_event',
      'tapedeck_unsupported_event',
      'unsupported_parameter',
      'unknown_event_type',
    ])
    expect((client.frames[2]?.['error'] as JsonObject)['param']).toBe('background')
    client.send(create({ model: 'gpt-5', input: 'Hello!' }))
    const events = await client.until(isTerminal, 4)
    expect(events.at(-1)?.['type']).toBe('response.completed')
    client.ws.close()
  })

  it('accepts stream: true, include: [], tools: [] and unknown fields in response.create', async () => {
    const client = await connectRaw(instant, scope())
    client.send(create({ model: 'gpt-5', input: 'Hello!', stream: true, include: [], tools: [] }))
    const first = await client.until(isTerminal)
    expect(first).toEqual(recordedFrames('ws-basic.yaml', 0))
    client.send(
      create({
        model: 'gpt-5',
        input: 'Future',
        stream: true,
        include: [],
        tools: [],
        client_hint: { origin: 'a field the API does not know yet' },
      }),
    )
    const second = await client.until(isTerminal, first.length)
    expect(second.at(-1)?.['type']).toBe('response.completed')
    client.ws.close()
  })
})

describe('connection lifetime and closing', () => {
  it('finishes the running response, then sends websocket_connection_limit_reached and closes 1000', async () => {
    const tapedeck = await startWsTapedeck(['ws-basic.yaml'], {
      server: { timing: 4 },
      ws: { connectionLimitMs: 40 },
    })
    const client = await connectRaw(tapedeck)
    client.send(create({ model: 'gpt-5', input: 'Hello!' }))
    const { code } = await client.closed
    expect(code).toBe(1000)
    const recorded = recordedFrames('ws-basic.yaml', 0)
    expect(client.frames.slice(0, recorded.length)).toEqual(recorded)
    expect(client.frames.slice(recorded.length)).toEqual([
      {
        type: 'error',
        status: 400,
        error: {
          type: 'invalid_request_error',
          code: 'websocket_connection_limit_reached',
          message:
            'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
          param: null,
        },
      },
    ])
    await tapedeck.close()
  })

  it('reaches the limit on an idle connection too', async () => {
    const tapedeck = await startWsTapedeck(['ws-basic.yaml'], {
      ws: { connectionLimitMs: 50, closeGraceMs: 20 },
    })
    const client = await connectRaw(tapedeck)
    const { code } = await client.closed
    expect(code).toBe(1000)
    expect(client.frames.map(errorCodeOf)).toEqual(['websocket_connection_limit_reached'])
    await tapedeck.close()
  })

  it('answers pings while idle and while streaming', async () => {
    const client = await connectRaw(paced, scope())
    const pong = () => new Promise<string>((resolve) => client.ws.once('pong', (data) => resolve(String(data))))
    const idlePong = pong()
    client.ws.ping('idle')
    expect(await idlePong).toBe('idle')
    client.send(create({ model: 'gpt-5', input: 'Hello!' }))
    await client.until((frame) => frame['type'] === 'response.output_text.delta')
    const streamingPong = pong()
    client.ws.ping('streaming')
    expect(await streamingPong).toBe('streaming')
    expect(client.frames.some((frame) => frame['type'] === 'response.completed')).toBe(false)
    client.ws.close()
  })

  it('stops streaming and drops queued turns when the client disconnects mid-stream', async () => {
    let handler: ResponsesWebSocketHandler | undefined
    const tapedeck = await startTapedeck({
      cassette: fixturePath('ws-basic.yaml'),
      timing: 4,
      createWebSocketHandler: (context) => (handler = createResponsesWebSocketHandler(context)),
    })
    const client = await connectRaw(tapedeck)
    client.send(create({ model: 'gpt-5', input: 'Hello!' }))
    client.send(create({ model: 'gpt-4o', input: 'Hi' }))
    await client.until((frame) => frame['type'] === 'response.output_text.delta')
    client.ws.terminate()
    await client.closed
    while (handler?.stats().activeConnections !== 0) await new Promise((resolve) => setTimeout(resolve, 5))
    // Longer than the rest of the recorded turn at this pace: nothing more may be looked up.
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(tapedeck.stats().hits).toBe(1)
    const again = await connectRaw(tapedeck, { 'x-tapedeck-scope': 'after-disconnect' })
    again.send(create({ model: 'gpt-4o', input: 'Hi' }))
    const events = await again.until(isTerminal)
    expect(events).toEqual(recordedFrames('ws-basic.yaml', 1))
    again.ws.close()
    await tapedeck.close()
  })

  it('hands a custom handler the resolved timing and the server\'s own request-id counter', async () => {
    const contexts: WebSocketHandlerContext[] = []
    const tapedeck = await startTapedeck({
      cassette: fixturePath('ws-basic.yaml'),
      timing: 4,
      createWebSocketHandler: (context) => {
        contexts.push(context)
        return createResponsesWebSocketHandler(context)
      },
    })
    try {
      const [context] = contexts
      expect(contexts).toHaveLength(1)
      expect(context?.timing).toEqual({ kind: 'recorded', speed: 4 })
      const miss = await fetch(`${tapedeck.baseURL}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-5', input: 'nothing recorded answers this' }),
      })
      expect(miss.status).toBe(404)
      const httpId = Number(/^req_tapedeck_(\d+)$/.exec(miss.headers.get('x-request-id') ?? '')?.[1])
      expect(context?.requestIds.next()).toBe(`req_tapedeck_${httpId + 1}`)
    } finally {
      await tapedeck.close()
    }
  })

  it('cuts the connection where a truncated recording was cut', async () => {
    const client = await connectRaw(instant, scope())
    client.send(create({ model: 'gpt-5.5', input: 'Count to ten.' }))
    const { code } = await client.closed
    expect(code).toBe(1006)
    expect(client.frames).toEqual(recordedFrames('ws-truncated.yaml', 0))
  })

  it('closes with 1009 when a client frame exceeds maxFrameBytes', async () => {
    const tapedeck = await startWsTapedeck(['ws-basic.yaml'], { ws: { maxFrameBytes: 1024 } })
    const client = await connectRaw(tapedeck)
    client.send(create({ model: 'gpt-5', input: 'x'.repeat(2048) }))
    const { code } = await client.closed
    expect(code).toBe(1009)
    await tapedeck.close()
  })

  it('refuses upgrades over maxConnections with an OpenAI-shaped 429', async () => {
    const tapedeck = await startWsTapedeck(['ws-basic.yaml'], { ws: { maxConnections: 1 } })
    const first = await connectRaw(tapedeck)
    const refused = await new Promise<{ status: number; body: string; retry: unknown; requestId: unknown }>((resolve, reject) => {
      const ws = new WebSocket(wsUrl(tapedeck))
      ws.on('open', () => reject(new Error('the second connection was accepted')))
      ws.on('error', () => {})
      ws.on('unexpected-response', (_request, response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => (body += String(chunk)))
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body,
            retry: response.headers['x-should-retry'],
            requestId: response.headers['x-request-id'],
          }),
        )
      })
    })
    expect(refused.status).toBe(429)
    expect(refused.retry).toBe('false')
    expect(refused.requestId).toMatch(/^req_tapedeck_\d+$/)
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { type: 'invalid_request_error', code: 'tapedeck_websocket_connection_cap' },
    })
    first.ws.close()
    await tapedeck.close()
  })
})

describe('many clients', () => {
  it('serves concurrent connections without cross-talk', async () => {
    const inputs = ['Hello!', 'Hi', 'First', 'Second']
    const clients = await Promise.all(
      Array.from({ length: 8 }, (_, index) => connectRaw(paced, { 'x-tapedeck-scope': `crowd-${index}` })),
    )
    clients.forEach((client, index) => {
      client.send(create({ model: index % 4 === 1 ? 'gpt-4o' : 'gpt-5', input: inputs[index % 4] ?? '' }))
    })
    const received = await Promise.all(clients.map((client) => client.until(isTerminal)))
    received.forEach((frames, index) => {
      expect(frames).toEqual(recordedFrames('ws-basic.yaml', index % 4))
    })
    for (const client of clients) client.ws.close()
  })
})

describe('pacing', () => {
  it('spaces frames by the recorded gaps divided by the speed factor', async () => {
    const tapedeck = await startWsTapedeck(['ws-basic.yaml'], { server: { timing: 2 } })
    const client = await connectRaw(tapedeck)
    const arrivals: number[] = []
    client.ws.on('message', () => arrivals.push(performance.now()))
    client.send(create({ model: 'gpt-5', input: 'Hello!' }))
    await client.until(isTerminal)
    const offsets = recordedOffsets('ws-basic.yaml', 0)
    expect(arrivals).toHaveLength(offsets.length)
    const recordedSpan = (offsets.at(-1) ?? 0) - (offsets[0] ?? 0)
    expect(recordedSpan).toBeGreaterThan(200)
    const span = (arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)
    expect(span).toBeGreaterThanOrEqual((recordedSpan / 2) * 0.8)
    client.ws.close()
    await tapedeck.close()
  })
})
