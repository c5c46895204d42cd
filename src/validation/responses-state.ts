/**
 * The state the Responses stream checker keeps while it walks a stream: the items and parts added
 * so far with their accumulated text, the sequence counter and the terminal event. Everything is
 * O(1) per event; text accumulates by string concatenation.
 * @module
 */
import type { JsonObject } from '../util/json.js'
import type { Dialect } from './dialects.js'
import type { RuleId } from './rules.js'
import type { SchemaRegistry } from './schema-registry.js'
import type { ValidationProfile, Violation } from './types.js'

/** One content part (message content, reasoning content) or reasoning summary part. */
export interface PartState {
  type: string
  /** The concatenated deltas (starting from the text of the added part). */
  text: string
  /** The text of the `.done` event, once seen. */
  doneText: string | undefined
  /** The text of the part in content_part.done / reasoning_summary_part.done, once seen. */
  partDoneText: string | undefined
  annotations: number
  done: boolean
  /** Adopted in a resumed stream: its earlier events were never seen, so its text is incomplete. */
  partial: boolean
}

/** One output item, as added by response.output_item.added. */
export interface ItemState {
  outputIndex: number
  id: string | undefined
  type: string
  callId: string | undefined
  parts: PartState[]
  summary: PartState[]
  /** Accumulated arguments / input / code of call items. */
  text: string
  doneText: string | undefined
  /** Whether any delta or .done event of `text` was seen (only then is it compared). */
  streamed: boolean
  done: boolean
  /** The item of output_item.done, kept to compare with the final response.output. */
  doneItem: JsonObject | undefined
  partial: boolean
}

/** A field that a wire dialect may lack as a whole, remembered until the end of the stream. */
export interface MissingField {
  index: number
  sequence_number: number | undefined
  pointer: string
}

/** Everything the checker knows at one point of the stream. */
export interface ResponsesState {
  profile: ValidationProfile
  registry: SchemaRegistry
  /** WebSocket frames: steer events are known and error frames are checked by shape. */
  websocket: boolean
  violations: Violation[]
  /** The event being checked. */
  index: number
  seq: number | undefined
  lastSeq: number | undefined
  numbered: number
  unnumbered: MissingField[]
  logprobCarriers: number
  missingLogprobs: MissingField[]
  started: boolean
  resumed: boolean
  responseId: string | undefined
  terminalType: string | undefined
  /**
   * A delta could not be applied (its item or part was missing), so accumulated text is known to
   * be incomplete: delta.mismatch is no longer reported, to avoid a cascade from one root cause.
   */
  deltasLost: boolean
  items: Map<number, ItemState>
  itemIds: Set<string>
}

/**
 * A fresh state.
 *
 * @example
 * const state = createResponsesState(getSchemaRegistry('wire'), false)
 */
export function createResponsesState(registry: SchemaRegistry, websocket: boolean): ResponsesState {
  return {
    profile: registry.profile,
    registry,
    websocket,
    violations: [],
    index: 0,
    seq: undefined,
    lastSeq: undefined,
    numbered: 0,
    unnumbered: [],
    logprobCarriers: 0,
    missingLogprobs: [],
    started: false,
    resumed: false,
    responseId: undefined,
    terminalType: undefined,
    deltasLost: false,
    items: new Map(),
    itemIds: new Set(),
  }
}

/**
 * Record a violation at the current event.
 *
 * @example
 * report(state, 'item.id', `expected item_id "msg_1", saw "msg_2"`, '/item_id')
 */
export function report(state: ResponsesState, rule: RuleId, message: string, pointer: string): void {
  const violation: Violation = { rule, message, index: state.index, pointer }
  if (state.seq !== undefined) violation.sequence_number = state.seq
  state.violations.push(violation)
}

/**
 * The dialects recognised so far (wire only).
 *
 * @example
 * dialectsOf(state) // ['unnumbered', 'no-logprobs']
 */
export function dialectsOf(state: ResponsesState): Dialect[] {
  if (state.profile !== 'wire') return []
  const dialects: Dialect[] = []
  if (state.numbered === 0 && state.unnumbered.length > 0) dialects.push('unnumbered')
  if (state.logprobCarriers === 0 && state.missingLogprobs.length > 0) dialects.push('no-logprobs')
  if (state.resumed) dialects.push('resumed')
  return dialects
}

/**
 * The item type each item-scoped event belongs to: `expectedOutputItemTypes` of openai-node 7.57.0
 * (src/internal/responses/response-accumulator.ts), plus the shell command events that it checks
 * separately. content_part.* depend on the part type and are handled by the caller.
 *
 * @example
 * EXPECTED_ITEM_TYPES.get('response.function_call_arguments.delta') // 'function_call'
 */
export const EXPECTED_ITEM_TYPES: ReadonlyMap<string, string> = new Map([
  ['response.output_text.delta', 'message'],
  ['response.output_text.done', 'message'],
  ['response.output_text.annotation.added', 'message'],
  ['response.refusal.delta', 'message'],
  ['response.refusal.done', 'message'],
  ['response.function_call_arguments.delta', 'function_call'],
  ['response.function_call_arguments.done', 'function_call'],
  ['response.custom_tool_call_input.delta', 'custom_tool_call'],
  ['response.custom_tool_call_input.done', 'custom_tool_call'],
  ['response.mcp_call_arguments.delta', 'mcp_call'],
  ['response.mcp_call_arguments.done', 'mcp_call'],
  ['response.mcp_call.in_progress', 'mcp_call'],
  ['response.mcp_call.completed', 'mcp_call'],
  ['response.mcp_call.failed', 'mcp_call'],
  ['response.shell_call_output_content.delta', 'shell_call_output'],
  ['response.shell_call_output_content.done', 'shell_call_output'],
  ['response.reasoning_text.delta', 'reasoning'],
  ['response.reasoning_text.done', 'reasoning'],
  ['response.reasoning_summary_part.added', 'reasoning'],
  ['response.reasoning_summary_part.done', 'reasoning'],
  ['response.reasoning_summary_text.delta', 'reasoning'],
  ['response.reasoning_summary_text.done', 'reasoning'],
  ['response.code_interpreter_call_code.delta', 'code_interpreter_call'],
  ['response.code_interpreter_call_code.done', 'code_interpreter_call'],
  ['response.code_interpreter_call.in_progress', 'code_interpreter_call'],
  ['response.code_interpreter_call.interpreting', 'code_interpreter_call'],
  ['response.code_interpreter_call.completed', 'code_interpreter_call'],
  ['response.file_search_call.in_progress', 'file_search_call'],
  ['response.file_search_call.searching', 'file_search_call'],
  ['response.file_search_call.completed', 'file_search_call'],
  ['response.web_search_call.in_progress', 'web_search_call'],
  ['response.web_search_call.searching', 'web_search_call'],
  ['response.web_search_call.completed', 'web_search_call'],
  ['response.image_generation_call.in_progress', 'image_generation_call'],
  ['response.image_generation_call.generating', 'image_generation_call'],
  ['response.image_generation_call.completed', 'image_generation_call'],
  ['response.image_generation_call.partial_image', 'image_generation_call'],
  ['response.mcp_list_tools.in_progress', 'mcp_list_tools'],
  ['response.mcp_list_tools.completed', 'mcp_list_tools'],
  ['response.mcp_list_tools.failed', 'mcp_list_tools'],
  ['response.compaction.compacting', 'compaction'],
  ['response.shell_call_command.added', 'shell_call'],
  ['response.shell_call_command.delta', 'shell_call'],
  ['response.shell_call_command.done', 'shell_call'],
])

/**
 * The field of a call item that its delta/done events build, by item type.
 *
 * @example
 * STREAMED_ITEM_FIELD.custom_tool_call // 'input'
 */
export const STREAMED_ITEM_FIELD: Readonly<Record<string, string>> = {
  function_call: 'arguments',
  custom_tool_call: 'input',
  mcp_call: 'arguments',
  code_interpreter_call: 'code',
}

/**
 * Read a string field, or undefined.
 *
 * @example
 * stringField({ id: 'msg_1' }, 'id') // 'msg_1'
 */
export function stringField(object: JsonObject, key: string): string | undefined {
  const value = object[key]
  return typeof value === 'string' ? value : undefined
}

/**
 * Read a non-negative integer field, or undefined.
 *
 * @example
 * indexField({ output_index: -1 }, 'output_index') // undefined
 */
export function indexField(object: JsonObject, key: string): number | undefined {
  const value = object[key]
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined
}
