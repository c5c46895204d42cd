/**
 * Responses API output of the fake upstream, written by hand after the canonical orderings of
 * the wire reference (§1.6 A text, B function call, H failure, §2.4 warmup): same response id
 * on every lifecycle event, `sequence_number` from 0 without gaps, `logprobs: []` and
 * `annotations: []` on text parts, `obfuscation` on text deltas unless turned off.
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../../../src/util/json.js'
import { FAKE_CREATED_AT, type IdSet } from './ids.js'
import { splitEvery, splitIntoDeltas, type Script } from './script.js'

/** Everything needed to build one response. */
export interface ResponsePlan {
  ids: IdSet
  /** The `response.create` body (flat: no `type`, `stream_id`, `generate`). */
  body: JsonObject
  script: Script
  /** `generate: false` over WebSocket: created + completed, no output. */
  warmup?: boolean
}

type Draft = Omit<JsonObject, 'sequence_number'> & { type: string }

/**
 * The full event sequence of one response, numbered.
 *
 * @example
 * buildResponseEvents(plan).map((event) => event.type)
 * // ['response.created', 'response.in_progress', 'response.output_item.added', …, 'response.completed']
 */
export function buildResponseEvents(plan: ResponsePlan): JsonObject[] {
  const drafts = plan.warmup
    ? warmupDrafts(plan)
    : plan.script.failMidStream
      ? failureDrafts(plan)
      : plan.script.tool !== undefined
        ? toolDrafts(plan, plan.script.tool)
        : textDrafts(plan)
  return drafts.map((draft, index) => {
    const { type, ...rest } = draft
    return { type, sequence_number: index, ...rest }
  })
}

/**
 * The Response object inside the terminal event (what a non-streaming call returns).
 *
 * @example
 * terminalResponse(buildResponseEvents(plan))['status'] // 'completed'
 */
export function terminalResponse(events: readonly JsonObject[]): JsonObject {
  const last = events[events.length - 1]
  const response = last?.['response']
  if (!isJsonObject(response)) throw new Error('The fake upstream built a response without a terminal event')
  return response
}

function textDrafts(plan: ResponsePlan): Draft[] {
  const itemId = plan.ids.id('msg_')
  const deltas = splitIntoDeltas(plan.script.reply)
  const text = deltas.join('')
  const part = { type: 'output_text', annotations: [], logprobs: [], text }
  const item = { id: itemId, type: 'message', status: 'completed', content: [part], role: 'assistant' }
  const at = { item_id: itemId, output_index: 0, content_index: 0 }
  return [
    ...opening(plan),
    {
      type: 'response.output_item.added',
      output_index: 0,
      item: { ...item, status: 'in_progress', content: [] },
    },
    { type: 'response.content_part.added', ...at, part: { ...part, text: '' } },
    ...deltas.map((delta, index) => textDelta(plan, at, delta, index)),
    { type: 'response.output_text.done', ...at, text, logprobs: [] },
    { type: 'response.content_part.done', ...at, part },
    { type: 'response.output_item.done', output_index: 0, item },
    { type: 'response.completed', response: response(plan, 'completed', [item], deltas.length) },
  ]
}

function toolDrafts(plan: ResponsePlan, name: string): Draft[] {
  const itemId = plan.ids.id('fc_')
  const args = JSON.stringify({ input: plan.script.userText })
  const pieces = splitEvery(args, 8)
  const item = {
    id: itemId,
    type: 'function_call',
    status: 'completed',
    arguments: args,
    call_id: plan.ids.id('call_'),
    name,
  }
  return [
    ...opening(plan),
    { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', arguments: '' } },
    ...pieces.map((delta) => ({
      type: 'response.function_call_arguments.delta',
      item_id: itemId,
      output_index: 0,
      delta,
    })),
    { type: 'response.function_call_arguments.done', item_id: itemId, output_index: 0, arguments: args },
    { type: 'response.output_item.done', output_index: 0, item },
    { type: 'response.completed', response: response(plan, 'completed', [item], pieces.length) },
  ]
}

function failureDrafts(plan: ResponsePlan): Draft[] {
  const itemId = plan.ids.id('msg_')
  const first = splitIntoDeltas(plan.script.reply)[0] ?? ''
  const at = { item_id: itemId, output_index: 0, content_index: 0 }
  const partial = {
    id: itemId,
    type: 'message',
    status: 'incomplete',
    content: [{ type: 'output_text', annotations: [], logprobs: [], text: first }],
    role: 'assistant',
  }
  const error = { code: 'server_error', message: 'The fake upstream failed mid-stream as scripted.' }
  const failed = response(plan, 'failed', [partial], 1)
  failed['error'] = error
  return [
    ...opening(plan),
    { type: 'response.output_item.added', output_index: 0, item: { ...partial, status: 'in_progress', content: [] } },
    {
      type: 'response.content_part.added',
      ...at,
      part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
    },
    textDelta(plan, at, first, 0),
    { type: 'error', error: { type: 'server_error', ...error, param: null } },
    { type: 'response.failed', response: failed },
  ]
}

function warmupDrafts(plan: ResponsePlan): Draft[] {
  const created = response(plan, 'in_progress', [], 0)
  return [
    { type: 'response.created', response: created },
    { type: 'response.completed', response: response(plan, 'completed', [], 0) },
  ]
}

function opening(plan: ResponsePlan): Draft[] {
  const initial = response(plan, 'in_progress', [], 0)
  return [
    { type: 'response.created', response: initial },
    { type: 'response.in_progress', response: initial },
  ]
}

function textDelta(plan: ResponsePlan, at: JsonObject, delta: string, index: number): Draft {
  const event: Draft = { type: 'response.output_text.delta', ...at, delta, logprobs: [] }
  if (obfuscate(plan.body)) event['obfuscation'] = plan.ids.obfuscation(index)
  return event
}

function obfuscate(body: JsonObject): boolean {
  const options = body['stream_options']
  return !(isJsonObject(options) && options['include_obfuscation'] === false)
}

function response(plan: ResponsePlan, status: string, output: JsonValue[], outputTokens: number): JsonObject {
  const body = plan.body
  const pick = (key: string, fallback: JsonValue): JsonValue => body[key] ?? fallback
  const inputTokens = Math.max(1, Math.ceil(JSON.stringify(body['input'] ?? '').length / 4))
  return {
    id: plan.ids.id('resp_'),
    object: 'response',
    created_at: FAKE_CREATED_AT,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: pick('instructions', null),
    max_output_tokens: pick('max_output_tokens', null),
    model: pick('model', 'gpt-fake'),
    output,
    parallel_tool_calls: pick('parallel_tool_calls', true),
    previous_response_id: pick('previous_response_id', null),
    reasoning: { effort: null, summary: null },
    store: pick('store', true),
    temperature: pick('temperature', 1),
    text: { format: { type: 'text' } },
    tool_choice: pick('tool_choice', 'auto'),
    tools: pick('tools', []),
    top_p: pick('top_p', 1),
    truncation: 'disabled',
    user: null,
    metadata: pick('metadata', {}),
    usage:
      status === 'in_progress'
        ? null
        : {
            input_tokens: inputTokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: inputTokens + outputTokens,
          },
  }
}
