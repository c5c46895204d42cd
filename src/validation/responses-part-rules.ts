/**
 * Content parts, summary parts, text deltas and call-argument deltas of a Responses stream:
 * parts are appended in order, deltas go to an existing part of the right type, and every
 * `.done` carries exactly the concatenated deltas.
 * @module
 */
import { isJsonObject, type JsonObject } from '../util/json.js'
import { label, resolveItem } from './responses-item-rules.js'
import { trackLogprobs } from './responses-logprobs.js'
import {
  indexField,
  report,
  stringField,
  type ItemState,
  type PartState,
  type ResponsesState,
} from './responses-state.js'
import { describeTextMismatch } from './text-compare.js'

/** Which list of an item a part event works on. */
type PartList = 'parts' | 'summary'

const INDEX_FIELD: Record<PartList, string> = { parts: 'content_index', summary: 'summary_index' }

function newPart(type: string, text: string, partial: boolean): PartState {
  return { type, text, doneText: undefined, partDoneText: undefined, annotations: 0, done: false, partial }
}

/** The text field of a part object: `refusal` for refusal parts, `text` otherwise. */
function partText(part: JsonObject): string | undefined {
  return stringField(part, part['type'] === 'refusal' ? 'refusal' : 'text')
}

/** Find the part an event refers to (content.missing / content.type). */
function partAt(
  state: ResponsesState,
  item: ItemState,
  list: PartList,
  index: number,
  expectedType: string | undefined,
): PartState | undefined {
  const parts = item[list]
  let part = parts[index]
  if (part === undefined) {
    if (item.partial) {
      part = newPart(expectedType ?? '', '', true)
      parts[index] = part
      return part
    }
    report(
      state,
      'content.missing',
      `expected ${INDEX_FIELD[list]} ${index} to refer to a part added to ${label(item)}, saw ${parts.length} part(s)`,
      `/${INDEX_FIELD[list]}`,
    )
    return undefined
  }
  if (expectedType !== undefined && part.type !== expectedType) {
    report(
      state,
      'content.type',
      `expected a ${expectedType} part at ${INDEX_FIELD[list]} ${index}, saw a ${part.type} part`,
      `/${INDEX_FIELD[list]}`,
    )
    return undefined
  }
  return part
}

/**
 * response.content_part.added and response.reasoning_summary_part.added: append the next part.
 *
 * @example
 * onPartAdded(state, event, 'parts')
 */
export function onPartAdded(state: ResponsesState, event: JsonObject, list: PartList): void {
  const part = event['part']
  const index = indexField(event, INDEX_FIELD[list])
  if (!isJsonObject(part) || index === undefined) return
  const type = stringField(part, 'type') ?? ''
  const item = resolveItem(state, event, itemTypeFor(list, type), true)
  if (item === undefined) return
  const parts = item[list]
  if (index !== parts.length && !(item.partial && index > parts.length)) {
    report(
      state,
      'content.order',
      `expected ${INDEX_FIELD[list]} ${parts.length} (the next part of ${label(item)}), saw ${index}`,
      `/${INDEX_FIELD[list]}`,
    )
    if (index < parts.length) return
  }
  parts[index] = newPart(type, partText(part) ?? '', false)
  if (type === 'output_text') trackLogprobs(state, part, '/part')
}

/**
 * response.content_part.done and response.reasoning_summary_part.done: the part keeps its type
 * and carries the text of its `.done` event.
 *
 * @example
 * onPartDone(state, event, 'summary')
 */
export function onPartDone(state: ResponsesState, event: JsonObject, list: PartList): void {
  const part = event['part']
  const index = indexField(event, INDEX_FIELD[list])
  if (!isJsonObject(part) || index === undefined) return
  const type = stringField(part, 'type') ?? ''
  if (type === 'output_text') trackLogprobs(state, part, '/part')
  const item = resolveItem(state, event, itemTypeFor(list, type), true)
  if (item === undefined) return
  const current = partAt(state, item, list, index, undefined)
  if (current === undefined) return
  if (current.type !== type && !current.partial) {
    report(
      state,
      'content.type',
      `expected the part at ${INDEX_FIELD[list]} ${index} to stay ${current.type}, saw ${type}`,
      '/part/type',
    )
    return
  }
  const text = partText(part)
  const expected = current.doneText ?? current.text
  if (text !== undefined && !current.partial && !state.deltasLost && text !== expected) {
    const what = current.doneText === undefined ? 'the concatenated deltas' : 'the text of the .done event'
    report(
      state,
      'delta.mismatch',
      describeTextMismatch(what, expected, text),
      type === 'refusal' ? '/part/refusal' : '/part/text',
    )
  }
  current.partDoneText = text
  current.done = true
}

function itemTypeFor(list: PartList, partType: string): string {
  return list === 'summary' || partType === 'reasoning_text' ? 'reasoning' : 'message'
}

/**
 * A text delta into a part: output_text, refusal, reasoning_text or summary_text.
 *
 * @example
 * onPartDelta(state, event, 'message', 'parts', 'output_text')
 */
export function onPartDelta(
  state: ResponsesState,
  event: JsonObject,
  itemType: string,
  list: PartList,
  partType: string,
): void {
  if (partType === 'output_text') trackLogprobs(state, event, '')
  const part = findPart(state, event, itemType, list, partType)
  const delta = event['delta']
  if (part === undefined) state.deltasLost = true
  else if (typeof delta === 'string') part.text += delta
}

/**
 * The `.done` of a part's text: it equals the concatenated deltas.
 *
 * @example
 * onPartTextDone(state, event, 'message', 'parts', 'refusal', 'refusal')
 */
export function onPartTextDone(
  state: ResponsesState,
  event: JsonObject,
  itemType: string,
  list: PartList,
  partType: string,
  field: string,
): void {
  if (partType === 'output_text') trackLogprobs(state, event, '')
  const part = findPart(state, event, itemType, list, partType)
  const text = stringField(event, field)
  if (part === undefined || text === undefined) return
  if (!part.partial && !state.deltasLost && text !== part.text) {
    report(
      state,
      'delta.mismatch',
      describeTextMismatch('the concatenated deltas', part.text, text),
      `/${field}`,
    )
  }
  part.doneText = text
}

function findPart(
  state: ResponsesState,
  event: JsonObject,
  itemType: string,
  list: PartList,
  partType: string,
): PartState | undefined {
  const index = indexField(event, INDEX_FIELD[list])
  if (index === undefined) return undefined
  const item = resolveItem(state, event, itemType, true)
  return item === undefined ? undefined : partAt(state, item, list, index, partType)
}

/**
 * response.output_text.annotation.added: annotation_index counts up within its part.
 *
 * @example
 * onAnnotationAdded(state, event)
 */
export function onAnnotationAdded(state: ResponsesState, event: JsonObject): void {
  const part = findPart(state, event, 'message', 'parts', 'output_text')
  const index = indexField(event, 'annotation_index')
  if (part === undefined || index === undefined) return
  if (index !== part.annotations && !part.partial) {
    report(
      state,
      'annotation.order',
      `expected annotation_index ${part.annotations} (the next annotation of this part), saw ${index}`,
      '/annotation_index',
    )
  }
  part.annotations = Math.max(part.annotations, index + 1)
}

/**
 * A delta of a call item's streamed field (function arguments, custom tool input, MCP
 * arguments, code interpreter code).
 *
 * @example
 * onCallDelta(state, event, 'function_call')
 */
export function onCallDelta(state: ResponsesState, event: JsonObject, itemType: string): void {
  const item = resolveItem(state, event, itemType, true)
  const delta = event['delta']
  if (item === undefined) state.deltasLost = true
  if (item === undefined || typeof delta !== 'string') return
  item.text += delta
  item.streamed = true
}

/**
 * The `.done` of a call item's streamed field: it equals the concatenated deltas.
 *
 * @example
 * onCallDone(state, event, 'function_call', 'arguments')
 */
export function onCallDone(state: ResponsesState, event: JsonObject, itemType: string, field: string): void {
  const item = resolveItem(state, event, itemType, true)
  const text = stringField(event, field)
  if (item === undefined || text === undefined) return
  if (!item.partial && !state.deltasLost && text !== item.text) {
    report(
      state,
      'delta.mismatch',
      describeTextMismatch('the concatenated deltas', item.text, text),
      `/${field}`,
    )
  }
  item.doneText = text
  item.streamed = true
}
