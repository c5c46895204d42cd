import { describe, expect, it } from 'vitest'
import type { WebSocketFrame } from '../../../src/cassette/model.js'
import type { JsonObject } from '../../../src/util/json.js'
import { createTurnRecorder } from '../../../src/upstream/ws-turns.js'

let clock = 0
const frame = (data: JsonObject): WebSocketFrame => ({ at: clock++, data })
const create = (extra: JsonObject = {}) => frame({ type: 'response.create', model: 'gpt-5.5', ...extra })
const event = (type: string, extra: JsonObject = {}) => frame({ type, ...extra })
const lifecycle = (type: string, id: string, extra: JsonObject = {}) => event(type, { response: { id }, ...extra })
const typesOf = (frames: WebSocketFrame[] | undefined) => (frames ?? []).map((item) => (item.data as { type: string }).type)

describe('createTurnRecorder', () => {
  it('gives queued turns on the default lane their answers in order', () => {
    const turns = createTurnRecorder()
    turns.clientFrame(create())
    turns.clientFrame(create())
    turns.serverFrame(lifecycle('response.created', 'resp_1'))
    turns.serverFrame(event('response.output_text.delta'))
    turns.serverFrame(lifecycle('response.completed', 'resp_1'))
    turns.serverFrame(lifecycle('response.created', 'resp_2'))
    turns.serverFrame(lifecycle('response.completed', 'resp_2'))
    const result = turns.result()
    expect(result.preamble).toBeUndefined()
    expect(typesOf(result.turns[0]?.server)).toEqual(['response.created', 'response.output_text.delta', 'response.completed'])
    expect(typesOf(result.turns[1]?.server)).toEqual(['response.created', 'response.completed'])
  })

  it('ends a turn on a request error, but not on an error inside a running response', () => {
    const turns = createTurnRecorder()
    turns.clientFrame(create({ previous_response_id: 'resp_gone' }))
    turns.clientFrame(create())
    turns.clientFrame(create())
    turns.serverFrame(event('error', { status: 400, error: { code: 'previous_response_not_found' } }))
    turns.serverFrame(lifecycle('response.created', 'resp_2'))
    turns.serverFrame(event('error', { code: 'server_error', message: 'x', param: null }))
    turns.serverFrame(lifecycle('response.failed', 'resp_2'))
    turns.serverFrame(lifecycle('response.created', 'resp_3'))
    const result = turns.result()
    expect(typesOf(result.turns[0]?.server)).toEqual(['error'])
    expect(typesOf(result.turns[1]?.server)).toEqual(['response.created', 'error', 'response.failed'])
    expect(typesOf(result.turns[2]?.server)).toEqual(['response.created'])
  })

  it('routes interleaved frames by stream_id', () => {
    const turns = createTurnRecorder()
    turns.clientFrame(create({ stream_id: 'a' }))
    turns.clientFrame(create({ stream_id: 'b' }))
    turns.serverFrame(lifecycle('response.created', 'resp_a', { stream_id: 'a' }))
    turns.serverFrame(lifecycle('response.created', 'resp_b', { stream_id: 'b' }))
    turns.serverFrame(lifecycle('response.completed', 'resp_b', { stream_id: 'b' }))
    turns.serverFrame(lifecycle('response.completed', 'resp_a', { stream_id: 'a' }))
    const [a, b] = turns.result().turns
    expect(a?.server.map((item) => (item.data as { stream_id: string }).stream_id)).toEqual(['a', 'a'])
    expect(b?.server.map((item) => (item.data as { stream_id: string }).stream_id)).toEqual(['b', 'b'])
  })

  it('moves on when a new response starts on a lane whose response never ended', () => {
    const turns = createTurnRecorder()
    turns.clientFrame(create())
    turns.clientFrame(create())
    turns.serverFrame(lifecycle('response.created', 'resp_1'))
    turns.serverFrame(lifecycle('response.created', 'resp_2'))
    expect(turns.result().turns.map((turn) => turn.server.length)).toEqual([1, 1])
  })

  it('keeps frames before any client frame as preamble, and late frames on the last turn', () => {
    const turns = createTurnRecorder()
    turns.serverFrame(event('session.hello'))
    turns.clientFrame(create())
    turns.serverFrame(lifecycle('response.completed', 'resp_1'))
    turns.serverFrame(event('error', { status: 400, error: { code: 'websocket_connection_limit_reached' } }))
    const result = turns.result()
    expect(typesOf(result.preamble)).toEqual(['session.hello'])
    expect(typesOf(result.turns[0]?.server)).toEqual(['response.completed', 'error'])
  })

  it('answers steer frames with steer events without disturbing the running response', () => {
    const turns = createTurnRecorder()
    turns.clientFrame(create())
    turns.serverFrame(lifecycle('response.created', 'resp_1'))
    turns.clientFrame(frame({ type: 'response.steer', previous_response_id: 'resp_1', input: [] }))
    turns.serverFrame(event('response.steer.accepted', { steer: {} }))
    turns.serverFrame(lifecycle('response.completed', 'resp_1'))
    const [run, steer] = turns.result().turns
    expect(typesOf(run?.server)).toEqual(['response.created', 'response.completed'])
    expect(typesOf(steer?.server)).toEqual(['response.steer.accepted'])
  })

  it('records non-JSON server frames on the open turn', () => {
    const turns = createTurnRecorder()
    turns.clientFrame({ at: 0, raw: 'not json' })
    turns.serverFrame({ at: 1, raw: 'also not json' })
    expect(turns.result().turns[0]?.server).toEqual([{ at: 1, raw: 'also not json' }])
  })
})
