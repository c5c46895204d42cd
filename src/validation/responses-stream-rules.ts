/**
 * The stateful checks of a Responses event stream that JSON Schema cannot express: numbering,
 * the lifecycle (response.created first, one terminal event, a constant response.id) and the
 * item/part bookkeeping of openai-node 7.57.0's accumulator (responses-item-rules.ts,
 * responses-part-rules.ts). Each event costs one schema call (dispatched by `type`) and O(1) work.
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { errorFrameViolations } from './error-frame.js'
import { schemaViolations } from './format-ajv-errors.js'
import { onItemAdded, onItemDone, resolveItem } from './responses-item-rules.js'
import { checkSequence, isLifecycleType, onLifecycle, reportWholeStreamViolations } from './responses-lifecycle-rules.js'
import {
  onAnnotationAdded,
  onCallDelta,
  onCallDone,
  onPartAdded,
  onPartDelta,
  onPartDone,
  onPartTextDone,
} from './responses-part-rules.js'
import {
  createResponsesState,
  dialectsOf,
  EXPECTED_ITEM_TYPES,
  report,
  STREAMED_ITEM_FIELD,
  type ResponsesState,
} from './responses-state.js'
import { getSchemaRegistry } from './schema-registry.js'
import type { ValidateOptions, ValidationResult } from './types.js'

/** Options of validateResponsesEvents. */
export interface ResponsesValidateOptions extends ValidateOptions {
  /** The events are WebSocket frames: response.steer.* are known and errors are checked by shape. */
  websocket?: boolean
  /** The stream was cut (reported separately); do not also report the missing end. */
  truncated?: boolean
}

/** What an event does to the state, after its schema and numbering are checked. */
type EventHandler = (state: ResponsesState, event: JsonObject) => void

/**
 * The text events of parts, by type prefix (`.delta` and `.done` follow it): [item type, the list
 * of the item that holds the part, part type, the field the `.done` event carries].
 */
const PART_TEXT_EVENTS = [
  ['response.output_text', 'message', 'parts', 'output_text', 'text'],
  ['response.refusal', 'message', 'parts', 'refusal', 'refusal'],
  ['response.reasoning_text', 'reasoning', 'parts', 'reasoning_text', 'text'],
  ['response.reasoning_summary_text', 'reasoning', 'summary', 'summary_text', 'text'],
] as const

/**
 * The handler of every event type that changes the state, built once so that each event costs
 * one lookup. Lifecycle events are handled before this table is consulted.
 */
const HANDLERS: ReadonlyMap<string, EventHandler> = buildHandlers()

function buildHandlers(): Map<string, EventHandler> {
  const handlers = new Map<string, EventHandler>()
  for (const [type, itemType] of EXPECTED_ITEM_TYPES) {
    // The streamed field of a call item (arguments, input, code) is built by its deltas and
    // checked by its `.done`.
    const field = STREAMED_ITEM_FIELD[itemType]
    if (field !== undefined && type.endsWith('.delta')) {
      handlers.set(type, (state, event) => onCallDelta(state, event, itemType))
    } else if (field !== undefined && type.endsWith('.done')) {
      handlers.set(type, (state, event) => onCallDone(state, event, itemType, field))
    } else {
      // Status events only need their item to exist with the right id and type; shell command
      // events carry no item_id. Part events get their own handlers below.
      const hasItemId = !type.startsWith('response.shell_call_command.')
      handlers.set(type, (state, event) => {
        resolveItem(state, event, itemType, hasItemId)
      })
    }
  }
  for (const [prefix, itemType, list, partType, field] of PART_TEXT_EVENTS) {
    handlers.set(`${prefix}.delta`, (state, event) => onPartDelta(state, event, itemType, list, partType))
    handlers.set(`${prefix}.done`, (state, event) => onPartTextDone(state, event, itemType, list, partType, field))
  }
  handlers.set('response.output_item.added', onItemAdded)
  handlers.set('response.output_item.done', onItemDone)
  handlers.set('response.content_part.added', (state, event) => onPartAdded(state, event, 'parts'))
  handlers.set('response.content_part.done', (state, event) => onPartDone(state, event, 'parts'))
  handlers.set('response.reasoning_summary_part.added', (state, event) => onPartAdded(state, event, 'summary'))
  handlers.set('response.reasoning_summary_part.done', (state, event) => onPartDone(state, event, 'summary'))
  handlers.set('response.output_text.annotation.added', onAnnotationAdded)
  handlers.set('error', (state) => {
    state.terminalType = 'error'
  })
  return handlers
}

/**
 * Validate a Responses stream (SSE events or WebSocket frames of one response), already parsed.
 *
 * @example
 * const result = validateResponsesEvents(events, { profile: 'strict' })
 * if (!result.valid) for (const v of result.violations) console.log(v.rule, v.message)
 */
export function validateResponsesEvents(
  events: readonly JsonValue[],
  options: ResponsesValidateOptions = {},
): ValidationResult {
  const state = createResponsesState(getSchemaRegistry(options.profile ?? 'wire'), options.websocket ?? false)
  for (let index = 0; index < events.length; index++) {
    state.index = index
    checkEvent(state, events[index] as JsonValue)
  }
  finish(state, events, options.truncated ?? false)
  state.violations.sort((a, b) => a.index - b.index)
  return { valid: state.violations.length === 0, violations: state.violations, dialects: dialectsOf(state) }
}

function checkEvent(state: ResponsesState, event: JsonValue): void {
  if (!isJsonObject(event) || typeof event['type'] !== 'string') {
    state.seq = undefined
    report(
      state,
      'event.type',
      `expected a JSON object with a string "type", saw ${JSON.stringify(event)?.slice(0, 60)}`,
      '',
    )
    return
  }
  const type = event['type']
  const seq = event['sequence_number']
  state.seq = typeof seq === 'number' ? seq : undefined
  if (!state.started) {
    state.started = true
    state.resumed = state.profile === 'wire' && type !== 'response.created' && state.seq !== undefined && state.seq > 0
    if (type !== 'response.created' && !state.resumed) {
      report(state, 'first.created', `expected response.created as the first event, saw ${type}`, '/type')
    }
  }
  checkSchema(state, type, event)
  checkSequence(state)
  if (state.terminalType !== undefined && !(state.terminalType === 'error' && type === 'response.failed')) {
    report(
      state,
      'terminal.after',
      `expected nothing after the terminal ${state.terminalType} event, saw ${type}`,
      '/type',
    )
    return
  }
  dispatch(state, type, event)
}

function checkSchema(state: ResponsesState, type: string, event: JsonObject): void {
  if (state.websocket && type === 'error') {
    state.violations.push(...errorFrameViolations(state.registry, event, { index: state.index, sequence_number: state.seq }))
    return
  }
  const validate = state.websocket ? state.registry.websocketEvent(type) : state.registry.responsesEvent(type)
  if (validate === undefined) {
    report(
      state,
      'event.unknown',
      `expected a Responses event type known to openai-node 7.57.0, saw ${JSON.stringify(type)}`,
      '/type',
    )
    return
  }
  if (!validate(event)) {
    state.violations.push(...schemaViolations(validate.errors, { index: state.index, sequence_number: state.seq }))
  }
}

function dispatch(state: ResponsesState, type: string, event: JsonObject): void {
  if (isLifecycleType(type)) onLifecycle(state, type, event)
  else HANDLERS.get(type)?.(state, event)
}

function finish(state: ResponsesState, events: readonly JsonValue[], truncated: boolean): void {
  state.index = Math.max(0, events.length - 1)
  state.seq = state.lastSeq
  if (events.length === 0) {
    report(state, 'first.created', 'expected response.created as the first event, saw an empty stream', '')
    return
  }
  if (state.terminalType === undefined && !truncated) {
    const last = events[events.length - 1]
    const lastType = isJsonObject(last) ? String(last['type']) : 'a non-event'
    report(
      state,
      'terminal.missing',
      `expected a terminal event (response.completed, .failed, .incomplete or error) at the end, saw the stream end after ${lastType}`,
      '',
    )
  }
  reportWholeStreamViolations(state)
}
