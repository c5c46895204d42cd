import { describe, expect, it } from 'vitest'
import type { SseEvent } from '../../../src/cassette/model.js'
import { foldStream } from '../../../src/replay/fold-stream.js'
import { responsesEvents } from './cassette-builders.js'

const stream = (events: SseEvent[], headers: Record<string, string> = {}) => ({
  kind: 'stream' as const,
  status: 200,
  headers,
  events,
  truncated: false,
})

const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
  at: 0,
  data: { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1763900000, model: 'gpt-5.5', choices, ...extra } as never,
})

describe('foldStream', () => {
  it('answers a Responses stream with the Response of its terminal event', () => {
    const events = responsesEvents('resp_1', 'Hello')
    const folded = foldStream('responses', stream(events, { 'content-type': 'text/event-stream', 'x-request-id': 'req_9' }))
    expect(folded).toEqual({
      kind: 'json',
      status: 200,
      headers: { 'x-request-id': 'req_9' },
      body: (events[2]?.data as { response: unknown }).response,
    })
  })

  it('turns a Responses stream that only failed into its HTTP error', () => {
    const folded = foldStream(
      'responses',
      stream([
        {
          at: 0,
          event: 'error',
          data: {
            type: 'error',
            status: 400,
            error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: 'Previous response not found.', param: 'previous_response_id' },
          },
        },
      ]),
    )
    expect(folded).toEqual({
      kind: 'json',
      status: 400,
      headers: {},
      body: {
        error: { message: 'Previous response not found.', type: 'invalid_request_error', param: 'previous_response_id', code: 'previous_response_not_found' },
      },
    })
  })

  it('maps a flat rate-limit error event to a 429', () => {
    const folded = foldStream('responses', stream([{ at: 0, data: { type: 'error', code: 'rate_limit_exceeded', message: 'Slow down.', param: null } }]))
    expect(folded).toMatchObject({ kind: 'json', status: 429, body: { error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' } } })
  })

  it('cannot fold a Responses stream that never finished', () => {
    const [created] = responsesEvents('resp_1', 'x')
    expect(foldStream('responses', stream(created === undefined ? [] : [created]))).toMatchObject({ kind: 'unfoldable' })
  })

  it('accumulates chat chunks into a chat.completion with tool calls joined by index and the usage chunk', () => {
    const usage = { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 }
    const folded = foldStream(
      'chat',
      stream([
        chunk([{ index: 0, delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }] }, finish_reason: null, logprobs: null }], { system_fingerprint: 'fp_1', usage: null }),
        chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, finish_reason: null }]),
        chunk([{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } }] }, finish_reason: null }]),
        chunk([{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, finish_reason: null }]),
        chunk([{ index: 0, delta: {}, finish_reason: 'tool_calls' }]),
        chunk([], { usage }),
        { at: 0, raw_data: '[DONE]' },
      ]),
    )
    expect(folded).toEqual({
      kind: 'json',
      status: 200,
      headers: {},
      body: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1763900000,
        model: 'gpt-5.5',
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              refusal: null,
              tool_calls: [
                { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
                { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
              ],
            },
            logprobs: null,
            finish_reason: 'tool_calls',
          },
        ],
        usage,
        system_fingerprint: 'fp_1',
      },
    })
  })

  it('joins chat text deltas and keeps choices apart', () => {
    const folded = foldStream(
      'chat',
      stream([
        chunk([{ index: 1, delta: { role: 'assistant', content: 'B' } }, { index: 0, delta: { role: 'assistant', content: 'A' } }]),
        chunk([{ index: 0, delta: { content: 'a' }, finish_reason: 'stop' }, { index: 1, delta: { content: 'b' }, finish_reason: 'length' }]),
      ]),
    )
    const body = folded.kind === 'json' ? (folded.body as { choices: Array<{ message: { content: string }; finish_reason: string }> }) : undefined
    expect(body?.choices.map((choice) => [choice.message.content, choice.finish_reason])).toEqual([
      ['Aa', 'stop'],
      ['Bb', 'length'],
    ])
  })

  it('turns a chat error chunk into its HTTP error', () => {
    const folded = foldStream('chat', stream([{ at: 0, data: { error: { message: 'Overloaded.', type: 'server_error', code: null, param: null } } }]))
    expect(folded).toMatchObject({ kind: 'json', status: 500, body: { error: { message: 'Overloaded.', type: 'server_error' } } })
  })

  it('does not fold generic streams', () => {
    expect(foldStream('generic', stream([]))).toMatchObject({ kind: 'unfoldable' })
  })
})
