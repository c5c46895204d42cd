/**
 * Item bookkeeping of a Responses stream, after openai-node 7.57.0's accumulator: output items are
 * added once, in order, referred to by output_index with a matching item_id and type, done once
 * with the same identity, and listed in the final response.output.
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import {
  indexField,
  report,
  STREAMED_ITEM_FIELD,
  stringField,
  type ItemState,
  type PartState,
  type ResponsesState,
} from './responses-state.js'
import { trackItemLogprobs } from './responses-logprobs.js'
import { compareTextLeaves, streamedTextLeaves } from './responses-text-leaves.js'
import { itemTextLeaves } from './text-compare.js'

/**
 * Find the item an item-scoped event refers to, reporting item.missing / item.id / item.type /
 * item.closed. Returns undefined when the event cannot be applied to an item.
 *
 * @example
 * const item = resolveItem(state, event, 'message', true)
 */
export function resolveItem(
  state: ResponsesState,
  event: JsonObject,
  expectedType: string,
  hasItemId: boolean,
): ItemState | undefined {
  const outputIndex = indexField(event, 'output_index')
  if (outputIndex === undefined) return undefined
  const itemId = hasItemId ? stringField(event, 'item_id') : undefined
  const item = state.items.get(outputIndex)
  if (item === undefined) {
    if (state.resumed) return adoptItem(state, outputIndex, itemId, expectedType)
    report(
      state,
      'item.missing',
      `expected output_index ${outputIndex} to have been added by response.output_item.added, saw no such item`,
      '/output_index',
    )
    return undefined
  }
  if (itemId !== undefined && itemId !== item.id) {
    report(
      state,
      'item.id',
      `expected item_id ${JSON.stringify(item.id)} (the id of the item at output_index ${outputIndex}), saw ${JSON.stringify(itemId)}`,
      '/item_id',
    )
  }
  if (item.type !== expectedType) {
    report(
      state,
      'item.type',
      `expected a ${expectedType} item at output_index ${outputIndex} for ${String(event['type'])}, saw a ${item.type} item`,
      '/output_index',
    )
    return undefined
  }
  if (item.done) {
    report(
      state,
      'item.closed',
      `expected no ${String(event['type'])} after output_item.done of ${label(item)}, saw one`,
      '',
    )
    return undefined
  }
  return item
}

/** In a resumed stream, an item added before the resume point is taken as it is first seen. */
function adoptItem(
  state: ResponsesState,
  outputIndex: number,
  id: string | undefined,
  type: string,
): ItemState {
  const item = newItem(outputIndex, id, type, undefined, '')
  item.partial = true
  state.items.set(outputIndex, item)
  return item
}

function newItem(
  outputIndex: number,
  id: string | undefined,
  type: string,
  callId: string | undefined,
  text: string,
): ItemState {
  return {
    outputIndex, id, type, callId, parts: [], summary: [], text, doneText: undefined,
    streamed: false, done: false, doneItem: undefined, partial: false,
  }
}

/** A part that is already complete (it came inside an added item). */
function completePart(part: JsonValue | undefined): PartState {
  const object = isJsonObject(part) ? part : {}
  const text = stringField(object, object['type'] === 'refusal' ? 'refusal' : 'text') ?? ''
  const type = stringField(object, 'type') ?? ''
  return { type, text, doneText: text, partDoneText: text, annotations: 0, done: true, partial: false }
}

/**
 * response.output_item.added: a new output_index, the next one, with an unused id.
 *
 * @example
 * onItemAdded(state, event)
 */
export function onItemAdded(state: ResponsesState, event: JsonObject): void {
  const outputIndex = indexField(event, 'output_index')
  const added = event['item']
  if (outputIndex === undefined || !isJsonObject(added)) return
  const existing = state.items.get(outputIndex)
  if (existing !== undefined) {
    report(
      state,
      'item.duplicate',
      `expected a new output_index, saw ${outputIndex} added again (first added as ${label(existing)})`,
      '/output_index',
    )
    return
  }
  if (!state.resumed && outputIndex !== state.items.size) {
    report(
      state,
      'item.order',
      `expected output_index ${state.items.size} (the next item), saw ${outputIndex}`,
      '/output_index',
    )
  }
  const id = stringField(added, 'id')
  if (id !== undefined && state.itemIds.has(id)) {
    report(
      state,
      'item.duplicate',
      `expected a new item id, saw ${JSON.stringify(id)} added a second time`,
      '/item/id',
    )
  }
  const type = stringField(added, 'type') ?? ''
  const field = STREAMED_ITEM_FIELD[type]
  const item = newItem(
    outputIndex,
    id,
    type,
    stringField(added, 'call_id'),
    (field && stringField(added, field)) ?? '',
  )
  if (Array.isArray(added['content'])) item.parts = added['content'].map(completePart)
  if (Array.isArray(added['summary'])) item.summary = added['summary'].map(completePart)
  state.items.set(outputIndex, item)
  if (id !== undefined) state.itemIds.add(id)
  trackItemLogprobs(state, added, '/item')
}

/**
 * response.output_item.done: same type, id and call_id as when added, once, with every part
 * done and the streamed text.
 *
 * @example
 * onItemDone(state, event)
 */
export function onItemDone(state: ResponsesState, event: JsonObject): void {
  const outputIndex = indexField(event, 'output_index')
  const done = event['item']
  if (outputIndex === undefined || !isJsonObject(done)) return
  trackItemLogprobs(state, done, '/item')
  let item = state.items.get(outputIndex)
  if (item === undefined) {
    if (!state.resumed) {
      report(
        state,
        'item.missing',
        `expected output_index ${outputIndex} to have been added by response.output_item.added, saw no such item`,
        '/output_index',
      )
      return
    }
    item = adoptItem(state, outputIndex, stringField(done, 'id'), stringField(done, 'type') ?? '')
  }
  if (item.done) {
    report(state, 'item.done_twice', `expected one output_item.done for ${label(item)}, saw a second one`, '')
    return
  }
  item.done = true
  item.doneItem = done
  const type = stringField(done, 'type')
  if (type !== item.type) {
    report(
      state,
      'item.type',
      `expected item.type ${JSON.stringify(item.type)} (as added), saw ${JSON.stringify(type)}`,
      '/item/type',
    )
    return
  }
  const id = stringField(done, 'id')
  if (id !== item.id && !(item.id === undefined && (type === 'function_call' || type === 'custom_tool_call'))) {
    report(
      state,
      'item.id',
      `expected item.id ${JSON.stringify(item.id)} (as added), saw ${JSON.stringify(id)}`,
      '/item/id',
    )
  }
  const callId = stringField(done, 'call_id')
  if (item.callId !== undefined && callId !== item.callId) {
    report(
      state,
      'item.call_id',
      `expected item.call_id ${JSON.stringify(item.callId)} (as added), saw ${JSON.stringify(callId)}`,
      '/item/call_id',
    )
  }
  if (item.partial) return
  checkPartsFinished(state, item, item.parts, 'content_part.done for content_index')
  checkPartsFinished(state, item, item.summary, 'reasoning_summary_part.done for summary_index')
  compareTextLeaves(state, streamedTextLeaves(item), itemTextLeaves(done), '/item', 'the streamed text')
}

function checkPartsFinished(state: ResponsesState, item: ItemState, parts: PartState[], what: string): void {
  parts.forEach((part, index) => {
    if (!part.done && !part.partial) {
      report(
        state,
        'content.unfinished',
        `expected ${what} ${index} of ${label(item)} before output_item.done, saw none`,
        '',
      )
    }
  })
}

/**
 * How an item is named in messages: its type, id and output_index.
 *
 * @example
 * label(item) // 'message "msg_1" at output_index 0'
 */
export function label(item: ItemState): string {
  return `${item.type} ${item.id === undefined ? '(no id)' : JSON.stringify(item.id)} at output_index ${item.outputIndex}`
}
