/**
 * Compaction of Responses API answers: an event stream (SSE or WebSocket frames) or a
 * Response object. Pure.
 * @module
 */
import type { CompactOutputItem, CompactReply, CompactToolCall } from '../scenario/types.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import {
  compactFailure,
  compactToolCall,
  compactUsage,
  objectOr,
  objectsOf,
  stringOr,
} from './compact-parts.js'

/**
 * Compact the payloads of a Responses stream. The output comes from the terminal event, or,
 * when the stream failed or was cut, from the items finished before that; an `error` event
 * becomes `fail_after` at its index.
 *
 * @example
 * compactResponsesEvents(payloads) // { id: 'resp_…', model: 'gpt-5', text: 'Hi', usage: {…} }
 */
export function compactResponsesEvents(payloads: readonly JsonObject[]): CompactReply {
  const errorIndex = payloads.findIndex((payload) => payload['type'] === 'error')
  const considered = errorIndex === -1 ? payloads : payloads.slice(0, errorIndex)
  const lifecycle = considered.filter((payload) => isJsonObject(payload['response']))
  const lastEvent = lifecycle.at(-1)
  const response = objectOr(lastEvent?.['response'])
  const ended = lastEvent?.['type'] === 'response.completed' || lastEvent?.['type'] === 'response.incomplete'
  const finalOutput = Array.isArray(response['output']) ? response['output'] : []
  const output = ended && finalOutput.length > 0 ? finalOutput : finishedItems(considered)
  const reply = compactResponse(response, output)
  const errorEvent = payloads[errorIndex]
  if (errorEvent !== undefined) {
    reply.fail_after = errorIndex
    reply.fail_with = compactFailure(errorEvent, true)
    delete reply.usage
    delete reply.incomplete
  }
  return reply
}

/**
 * Compact a Response object (or its state at some point) with the given output items.
 *
 * @example
 * compactResponse(body, body.output) // { id: 'resp_1', model: 'gpt-5', text: 'Paris.' }
 */
export function compactResponse(response: JsonObject, output: readonly JsonValue[]): CompactReply {
  const reply: CompactReply = {}
  if (typeof response['id'] === 'string') reply.id = response['id']
  if (typeof response['model'] === 'string') reply.model = response['model']
  Object.assign(reply, contentKeys(output.filter(isJsonObject).flatMap(itemToCompact)))
  const details = response['incomplete_details']
  if (response['status'] === 'incomplete' && isJsonObject(details)) {
    reply.incomplete = details['reason'] === 'content_filter' ? 'content_filter' : 'max_output_tokens'
  }
  const usage = compactUsage(response['usage'], 'input', 'output')
  if (usage !== undefined) reply.usage = usage
  return reply
}

function finishedItems(payloads: readonly JsonObject[]): JsonValue[] {
  const done = new Map<number, JsonValue>()
  for (const payload of payloads) {
    const index = payload['output_index']
    if (payload['type'] === 'response.output_item.done' && typeof index === 'number') {
      done.set(index, payload['item'] ?? null)
    }
  }
  return [...done.entries()].sort(([left], [right]) => left - right).map(([, item]) => item)
}

function itemToCompact(item: JsonObject): CompactOutputItem[] {
  switch (item['type']) {
    case 'message':
      return objectsOf(item['content']).flatMap((part): CompactOutputItem[] => {
        if (part['type'] === 'refusal') return [{ refusal: stringOr(part['refusal']) }]
        if (part['type'] === 'output_text') return [{ text: stringOr(part['text']) }]
        return []
      })
    case 'function_call': {
      const call = compactToolCall(stringOr(item['name']), stringOr(item['arguments']), item['call_id'])
      return [{ tool_call: call }]
    }
    case 'custom_tool_call': {
      const call: CompactToolCall = { name: stringOr(item['name']), input: stringOr(item['input']) }
      if (typeof item['call_id'] === 'string' && item['call_id'] !== '') call.call_id = item['call_id']
      return [{ tool_call: call }]
    }
    case 'reasoning': {
      const summary = objectsOf(item['summary']).map((part) => stringOr(part['text']))
      const only = summary.length === 1 ? summary[0] : undefined
      return [{ reasoning: only !== undefined && only !== '' ? only : summary }]
    }
    default:
      return []
  }
}

/** Shorthand keys when the items are in the order the shorthand produces; `output` otherwise. */
function contentKeys(items: readonly CompactOutputItem[]): CompactReply {
  if (items.length === 0) return { output: [] }
  const rank = (item: CompactOutputItem) =>
    'reasoning' in item ? 0 : 'text' in item ? 1 : 'refusal' in item ? 2 : 3
  const ranks = items.map(rank)
  // Strictly increasing, except that any number of tool calls may end the list.
  const ordered = ranks.every((value, index) => {
    const previous = ranks[index - 1]
    return previous === undefined || value > previous || (value === 3 && previous === 3)
  })
  if (!ordered) return { output: [...items] }
  const reply: CompactReply = {}
  for (const item of items) {
    if ('reasoning' in item) reply.reasoning = item.reasoning
    else if ('text' in item) reply.text = item.text
    else if ('refusal' in item) reply.refusal = item.refusal
    else (reply.tool_calls ??= []).push(item.tool_call)
  }
  return reply
}
