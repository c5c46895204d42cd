/**
 * Output items with their ids settled, before they become events or JSON: built from a compact
 * reply (ids from the seed) or from a finished Response object (ids kept). Pure.
 * @module
 */
import { reasoningSummary, replyItems, toolCallArguments } from '../scenario/reply-items.js'
import type { CompactReply } from '../scenario/types.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { syntheticId, toolCallId } from './ids.js'
import { createSeededRandom } from './seeded-random.js'

/** One content part of a message. */
export type PlannedPart =
  | { type: 'output_text'; text: string; annotations: JsonValue[] }
  | { type: 'refusal'; refusal: string }

/** One output item, ready to be streamed or written whole. */
export type PlannedItem =
  | { type: 'message'; id: string; parts: PlannedPart[]; phase?: string }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string }
  | { type: 'custom_tool_call'; id: string; call_id: string; name: string; input: string }
  | { type: 'reasoning'; id: string; summary: string[]; encrypted_content?: string }
  /** An item type the generator does not stream piece by piece: added, then done, as is. */
  | { type: 'other'; item: JsonObject }

/**
 * The items of a compact reply. Ids derive from `seed`; a tool call without `call_id` gets
 * `toolCallId(seed, n)` for the nth call, which the rule matcher relies on.
 *
 * @example
 * planReplyItems({ text: 'Hi' }, 'seed', {})
 * // [{ type: 'message', id: 'msg_…',
 * //    parts: [{ type: 'output_text', text: 'Hi', annotations: [] }] }]
 */
export function planReplyItems(
  reply: CompactReply,
  seed: string,
  request: JsonObject,
): PlannedItem[] {
  const withEncryptedContent = includes(request, 'reasoning.encrypted_content')
  let toolIndex = 0
  return replyItems(reply).map((item, index): PlannedItem => {
    const label = `output/${index}`
    if ('text' in item) {
      const part: PlannedPart = { type: 'output_text', text: item.text, annotations: [] }
      return { type: 'message', id: syntheticId('msg', seed, label), parts: [part] }
    }
    if ('refusal' in item) {
      const part: PlannedPart = { type: 'refusal', refusal: item.refusal }
      return { type: 'message', id: syntheticId('msg', seed, label), parts: [part] }
    }
    if ('reasoning' in item) {
      const id = syntheticId('rs', seed, label)
      const planned: PlannedItem = { type: 'reasoning', id, summary: reasoningSummary(item.reasoning) }
      if (withEncryptedContent) planned.encrypted_content = fakeEncryptedContent(seed, label)
      return planned
    }
    const call = item.tool_call
    const callId = call.call_id ?? toolCallId(seed, toolIndex)
    toolIndex += 1
    if (call.input !== undefined) {
      return { type: 'custom_tool_call', id: syntheticId('ctc', seed, label), call_id: callId, name: call.name, input: call.input }
    }
    return {
      type: 'function_call',
      id: syntheticId('fc', seed, label),
      call_id: callId,
      name: call.name,
      arguments: toolCallArguments(call),
    }
  })
}

/**
 * The items of a finished Response object's `output`, keeping their ids. An item without an
 * id gets one from the seed.
 *
 * @example
 * planResponseItems([{ id: 'fc_1', type: 'function_call', call_id: 'call_1', name: 'f',
 *   arguments: '{}', status: 'completed' }], 's')
 * // [{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{}' }]
 */
export function planResponseItems(output: readonly JsonValue[], seed: string): PlannedItem[] {
  return output.filter(isJsonObject).map((item, index): PlannedItem => {
    const id = (prefix: string) =>
      typeof item['id'] === 'string' ? item['id'] : syntheticId(prefix, seed, `output/${index}`)
    const text = (key: string) => stringOr(item[key], '')
    switch (item['type']) {
      case 'message': {
        const parts = arrayOf(item['content']).filter(isJsonObject).map(toPart)
        const planned: PlannedItem = { type: 'message', id: id('msg'), parts }
        if (typeof item['phase'] === 'string') planned.phase = item['phase']
        return planned
      }
      case 'function_call': {
        const call = { call_id: text('call_id'), name: text('name'), arguments: text('arguments') }
        return { type: 'function_call', id: id('fc'), ...call }
      }
      case 'custom_tool_call': {
        const call = { call_id: text('call_id'), name: text('name'), input: text('input') }
        return { type: 'custom_tool_call', id: id('ctc'), ...call }
      }
      case 'reasoning': {
        const summary = arrayOf(item['summary']).map((part) =>
          isJsonObject(part) ? stringOr(part['text'], '') : '',
        )
        const planned: PlannedItem = { type: 'reasoning', id: id('rs'), summary }
        const encrypted = item['encrypted_content']
        if (typeof encrypted === 'string') planned.encrypted_content = encrypted
        return planned
      }
      default:
        return { type: 'other', item }
    }
  })
}

function toPart(part: JsonObject): PlannedPart {
  if (part['type'] === 'refusal') return { type: 'refusal', refusal: stringOr(part['refusal'], '') }
  return { type: 'output_text', text: stringOr(part['text'], ''), annotations: arrayOf(part['annotations']) }
}

function stringOr(value: JsonValue | undefined, fallback: string): string {
  return typeof value === 'string' ? value : fallback
}

function arrayOf(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : []
}

/**
 * Whether the request's `include` list names `value`.
 *
 * @example
 * includes({ include: ['message.output_text.logprobs'] }, 'message.output_text.logprobs') // true
 */
export function includes(request: JsonObject, value: string): boolean {
  const list = request['include']
  return Array.isArray(list) && list.includes(value)
}

/** Looks like the Fernet tokens real reasoning items carry; opaque to every client. */
function fakeEncryptedContent(seed: string, label: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  return `gAAAAA${createSeededRandom(`${seed}\u0000${label}\u0000encrypted`).string(180, alphabet)}=`
}
