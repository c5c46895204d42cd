import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../../src/util/json.js'
import { validateWebSocketTurn, type ValidationResult } from '../../../src/validation/index.js'
import { loadResponsesEvents } from './fixture-streams.js'

const rules = (result: ValidationResult) => [...new Set(result.violations.map((violation) => violation.rule))]
const create = (extra: JsonObject = {}): JsonObject => ({
  type: 'response.create',
  model: 'gpt-5.5',
  store: false,
  input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
  tools: [],
  ...extra,
})
const nestedNotFound: JsonObject = {
  type: 'error',
  status: 400,
  error: {
    type: 'invalid_request_error',
    code: 'previous_response_not_found',
    message: "Previous response with id 'resp_abc' not found.",
    param: 'previous_response_id',
  },
}
const withStreamId = (frames: JsonObject[], id: string): JsonObject[] => frames.map((frame) => ({ ...frame, stream_id: id }))

describe('validateWebSocketTurn', () => {
  it('accepts a turn whose frames are a whole Responses stream', () => {
    const result = validateWebSocketTurn(loadResponsesEvents('responses-text.jsonl'), { clientFrame: create({ stream: true }) })
    expect(result).toEqual({ valid: true, violations: [], dialects: [] })
  })

  it('accepts a turn that is a single nested error frame', () => {
    expect(validateWebSocketTurn([nestedNotFound], { clientFrame: create({ previous_response_id: 'resp_abc' }) }).violations).toEqual([])
  })

  it('accepts a flat error inside a running stream followed by response.failed', () => {
    const frames = loadResponsesEvents('responses-text.jsonl').slice(0, 5)
    const response = frames[0]!['response'] as JsonObject
    frames.push({ type: 'error', code: 'server_error', message: 'The server had an error.', param: null, sequence_number: 5 })
    frames.push({ type: 'response.failed', sequence_number: 6, response: { ...response, status: 'failed', error: { code: 'server_error', message: 'The server had an error.' } } })
    expect(validateWebSocketTurn(frames).violations).toEqual([])
  })

  it('reports ws.error_shape for an error frame of neither shape', () => {
    const result = validateWebSocketTurn([{ type: 'error', status: 400, error: { code: 'bad' } }])
    expect(rules(result)).toEqual(['ws.error_shape'])
    expect(result.violations[0]?.message).toContain('as a nested error frame')
    expect(rules(validateWebSocketTurn([{ type: 'error', code: 'x' }]))).toEqual(['ws.error_shape'])
  })

  it('reports ws.stream_id when a frame does not echo the stream_id of response.create', () => {
    const frames = withStreamId(loadResponsesEvents('responses-text.jsonl'), 'agent_1')
    expect(validateWebSocketTurn(frames, { clientFrame: create({ stream_id: 'agent_1' }) }).valid).toBe(true)
    delete frames[3]!['stream_id']
    const result = validateWebSocketTurn(frames, { clientFrame: create({ stream_id: 'agent_1' }) })
    expect(result.violations).toEqual([expect.objectContaining({ rule: 'ws.stream_id', index: 3, sequence_number: 3, pointer: '/stream_id' })])
    const unasked = validateWebSocketTurn(withStreamId(loadResponsesEvents('responses-text.jsonl'), 'x'), { clientFrame: create() })
    expect(rules(unasked)).toEqual(['ws.stream_id'])
  })

  it('checks the client frame: flat and generate:false are fine, the nested form only under wire', () => {
    const frames = loadResponsesEvents('responses-text.jsonl')
    expect(validateWebSocketTurn(frames, { clientFrame: create({ generate: false }), profile: 'strict' }).valid).toBe(true)
    const nested = { type: 'response.create', response: { model: 'gpt-5.5', input: 'Hi' } }
    expect(validateWebSocketTurn(frames, { clientFrame: nested, profile: 'wire' }).valid).toBe(true)
    const strict = validateWebSocketTurn(frames, { clientFrame: nested, profile: 'strict' })
    expect(strict.violations).toEqual([expect.objectContaining({ rule: 'ws.client', index: -1 })])
    expect(rules(validateWebSocketTurn(frames, { clientFrame: create({ stream_id: 'bad lane!' }) }))).toContain('ws.client')
  })

  it('runs the stream rules per turn, with WebSocket-only events known', () => {
    const frames = loadResponsesEvents('responses-text.jsonl')
    frames[5]!['item_id'] = 'msg_wrong'
    expect(rules(validateWebSocketTurn(frames))).toEqual(['item.id'])
  })
})
