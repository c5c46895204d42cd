import { describe, expect, it } from 'vitest'
import type { Answer } from '../../../src/replay/types.js'
import type { JsonValue } from '../../../src/util/json.js'
import { isErrorAnswer, prepareAnswer, prepareEvents } from '../../../src/websocket/answer-frames.js'
import { turnExchange, textEvents } from './support/session-harness.js'

describe('prepareAnswer', () => {
  it('keeps the recorded gap before each frame, the first one immediate', () => {
    const exchange = turnExchange({ input: 'x' }, textEvents('resp_1', 'a').slice(0, 3), { gapMs: 25 })
    expect(prepareAnswer(exchange).frames.map((frame) => frame.delayMs)).toEqual([0, 25, 25])
  })

  it('serialises an answer once and reuses the frames for every turn', () => {
    const exchange = turnExchange({ input: 'x' }, textEvents('resp_1', 'a'))
    const first = prepareAnswer(exchange)
    expect(prepareAnswer({ ...exchange }).frames).toBe(first.frames)
    expect(first.frames[0]?.text).toBe(JSON.stringify(textEvents('resp_1', 'a')[0]))
  })

  it('reads a completed or incomplete turn as a response id, an error or response.failed as a failure', () => {
    const completed = prepareEvents(textEvents('resp_1', 'a'))
    expect(completed.outcome).toEqual({ kind: 'response', responseId: 'resp_1' })
    const incomplete = textEvents('resp_2', 'a').map((event) =>
      event['type'] === 'response.completed' ? { ...event, type: 'response.incomplete' } : event,
    )
    expect(prepareEvents(incomplete).outcome).toEqual({ kind: 'response', responseId: 'resp_2' })
    const error = { type: 'error', code: 'server_error', message: 'x', param: null }
    const failed = [...textEvents('resp_3', 'a').slice(0, 4), error]
    expect(prepareEvents(failed).outcome).toEqual({ kind: 'failed' })
    expect(prepareEvents(textEvents('resp_4', 'a').slice(0, 3)).outcome).toEqual({ kind: 'failed' })
  })

  it('carries the truncated flag of the recording', () => {
    expect(prepareAnswer(turnExchange({ input: 'x' }, [], { truncated: true })).truncated).toBe(true)
  })
})

describe('isErrorAnswer', () => {
  const json = (status: number, body: JsonValue): Answer => ({
    kind: 'json',
    status,
    headers: {},
    body,
  })

  it('is true for error statuses, error bodies and streams that start with an error', () => {
    expect(isErrorAnswer(json(400, { error: { message: 'x' } }))).toBe(true)
    expect(isErrorAnswer(json(200, { error: { message: 'x' } }))).toBe(true)
    const stream = turnExchange({}, [{ type: 'error', status: 400, error: { code: 'x' } }]).answer
    expect(isErrorAnswer(stream)).toBe(true)
  })

  it('is false for a Response object and for a stream that fails only mid-way', () => {
    expect(isErrorAnswer(json(200, { id: 'resp_1', object: 'response', output: [] }))).toBe(false)
    expect(isErrorAnswer(turnExchange({}, textEvents('resp_1', 'a')).answer)).toBe(false)
  })
})
