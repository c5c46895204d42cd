/** Small, protocol-correct Response objects for WebSocket tests. */
import type { JsonObject } from '../../src/util/json.js'

const USAGE = {
  input_tokens: 12,
  input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
  output_tokens: 5,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 17,
}

/**
 * A completed Response with the given output items.
 *
 * @example
 * completedResponse('resp_1', [messageItem('msg_1', 'Hi')])
 */
export function completedResponse(id: string, output: JsonObject[], extra: JsonObject = {}): JsonObject {
  return {
    id,
    object: 'response',
    created_at: 1763900000,
    status: 'completed',
    background: false,
    completed_at: 1763900001,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    model: 'gpt-5.5',
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: 'medium', summary: null },
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    usage: USAGE,
    metadata: {},
    ...extra,
  }
}

/**
 * A finished assistant message with one output_text part.
 *
 * @example
 * messageItem('msg_1', 'Hello')
 */
export function messageItem(id: string, text: string, annotations: JsonObject[] = []): JsonObject {
  return {
    id,
    type: 'message',
    status: 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations, logprobs: [] }],
  }
}

/**
 * A finished function call item.
 *
 * @example
 * functionCallItem('fc_1', 'call_1', 'get_weather', '{"city":"Paris"}')
 */
export function functionCallItem(id: string, callId: string, name: string, args: string): JsonObject {
  return { id, type: 'function_call', status: 'completed', call_id: callId, name, arguments: args }
}
