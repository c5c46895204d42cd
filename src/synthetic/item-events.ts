/**
 * The Responses stream events of one output item, in the canonical orders of
 * openai-wire-protocol.md §1.6 (A text, B function call, C custom tool call, D reasoning with
 * summary parts, E refusal), and the finished item they add up to. Pure.
 *
 * @note These orders are what openai-node 7.57.0's accumulator checks (§5.2): `item_id` is the
 * item's id (`fc_…`, never the call_id), content parts open in order before their deltas,
 * text events and `output_text` parts always carry `logprobs`, every item is closed.
 * @module
 */
import type { Chunking } from '../scenario/types.js'
import type { JsonObject, JsonValue } from '../util/json.js'
import { splitArguments, splitIntoChunks } from './chunking.js'
import { tokenLogprob } from './logprobs.js'
import { obfuscationFor } from './obfuscation.js'
import type { PlannedItem, PlannedPart } from './planned-items.js'
import type { SeededRandom } from './seeded-random.js'

/** An event before it gets its `sequence_number` and time. */
export interface EventDraft {
  type: string
  fields: JsonObject
  /** Carries a token: waits for its slot on the timeline. */
  token: boolean
}

/** How items are streamed; the same for every item of a response. */
export interface ItemStreamOptions {
  chunking?: Chunking
  obfuscation: boolean
  /** Synthetic logprobs with this many alternatives; undefined when not requested. */
  topLogprobs: number | undefined
  random: SeededRandom
}

/**
 * Stream one item: its events, and the finished item (`output_item.done`, final `output`).
 *
 * @example
 * streamItem({ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{}' },
 *   0, options, 'completed').events.map((event) => event.type)
 * // ['response.output_item.added', 'response.function_call_arguments.delta',
 * //  'response.function_call_arguments.done', 'response.output_item.done']
 */
export function streamItem(
  item: PlannedItem,
  outputIndex: number,
  options: ItemStreamOptions,
  status: 'completed' | 'incomplete',
): { events: EventDraft[]; final: JsonObject } {
  const events: EventDraft[] = []
  const emit = (type: string, fields: JsonObject, token = false) => events.push({ type, fields, token })
  const final = streamItemInto(item, outputIndex, options, status, emit)
  emit('response.output_item.done', { output_index: outputIndex, item: final })
  return { events, final }
}

type Emit = (type: string, fields: JsonObject, token?: boolean) => void

function streamItemInto(
  item: PlannedItem,
  outputIndex: number,
  options: ItemStreamOptions,
  status: 'completed' | 'incomplete',
  emit: Emit,
): JsonObject {
  const scope = (id: string) => ({ item_id: id, output_index: outputIndex })
  switch (item.type) {
    case 'message': {
      const phase: JsonObject = item.phase === undefined ? {} : { phase: item.phase }
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: {
          id: item.id,
          type: 'message',
          status: 'in_progress',
          content: [],
          role: 'assistant',
          ...phase,
        },
      })
      const content = item.parts.map((part, index) =>
        streamPart(part, { ...scope(item.id), content_index: index }, options, emit),
      )
      return { id: item.id, type: 'message', status, content, role: 'assistant', ...phase }
    }
    case 'function_call': {
      const identity = { id: item.id, type: 'function_call' }
      const call = { call_id: item.call_id, name: item.name }
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { ...identity, status: 'in_progress', arguments: '', ...call },
      })
      for (const delta of splitArguments(item.arguments, options.chunking)) {
        emit('response.function_call_arguments.delta', { ...scope(item.id), delta }, true)
      }
      emit('response.function_call_arguments.done', {
        ...scope(item.id),
        arguments: item.arguments,
        name: item.name,
      })
      return { ...identity, status, arguments: item.arguments, ...call }
    }
    case 'custom_tool_call': {
      const identity = { id: item.id, type: 'custom_tool_call' }
      const call = { call_id: item.call_id, name: item.name }
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { ...identity, status: 'in_progress', input: '', ...call },
      })
      for (const delta of splitArguments(item.input, options.chunking)) {
        emit('response.custom_tool_call_input.delta', { ...scope(item.id), delta }, true)
      }
      emit('response.custom_tool_call_input.done', { ...scope(item.id), input: item.input })
      return { ...identity, status, input: item.input, ...call }
    }
    case 'reasoning': {
      const encrypted: JsonObject =
        item.encrypted_content === undefined ? {} : { encrypted_content: item.encrypted_content }
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: { id: item.id, type: 'reasoning', ...encrypted, summary: [] },
      })
      item.summary.forEach((text, index) => {
        const base = { ...scope(item.id), summary_index: index }
        emit('response.reasoning_summary_part.added', { ...base, part: { type: 'summary_text', text: '' } })
        for (const delta of splitIntoChunks(text, options.chunking)) {
          const obfuscation = obfuscationField(delta, options)
          emit('response.reasoning_summary_text.delta', { ...base, delta, ...obfuscation }, true)
        }
        emit('response.reasoning_summary_text.done', { ...base, text })
        emit('response.reasoning_summary_part.done', { ...base, part: { type: 'summary_text', text } })
      })
      const summary = item.summary.map((text) => ({ type: 'summary_text', text }))
      return { id: item.id, type: 'reasoning', ...encrypted, summary }
    }
    case 'other': {
      const hasStatus = typeof item.item['status'] === 'string'
      const added = hasStatus ? { ...item.item, status: 'in_progress' } : item.item
      emit('response.output_item.added', { output_index: outputIndex, item: added })
      return item.item
    }
  }
}

function streamPart(part: PlannedPart, base: JsonObject, options: ItemStreamOptions, emit: Emit): JsonObject {
  if (part.type === 'refusal') {
    emit('response.content_part.added', { ...base, part: { type: 'refusal', refusal: '' } })
    for (const delta of splitIntoChunks(part.refusal, options.chunking)) {
      emit('response.refusal.delta', { ...base, delta }, true)
    }
    emit('response.refusal.done', { ...base, refusal: part.refusal })
    const full = { type: 'refusal', refusal: part.refusal }
    emit('response.content_part.done', { ...base, part: full })
    return full
  }
  emit('response.content_part.added', {
    ...base,
    part: { type: 'output_text', annotations: [], logprobs: [], text: '' },
  })
  const eventLogprobs: JsonValue[] = []
  const fullLogprobs: JsonValue[] = []
  for (const delta of splitIntoChunks(part.text, options.chunking)) {
    const logprobs: JsonValue[] = []
    if (options.topLogprobs !== undefined) {
      const logprob = tokenLogprob(delta, options.topLogprobs, options.random)
      logprobs.push(logprob.event)
      eventLogprobs.push(logprob.event)
      fullLogprobs.push(logprob.full)
    }
    const obfuscation = obfuscationField(delta, options)
    emit('response.output_text.delta', { ...base, delta, logprobs, ...obfuscation }, true)
  }
  part.annotations.forEach((annotation, index) => {
    emit('response.output_text.annotation.added', { ...base, annotation_index: index, annotation })
  })
  emit('response.output_text.done', { ...base, text: part.text, logprobs: eventLogprobs })
  const full = { type: 'output_text', annotations: part.annotations, logprobs: fullLogprobs, text: part.text }
  emit('response.content_part.done', { ...base, part: full })
  return full
}

function obfuscationField(delta: string, options: ItemStreamOptions): JsonObject {
  return options.obfuscation ? { obfuscation: obfuscationFor(delta, options.random) } : {}
}
