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

/** Call-item events by full type: [item type, the field the `.done` event carries, is a delta]. */
const CALL_EVENTS: ReadonlyMap<string, readonly [string, string, boolean]> = new Map([
  ['response.function_call_arguments.delta', ['function_call', 'arguments', true]],
  ['response.function_call_arguments.done', ['function_call', 'arguments', false]],
  ['response.custom_tool_call_input.delta', ['custom_tool_call', 'input', true]],
  ['response.custom_tool_call_input.done', ['custom_tool_call', 'input', false]],
  ['response.mcp_call_arguments.delta', ['mcp_call', 'arguments', true]],
  ['response.mcp_call_arguments.done', ['mcp_call', 'arguments', false]],
  ['response.code_interpreter_call_code.delta', ['code_interpreter_call', 'code', true]],
  ['response.code_interpreter_call_code.done', ['code_interpreter_call', 'code', false]],
])

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
  switch (type) {
    case 'response.output_item.added':
      return onItemAdded(state, event)
    case 'response.output_item.done':
      return onItemDone(state, event)
    case 'response.content_part.added':
      return onPartAdded(state, event, 'parts')
    case 'response.content_part.done':
      return onPartDone(state, event, 'parts')
    case 'response.reasoning_summary_part.added':
      return onPartAdded(state, event, 'summary')
    case 'response.reasoning_summary_part.done':
      return onPartDone(state, event, 'summary')
    case 'response.output_text.delta':
      return onPartDelta(state, event, 'message', 'parts', 'output_text')
    case 'response.output_text.done':
      return onPartTextDone(state, event, 'message', 'parts', 'output_text', 'text')
    case 'response.refusal.delta':
      return onPartDelta(state, event, 'message', 'parts', 'refusal')
    case 'response.refusal.done':
      return onPartTextDone(state, event, 'message', 'parts', 'refusal', 'refusal')
    case 'response.reasoning_text.delta':
      return onPartDelta(state, event, 'reasoning', 'parts', 'reasoning_text')
    case 'response.reasoning_text.done':
      return onPartTextDone(state, event, 'reasoning', 'parts', 'reasoning_text', 'text')
    case 'response.reasoning_summary_text.delta':
      return onPartDelta(state, event, 'reasoning', 'summary', 'summary_text')
    case 'response.reasoning_summary_text.done':
      return onPartTextDone(state, event, 'reasoning', 'summary', 'summary_text', 'text')
    case 'response.output_text.annotation.added':
      return onAnnotationAdded(state, event)
    case 'error':
      state.terminalType = 'error'
      return
    default:
      return dispatchOther(state, type, event)
  }
}

function dispatchOther(state: ResponsesState, type: string, event: JsonObject): void {
  if (isLifecycleType(type)) return onLifecycle(state, type, event)
  const call = CALL_EVENTS.get(type)
  if (call !== undefined) {
    const [itemType, field, isDelta] = call
    if (isDelta) onCallDelta(state, event, itemType)
    else onCallDone(state, event, itemType, field)
    return
  }
  const itemType = EXPECTED_ITEM_TYPES.get(type)
  // Status events only need their item to exist with the right id and type; shell command
  // events carry no item_id.
  if (itemType !== undefined) resolveItem(
    state,
    event,
    itemType,
    !type.startsWith('response.shell_call_command.'),
  )
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
