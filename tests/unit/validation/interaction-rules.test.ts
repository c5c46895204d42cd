import { describe, expect, it } from 'vitest'
import type { HttpInteraction, SseEvent, SseInteraction, WebSocketInteraction } from '../../../src/cassette/model.js'
import type { JsonObject } from '../../../src/util/json.js'
import { isResponsesStream } from '../../../src/validation/interaction-rules.js'
import { classifyInteraction, validateInteraction, type ValidationResult } from '../../../src/validation/index.js'
import { loadJsonLines, loadResponsesEvents } from './fixture-streams.js'

const rules = (result: ValidationResult) => [...new Set(result.violations.map((violation) => violation.rule))]

function responsesSse(): SseInteraction {
  const events: SseEvent[] = loadResponsesEvents('responses-text.jsonl').map((data) => ({ at: 0, event: data['type'] as string, data }))
  return { transport: 'sse', request: { method: 'POST', path: '/v1/responses', body: { model: 'gpt-5.5', input: 'Hi', stream: true } }, response: { status: 200, events } }
}

function chatSse(includeUsage: boolean): SseInteraction {
  const events: SseEvent[] = loadJsonLines('chat-tool-calls.jsonl').map((data) => (data === '[DONE]' ? { at: 0, raw_data: '[DONE]' } : { at: 0, data }))
  const body = { model: 'gpt-4.1', messages: [], stream: true, ...(includeUsage ? { stream_options: { include_usage: true } } : {}) }
  return { transport: 'sse', request: { method: 'POST', path: '/v1/chat/completions', body }, response: { status: 200, events } }
}

const http = (path: string, status: number, body?: JsonObject): HttpInteraction => ({
  transport: 'http',
  request: { method: 'POST', path },
  response: { status, ...(body === undefined ? { body_base64: 'PGh0bWw+' } : { body }) },
})

describe('classifyInteraction', () => {
  it('classifies by transport, path, status and stream content', () => {
    expect(classifyInteraction(responsesSse())).toBe('responses-sse')
    expect(classifyInteraction(chatSse(true))).toBe('chat-sse')
    expect(classifyInteraction(http('/v1/responses', 200, {}))).toBe('response')
    expect(classifyInteraction(http('/v1/responses/resp_123', 200, {}))).toBe('response')
    expect(classifyInteraction(http('/v1/chat/completions', 200, {}))).toBe('chat.completion')
    expect(classifyInteraction(http('/v1/chat/completions', 429, {}))).toBe('error')
    expect(classifyInteraction(http('/v1/responses/compact', 200, {}))).toBeUndefined()
    expect(classifyInteraction(http('/v1/files', 200, {}))).toBeUndefined()
  })

  it('tells a Responses stream from a chat stream by event names or response.*/error types', () => {
    expect(isResponsesStream([{ at: 0, event: 'message', data: {} }])).toBe(true)
    expect(isResponsesStream([{ at: 0, data: { type: 'response.created' } }])).toBe(true)
    expect(isResponsesStream([{ at: 0, data: { type: 'error' } }])).toBe(true)
    expect(isResponsesStream([{ at: 0, data: { object: 'chat.completion.chunk' } }, { at: 0, raw_data: '[DONE]' }])).toBe(false)
  })
})

describe('validateInteraction', () => {
  it('accepts a Responses SSE interaction and a chat SSE interaction with include_usage from the request', () => {
    expect(validateInteraction(responsesSse()).violations).toEqual([])
    expect(validateInteraction(chatSse(true)).violations).toEqual([])
    expect(validateInteraction(chatSse(false)).violations).toEqual([expect.objectContaining({ rule: 'chat.usage', index: 6 })])
  })

  it('reports SSE-level problems at the index of the event in the cassette', () => {
    const interaction = responsesSse()
    const events = interaction.response.events
    events[3]!.event = 'response.output_text.delta'
    events.splice(1, 0, { at: 0, comment: 'keep-alive' })
    events.push({ at: 0, raw_data: '[DONE]' })
    const result = validateInteraction(interaction)
    expect(result.violations).toEqual([
      expect.objectContaining({ rule: 'sse.event_name', index: 4, pointer: '/type' }),
      expect.objectContaining({ rule: 'sse.done', index: events.length - 1 }),
    ])
  })

  it('reports event.json for a data payload that is not JSON and sse.truncated for a cut stream', () => {
    const interaction = responsesSse()
    interaction.response.events[4] = { at: 0, event: 'response.output_text.delta', raw_data: '{"type":"response.output_te' }
    expect(rules(validateInteraction(interaction))).toContain('event.json')

    const cut = responsesSse()
    cut.response.events = cut.response.events.slice(0, 6)
    cut.response.truncated = true
    expect(validateInteraction(cut).violations).toEqual([expect.objectContaining({ rule: 'sse.truncated', index: 5 })])
  })

  it('accepts the cut of a synthetic stream (a scenario rule asked for it), still checking the events before it', () => {
    const cut = { ...responsesSse(), synthetic: true }
    cut.response.events = cut.response.events.slice(0, 6)
    cut.response.truncated = true
    expect(validateInteraction(cut).violations).toEqual([])

    cut.response.events[4] = { at: 0, event: 'response.output_text.delta', raw_data: '{"type":' }
    const found = rules(validateInteraction(cut))
    expect(found).toContain('event.json')
    expect(found).not.toContain('sse.truncated')
  })

  it('validates HTTP bodies by path and status, and reports body.json for a body that is not JSON', () => {
    const error = { error: { message: 'No such model.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } }
    expect(validateInteraction(http('/v1/responses', 400, error)).valid).toBe(true)
    expect(rules(validateInteraction(http('/v1/responses', 200, error)))).toEqual(['schema'])
    expect(validateInteraction(http('/v1/chat/completions', 200))).toEqual({
      valid: false,
      dialects: [],
      violations: [{ rule: 'body.json', message: 'expected a JSON chat.completion body, saw a body that is not JSON', index: 0, pointer: '' }],
    })
    expect(validateInteraction(http('/v1/files', 200)).valid).toBe(true)
  })

  it('validates every WebSocket turn and tags violations with the turn', () => {
    const frames = loadResponsesEvents('responses-text.jsonl')
    const create = { type: 'response.create', model: 'gpt-5.5', input: 'Hi' }
    const interaction: WebSocketInteraction = {
      transport: 'websocket',
      request: { path: '/v1/responses' },
      turns: [
        { client: { at: 0, data: create }, server: frames.map((data, index) => ({ at: index, data })) },
        {
          client: { at: 10, data: { ...create, previous_response_id: 'resp_gone' } },
          server: [{ at: 11, data: { type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: 'Previous response not found.', param: 'previous_response_id' } } }],
        },
        { client: { at: 20, raw: 'not json' }, server: [{ at: 21, data: { type: 'error', status: 400, error: { type: 'invalid_request_error', code: null, message: 'Invalid JSON.', param: null } } }] },
      ],
    }
    expect(validateInteraction(interaction).violations).toEqual([expect.objectContaining({ rule: 'ws.client', turn: 2, index: -1 })])
    const first = interaction.turns[0]!.server[4]!.data as JsonObject
    first['item_id'] = 'msg_wrong'
    expect(validateInteraction(interaction).violations[0]).toMatchObject({ rule: 'item.id', turn: 0, index: 4 })
  })
})
