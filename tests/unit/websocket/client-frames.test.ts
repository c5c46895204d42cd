import { describe, expect, it } from 'vitest'
import { createSettings, parseClientFrame } from '../../../src/websocket/client-frames.js'

const create = (fields: Record<string, unknown>) => JSON.stringify({ type: 'response.create', ...fields })

describe('parseClientFrame', () => {
  it('reads the flat form the SDKs send, keeping every field but type in the body', () => {
    const frame = parseClientFrame(create({ model: 'gpt-5', input: 'Hi', stream: true, extra: 1 }), false)
    expect(frame).toEqual({
      kind: 'create',
      body: { model: 'gpt-5', input: 'Hi', stream: true, extra: 1 },
      settings: { model: 'gpt-5', input: 'Hi', stream: true, extra: 1 },
      shape: 'flat',
      streamId: undefined,
    })
  })

  it('flattens the nested form to the same body as the flat form', () => {
    const nested = parseClientFrame(create({ response: { model: 'gpt-5', input: 'Hi' } }), false)
    const flat = parseClientFrame(create({ model: 'gpt-5', input: 'Hi' }), false)
    expect(nested.kind === 'create' && nested.shape).toBe('nested')
    expect(nested.kind === 'create' && nested.body).toEqual(flat.kind === 'create' && flat.body)
  })

  it('reads generate, previous_response_id and stream_id in both forms', () => {
    const fields = { model: 'm', generate: false, previous_response_id: 'resp_1', stream_id: 'lane.a-1' }
    for (const text of [create(fields), create({ response: fields })]) {
      const frame = parseClientFrame(text, false)
      expect(frame.kind).toBe('create')
      if (frame.kind !== 'create') continue
      expect(frame.streamId).toBe('lane.a-1')
      expect(frame.settings).toMatchObject({ generate: false, previous_response_id: 'resp_1' })
    }
  })

  it('answers text that is not JSON with invalid_json', () => {
    expect(parseClientFrame('not valid json', false)).toMatchObject({ kind: 'invalid', code: 'invalid_json' })
  })

  it('answers a binary frame, a non-object and a missing type with invalid_event', () => {
    expect(parseClientFrame(create({ model: 'm' }), true)).toMatchObject({ kind: 'invalid', code: 'invalid_event' })
    expect(parseClientFrame('[1,2]', false)).toMatchObject({ kind: 'invalid', code: 'invalid_event' })
    expect(parseClientFrame('{"model":"m"}', false)).toMatchObject({
      kind: 'invalid',
      code: 'invalid_event',
      param: 'type',
    })
    expect(parseClientFrame('{"type":7}', false)).toMatchObject({ kind: 'invalid', code: 'invalid_event' })
  })

  it('answers an unknown type with unknown_event_type, echoing a valid stream_id', () => {
    expect(parseClientFrame('{"type":"response.cancel","stream_id":"a"}', false)).toMatchObject({
      kind: 'invalid',
      code: 'unknown_event_type',
      param: 'type',
      streamId: 'a',
    })
  })

  it('classifies response.steer as unsupported', () => {
    expect(parseClientFrame('{"type":"response.steer","input":[]}', false)).toEqual({
      kind: 'unsupported',
      type: 'response.steer',
      streamId: undefined,
    })
  })

  it('rejects stream_ids outside 1-256 characters of [A-Za-z0-9_.-]', () => {
    for (const streamId of ['', 'has space', 'ü', 'x'.repeat(257), 5]) {
      expect(parseClientFrame(create({ model: 'm', stream_id: streamId }), false)).toMatchObject({
        kind: 'invalid',
        code: 'invalid_stream_id',
        param: 'stream_id',
      })
    }
    expect(parseClientFrame(create({ model: 'm', stream_id: 'x'.repeat(256) }), false).kind).toBe('create')
  })

  it('rejects a nested response that is not an object, and mistyped chaining fields', () => {
    expect(parseClientFrame(create({ response: 'x' }), false)).toMatchObject({ kind: 'invalid', param: 'response' })
    expect(parseClientFrame(create({ previous_response_id: 5 }), false)).toMatchObject({
      kind: 'invalid',
      param: 'previous_response_id',
    })
    expect(parseClientFrame(create({ store: 'no' }), false)).toMatchObject({ kind: 'invalid', param: 'store' })
  })
})

describe('createSettings', () => {
  it('lifts a nested response over its siblings', () => {
    expect(createSettings({ type: 'response.create', stream_id: 'a', response: { model: 'm' } })).toEqual({
      stream_id: 'a',
      model: 'm',
    })
  })
})
