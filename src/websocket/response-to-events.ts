/**
 * Expand a finished Response object into the canonical event sequence a stream of it would
 * carry (openai-wire-protocol.md §1.6), for answers recorded as plain JSON that must go out as
 * events (a WebSocket turn replayed from an HTTP JSON recording). Pure.
 *
 * @note The sequence satisfies the openai-node 7.57.0 accumulator (§5.2): `item_id` is the item
 * id, parts open in order, text events and `output_text` parts carry `logprobs`, parts carry
 * `annotations`, every item is closed, `sequence_number` runs 0..n. Each part's text goes out as
 * one delta: the recording holds no chunking to reproduce.
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'

/** Item types whose fallback id prefix is known (used only when a recorded item has no id). */
const ID_PREFIXES: Record<string, string> = {
  message: 'msg',
  function_call: 'fc',
  custom_tool_call: 'ctc',
  reasoning: 'rs',
  web_search_call: 'ws',
}

/**
 * Whether a recorded JSON body is a Response object (`object: "response"`, or an id and an
 * `output` array), as opposed to an error body or another endpoint's answer.
 *
 * @example
 * isResponseObject({ id: 'resp_1', object: 'response', output: [] }) // true
 * isResponseObject({ error: { message: 'nope' } })                   // false
 */
export function isResponseObject(value: JsonValue | undefined): value is JsonObject {
  return (
    isJsonObject(value) &&
    (value['object'] === 'response' ||
      (typeof value['id'] === 'string' && Array.isArray(value['output'])))
  )
}

/**
 * The events of a stream that would have produced `response`: `response.created`,
 * `response.in_progress`, every item's added/delta/done events, then the terminal event chosen
 * by `response.status` (`response.completed`, `response.incomplete` or `response.failed`).
 *
 * @example
 * responseToEvents({ id: 'resp_1', object: 'response', status: 'completed', output: [
 *   { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed',
 *     content: [{ type: 'output_text', text: 'Hi', annotations: [], logprobs: [] }] }] })
 *   .map((event) => event['type'])
 * // ['response.created', 'response.in_progress', 'response.output_item.added',
 * //  'response.content_part.added', 'response.output_text.delta', 'response.output_text.done',
 * //  'response.content_part.done', 'response.output_item.done', 'response.completed']
 */
export function responseToEvents(response: JsonObject): JsonObject[] {
  const output = withItemIds(Array.isArray(response['output']) ? response['output'] : [])
  const final: JsonObject = { ...response, output }
  const events: JsonObject[] = []
  const emit = (type: string, fields: JsonObject) => {
    events.push({ type, sequence_number: events.length, ...fields })
  }
  emit('response.created', { response: startingSnapshot(final) })
  emit('response.in_progress', { response: startingSnapshot(final) })
  output.forEach((item, outputIndex) => {
    if (!isJsonObject(item)) return
    for (const [type, fields] of itemEvents(item, outputIndex)) emit(type, fields)
  })
  emit(terminalEventType(final['status']), { response: final })
  return events
}

function terminalEventType(status: JsonValue | undefined): string {
  if (status === 'failed') return 'response.failed'
  if (status === 'incomplete') return 'response.incomplete'
  return 'response.completed'
}

/** The response as `response.created` shows it: running, no output, no usage yet. */
function startingSnapshot(response: JsonObject): JsonObject {
  const snapshot: JsonObject = { ...response, status: 'in_progress', output: [], usage: null }
  if ('completed_at' in snapshot) snapshot['completed_at'] = null
  if ('error' in snapshot) snapshot['error'] = null
  if ('incomplete_details' in snapshot) snapshot['incomplete_details'] = null
  return structuredClone(snapshot)
}

function withItemIds(output: JsonValue[]): JsonValue[] {
  return output.map((item, index) => {
    if (!isJsonObject(item) || typeof item['id'] === 'string') return item
    const type = typeof item['type'] === 'string' ? item['type'] : 'item'
    return { id: `${ID_PREFIXES[type] ?? 'item'}_${index}`, ...item }
  })
}

type EventSpec = [type: string, fields: JsonObject]

function itemEvents(item: JsonObject, outputIndex: number): EventSpec[] {
  const itemId = String(item['id'])
  const at = { item_id: itemId, output_index: outputIndex }
  const added = (opened: JsonObject): EventSpec => [
    'response.output_item.added',
    { output_index: outputIndex, item: opened },
  ]
  const done: EventSpec = ['response.output_item.done', { output_index: outputIndex, item }]
  switch (item['type']) {
    case 'message':
      return [
        added({ ...item, status: 'in_progress', content: [] }),
        ...arrayOf(item['content']).flatMap((part, index) => messagePartEvents(part, index, at)),
        done,
      ]
    case 'function_call': {
      const args = stringOf(item['arguments'])
      return [
        added({ ...item, status: 'in_progress', arguments: '' }),
        ['response.function_call_arguments.delta', { ...at, delta: args }],
        ['response.function_call_arguments.done', { ...at, arguments: args }],
        done,
      ]
    }
    case 'custom_tool_call': {
      const input = stringOf(item['input'])
      return [
        added({ ...item, status: 'in_progress', input: '' }),
        ['response.custom_tool_call_input.delta', { ...at, delta: input }],
        ['response.custom_tool_call_input.done', { ...at, input }],
        done,
      ]
    }
    case 'reasoning':
      return [added(openReasoningItem(item)), ...reasoningEvents(item, at), done]
    default:
      return [added(item), done]
  }
}

function messagePartEvents(part: JsonValue, contentIndex: number, at: JsonObject): EventSpec[] {
  const where = { ...at, content_index: contentIndex }
  if (!isJsonObject(part)) return []
  if (part['type'] === 'output_text') {
    const text = stringOf(part['text'])
    const logprobs = arrayOf(part['logprobs'])
    const annotations = arrayOf(part['annotations'])
    return [
      [
        'response.content_part.added',
        { ...where, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } },
      ],
      ['response.output_text.delta', { ...where, delta: text, logprobs }],
      ...annotations.map((annotation, index): EventSpec => [
        'response.output_text.annotation.added',
        { ...where, annotation_index: index, annotation },
      ]),
      ['response.output_text.done', { ...where, text, logprobs }],
      ['response.content_part.done', { ...where, part: { ...part, annotations, logprobs } }],
    ]
  }
  if (part['type'] === 'refusal') {
    const refusal = stringOf(part['refusal'])
    return [
      ['response.content_part.added', { ...where, part: { type: 'refusal', refusal: '' } }],
      ['response.refusal.delta', { ...where, delta: refusal }],
      ['response.refusal.done', { ...where, refusal }],
      ['response.content_part.done', { ...where, part }],
    ]
  }
  return [
    ['response.content_part.added', { ...where, part }],
    ['response.content_part.done', { ...where, part }],
  ]
}

/** A reasoning item as `output_item.added` shows it: no summary or content yet. */
function openReasoningItem(item: JsonObject): JsonObject {
  const opened: JsonObject = { ...item, summary: [] }
  delete opened['content']
  delete opened['encrypted_content']
  if ('status' in opened) opened['status'] = 'in_progress'
  return opened
}

function reasoningEvents(item: JsonObject, at: JsonObject): EventSpec[] {
  const summaries = arrayOf(item['summary']).flatMap((part, index): EventSpec[] => {
    const where = { ...at, summary_index: index }
    const text = isJsonObject(part) ? stringOf(part['text']) : ''
    return [
      [
        'response.reasoning_summary_part.added',
        { ...where, part: { type: 'summary_text', text: '' } },
      ],
      ['response.reasoning_summary_text.delta', { ...where, delta: text }],
      ['response.reasoning_summary_text.done', { ...where, text }],
      ['response.reasoning_summary_part.done', { ...where, part: { type: 'summary_text', text } }],
    ]
  })
  const reasoningTexts = arrayOf(item['content']).filter(
    (part): part is JsonObject => isJsonObject(part) && part['type'] === 'reasoning_text',
  )
  const contents = reasoningTexts.flatMap((part, index): EventSpec[] => {
    const where = { ...at, content_index: index }
    const text = stringOf(part['text'])
    return [
      ['response.content_part.added', { ...where, part: { type: 'reasoning_text', text: '' } }],
      ['response.reasoning_text.delta', { ...where, delta: text }],
      ['response.reasoning_text.done', { ...where, text }],
      ['response.content_part.done', { ...where, part }],
    ]
  })
  return [...summaries, ...contents]
}

function arrayOf(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : []
}

function stringOf(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : ''
}
