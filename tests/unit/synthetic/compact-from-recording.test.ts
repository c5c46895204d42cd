import { describe, expect, it } from 'vitest'
import type { SseEvent } from '../../../src/cassette/model.js'
import { compactFromBody, compactFromEvents } from '../../../src/synthetic/compact-from-recording.js'
import { expandResponses } from '../../../src/synthetic/expand-responses.js'
import type { JsonObject } from '../../../src/util/json.js'
import { sdkFinalResponse } from './sdk-harness.js'

const response = (status: string, output: JsonObject[], extra: JsonObject = {}): JsonObject => ({
  id: 'resp_rec',
  object: 'response',
  created_at: 1743082657,
  status,
  model: 'gpt-4o-2024-08-06',
  output,
  usage:
    status === 'in_progress'
      ? null
      : {
          input_tokens: 40,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 12,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 52,
        },
  ...extra,
})

const callItem = { type: 'function_call', id: 'fc_rec', call_id: 'call_kL0P', name: 'get_capital', arguments: '{"country":"France"}', status: 'completed' }
const messageItem = { type: 'message', id: 'msg_rec', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Paris.', annotations: [] }] }

/** A recording in the 2025 style: no sequence numbers, no logprobs, deltas spread over time. */
const recorded: SseEvent[] = [
  { at: 0, event: 'response.created', data: { type: 'response.created', response: response('in_progress', []) } },
  { at: 1, event: 'response.in_progress', data: { type: 'response.in_progress', response: response('in_progress', []) } },
  { at: 300, data: { type: 'response.output_item.added', output_index: 0, item: { ...callItem, arguments: '', status: 'in_progress' } } },
  { at: 310, data: { type: 'response.function_call_arguments.delta', item_id: 'fc_rec', output_index: 0, delta: '{"country":' } },
  { at: 330, data: { type: 'response.function_call_arguments.delta', item_id: 'fc_rec', output_index: 0, delta: '"France"}' } },
  { at: 331, data: { type: 'response.function_call_arguments.done', item_id: 'fc_rec', output_index: 0, arguments: '{"country":"France"}' } },
  { at: 331, data: { type: 'response.output_item.done', output_index: 0, item: callItem } },
  { at: 340, data: { type: 'response.completed', response: response('completed', [callItem]) } },
]

describe('compactFromEvents', () => {
  it('compacts a recorded Responses stream to tool calls, ids, usage and timing', () => {
    expect(compactFromEvents(recorded)).toEqual({
      id: 'resp_rec',
      model: 'gpt-4o-2024-08-06',
      tool_calls: [{ name: 'get_capital', arguments: { country: 'France' }, call_id: 'call_kL0P' }],
      usage: { input_tokens: 40, output_tokens: 12, reasoning_tokens: 0, cached_tokens: 0 },
      ttft_ms: 310,
      tbt_ms: 20,
    })
  })

  it('expands the compacted form to what the SDK accumulated from the recording', async () => {
    const request = { model: 'gpt-4o', input: 'capital of France?', stream: true }
    const events = recorded.map((event) => {
      const data = event.data as JsonObject
      return { at: event.at, event: String(data['type']), data }
    })
    const headers = { 'content-type': 'text/event-stream' }
    const fromRecording = await sdkFinalResponse({ kind: 'stream', status: 200, headers, events, truncated: false }, request)
    const expanded = expandResponses(compactFromEvents(recorded), { request, seed: 'compact', stream: true })
    const fromCompact = await sdkFinalResponse(expanded, request)
    expect(fromCompact.id).toBe(fromRecording.id)
    const call = (r: typeof fromCompact) => r.output.map((item) => (item.type === 'function_call' ? [item.name, item.arguments, item.call_id] : item.type))
    expect(call(fromCompact)).toEqual(call(fromRecording))
  })

  it('keeps arguments as a string when a map would not write back the same text', () => {
    const spaced = { ...callItem, arguments: '{"country": "France"}' }
    const events: SseEvent[] = [
      { at: 0, data: { type: 'response.created', response: response('in_progress', []) } },
      { at: 0, data: { type: 'response.completed', response: response('completed', [spaced]) } },
    ]
    expect(compactFromEvents(events).tool_calls).toEqual([{ name: 'get_capital', arguments: '{"country": "France"}', call_id: 'call_kL0P' }])
  })

  it('uses the output list when items are not in shorthand order', () => {
    const events: SseEvent[] = [{ at: 0, data: { type: 'response.completed', response: response('completed', [callItem, messageItem]) } }]
    expect(compactFromEvents(events).output).toEqual([
      { tool_call: { name: 'get_capital', arguments: { country: 'France' }, call_id: 'call_kL0P' } },
      { text: 'Paris.' },
    ])
  })

  it('turns an error event into fail_after with its code, message and shape', () => {
    const events: SseEvent[] = [
      ...recorded.slice(0, 4),
      { at: 320, data: { type: 'error', sequence_number: 4, error: { type: 'server_error', code: 'server_error', message: 'Oops.', param: null } } },
      { at: 320, data: { type: 'response.failed', response: response('failed', []) } },
    ]
    expect(compactFromEvents(events)).toMatchObject({ fail_after: 4, fail_with: { code: 'server_error', message: 'Oops.', shape: 'nested' } })
    expect(compactFromEvents(events)).not.toHaveProperty('usage')
  })

  it('turns a truncated recording into disconnect_after, and response.incomplete into incomplete', () => {
    expect(compactFromEvents(recorded.slice(0, 5), { truncated: true })).toMatchObject({ disconnect_after: 5 })
    const incomplete: SseEvent[] = [
      { at: 0, data: { type: 'response.incomplete', response: response('incomplete', [messageItem], { incomplete_details: { reason: 'max_output_tokens' } }) } },
    ]
    expect(compactFromEvents(incomplete)).toMatchObject({ text: 'Paris.', incomplete: 'max_output_tokens' })
  })

  it('compacts Chat chunks, ignoring the empty role content', () => {
    const chunk = (delta: JsonObject, finish: string | null = null) => ({
      at: 0,
      data: { id: 'chatcmpl-rec', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] },
    })
    const events: SseEvent[] = [
      chunk({ role: 'assistant', content: '', refusal: null }),
      chunk({ content: 'Hi' }),
      chunk({ content: ' there' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_c', type: 'function', function: { name: 'f', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"a":1}' } }] }),
      chunk({}, 'tool_calls'),
      {
        at: 0,
        data: {
          id: 'chatcmpl-rec',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'gpt-4o',
          choices: [],
          usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
        },
      },
      { at: 0, raw_data: '[DONE]' },
    ]
    expect(compactFromEvents(events)).toEqual({
      id: 'chatcmpl-rec',
      model: 'gpt-4o',
      text: 'Hi there',
      tool_calls: [{ name: 'f', arguments: { a: 1 }, call_id: 'call_c' }],
      usage: { input_tokens: 5, output_tokens: 3 },
    })
  })
})

describe('custom tool calls', () => {
  it('compact to a tool call with input, which expands to the same custom_tool_call', async () => {
    const custom = { type: 'custom_tool_call', id: 'ctc_rec', call_id: 'call_sql', name: 'run_sql', input: 'SELECT 1;', status: 'completed' }
    const reply = compactFromBody(response('completed', [custom]))
    expect(reply).toMatchObject({ tool_calls: [{ name: 'run_sql', input: 'SELECT 1;', call_id: 'call_sql' }] })
    const request = { model: 'gpt-4o-2024-08-06', input: 'q', stream: true }
    const final = await sdkFinalResponse(expandResponses(reply, { request, seed: 's', stream: true }), request)
    expect(final.output).toEqual([expect.objectContaining({ type: 'custom_tool_call', call_id: 'call_sql', name: 'run_sql', input: 'SELECT 1;' })])
  })
})

describe('compactFromBody', () => {
  it('compacts a Response object, a chat.completion and an error body', () => {
    expect(compactFromBody(response('completed', [messageItem]))).toMatchObject({ id: 'resp_rec', text: 'Paris.' })
    const completion = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: 'gpt-4o',
      choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'No.' }, finish_reason: 'stop' }],
    }
    expect(compactFromBody(completion)).toEqual({ id: 'chatcmpl-1', model: 'gpt-4o', refusal: 'No.' })
    expect(compactFromBody({ error: { message: 'Slow down.', type: 'requests', code: 'rate_limit_exceeded', param: null } }, 429)).toEqual({
      error: { status: 429, type: 'requests', code: 'rate_limit_exceeded', message: 'Slow down.', param: null },
    })
  })

  it('compacts a response without output to an empty output list', () => {
    expect(compactFromBody(response('completed', []))).toMatchObject({ output: [] })
  })
})
