/**
 * The stateful checks of a Chat Completions chunk stream: one id, tool-call fragments that
 * openai-node's ChatCompletionStream can assemble, one finish_reason per choice, the usage chunk
 * only when asked for and last, and `[DONE]` at the end.
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { schemaViolations } from './format-ajv-errors.js'
import type { RuleId } from './rules.js'
import { SCHEMA_REFS } from './schema-ids.js'
import { getSchemaRegistry, type SchemaRegistry } from './schema-registry.js'
import type { ValidateOptions, ValidationResult, Violation } from './types.js'

/** Options of validateChatChunks. */
export interface ChatValidateOptions extends ValidateOptions {
  /** `stream_options.include_usage` of the request; undefined when unknown (then not enforced). */
  includeUsage?: boolean
  /** The stream was cut (reported separately); do not also report the missing end. */
  truncated?: boolean
}

/** openai-node's ChatCompletionStream rejects tool-call and choice indexes at or above this. */
const MAX_STREAM_INDEX = 128

interface ToolCallState {
  id: string | undefined
  type: string | undefined
  name: string | undefined
}

interface ChoiceState {
  role: boolean
  finishReason: string | undefined
  tools: Map<number, ToolCallState>
}

interface ChatState {
  registry: SchemaRegistry
  violations: Violation[]
  index: number
  id: JsonValue | undefined
  created: JsonValue | undefined
  choices: Map<number, ChoiceState>
  usageIndex: number
  doneIndex: number
  errorIndex: number
}

/**
 * Validate a Chat Completions stream: parsed chunks, with the literal `'[DONE]'` where the stream
 * sent `data: [DONE]`.
 *
 * @example
 * validateChatChunks([...chunks, '[DONE]'], { includeUsage: true }).valid
 */
export function validateChatChunks(
  chunks: ReadonlyArray<JsonValue | '[DONE]'>,
  options: ChatValidateOptions = {},
): ValidationResult {
  const state: ChatState = {
    registry: getSchemaRegistry(options.profile ?? 'wire'),
    violations: [],
    index: 0,
    id: undefined,
    created: undefined,
    choices: new Map(),
    usageIndex: -1,
    doneIndex: -1,
    errorIndex: -1,
  }
  for (let index = 0; index < chunks.length; index++) {
    state.index = index
    checkChunk(state, chunks[index] as JsonValue, options.includeUsage)
  }
  finish(state, chunks.length, options)
  return { valid: state.violations.length === 0, violations: state.violations, dialects: [] }
}

function report(state: ChatState, rule: RuleId, message: string, pointer: string, index = state.index): void {
  state.violations.push({ rule, message, index, pointer })
}

function checkChunk(state: ChatState, chunk: JsonValue, includeUsage: boolean | undefined): void {
  if (chunk === '[DONE]') {
    if (state.doneIndex >= 0) {
      report(
        state,
        'chat.done',
        `expected one [DONE], saw another (the first was event ${state.doneIndex})`,
        '',
      )
    }
    state.doneIndex = state.index
    return
  }
  if (state.doneIndex >= 0) {
    report(state, 'chat.done', 'expected nothing after [DONE], saw a chunk', '')
    return
  }
  if (!isJsonObject(chunk)) {
    report(state, 'event.type', `expected a chunk object, saw ${JSON.stringify(chunk)?.slice(0, 60)}`, '')
    return
  }
  // A mid-stream error arrives as a chunk with a top-level `error` object; both SDKs raise on it.
  if (isJsonObject(chunk['error'])) {
    const validate = state.registry.get(SCHEMA_REFS.errorBody)
    if (!validate(chunk)) state.violations.push(...schemaViolations(validate.errors, { index: state.index }))
    state.errorIndex = state.index
    return
  }
  const validate = state.registry.get(SCHEMA_REFS.chatChunk)
  if (!validate(chunk)) state.violations.push(...schemaViolations(validate.errors, { index: state.index }))
  checkIdentity(state, chunk)
  checkUsage(state, chunk, includeUsage)
  const choices = chunk['choices']
  if (Array.isArray(choices)) choices.forEach((choice, position) => isJsonObject(choice) && checkChoice(state, choice, position))
}

function checkIdentity(state: ChatState, chunk: JsonObject): void {
  if (state.id === undefined) {
    state.id = chunk['id']
    state.created = chunk['created']
    return
  }
  if (chunk['id'] !== state.id) {
    report(
      state,
      'chat.id',
      `expected id ${JSON.stringify(state.id)} (as on the first chunk), saw ${JSON.stringify(chunk['id'])}`,
      '/id',
    )
  }
  if (chunk['created'] !== state.created) {
    report(
      state,
      'chat.created',
      `expected created ${JSON.stringify(state.created)} (as on the first chunk), saw ${JSON.stringify(chunk['created'])}`,
      '/created',
    )
  }
}

function checkUsage(state: ChatState, chunk: JsonObject, includeUsage: boolean | undefined): void {
  const choices = Array.isArray(chunk['choices']) ? chunk['choices'] : []
  const hasUsage = isJsonObject(chunk['usage'])
  if (state.usageIndex >= 0) {
    // A moderation-only chunk (empty choices, `moderation`, no usage) may follow the usage chunk.
    if (!(choices.length === 0 && !hasUsage && isJsonObject(chunk['moderation']))) {
      report(
        state,
        'chat.usage',
        `expected the usage chunk (event ${state.usageIndex}) to be the last chunk before [DONE], saw another chunk after it`,
        '',
      )
    }
  }
  if (!hasUsage) return
  if (choices.length > 0) {
    report(
      state,
      'chat.usage',
      `expected usage only on the final chunk with empty choices, saw usage on a chunk with ${choices.length} choice(s)`,
      '/usage',
    )
    return
  }
  if (includeUsage === false) {
    report(
      state,
      'chat.usage',
      'expected no usage chunk (the request did not set stream_options.include_usage), saw one',
      '/usage',
    )
  }
  if (state.usageIndex < 0) state.usageIndex = state.index
}

function checkChoice(state: ChatState, choice: JsonObject, position: number): void {
  const index = choice['index']
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= MAX_STREAM_INDEX) return
  let current = state.choices.get(index)
  if (current === undefined) {
    current = { role: false, finishReason: undefined, tools: new Map() }
    state.choices.set(index, current)
  }
  const delta = isJsonObject(choice['delta']) ? choice['delta'] : {}
  const finish = choice['finish_reason']
  const base = `/choices/${position}`
  if (current.finishReason !== undefined) {
    if (typeof finish === 'string') {
      report(
        state,
        'chat.finish_reason',
        `expected one finish_reason for choice ${index}, saw a second (${JSON.stringify(finish)} after ${JSON.stringify(current.finishReason)})`,
        `${base}/finish_reason`,
      )
    } else if (hasContent(delta)) {
      report(
        state,
        'chat.finish_reason',
        `expected no delta for choice ${index} after its finish_reason ${JSON.stringify(current.finishReason)}, saw one`,
        `${base}/delta`,
      )
    }
  }
  if (typeof delta['role'] === 'string') current.role = true
  if (Array.isArray(delta['tool_calls'])) {
    delta['tool_calls'].forEach((call, at) => {
      if (isJsonObject(call)) checkToolCall(state, current, call, index, `${base}/delta/tool_calls/${at}`)
    })
  }
  if (typeof finish === 'string' && current.finishReason === undefined) current.finishReason = finish
}

function hasContent(delta: JsonObject): boolean {
  const content = delta['content']
  return (typeof content === 'string' && content !== '') || Array.isArray(delta['tool_calls']) || isJsonObject(delta['function_call'])
}

function checkToolCall(
  state: ChatState,
  choice: ChoiceState,
  call: JsonObject,
  choiceIndex: number,
  pointer: string,
): void {
  const index = call['index']
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= MAX_STREAM_INDEX) {
    report(
      state,
      'chat.tool_index',
      `expected an integer index (0-${MAX_STREAM_INDEX - 1}) on every tool-call fragment, saw ${JSON.stringify(index)}`,
      `${pointer}/index`,
    )
    return
  }
  const body = isJsonObject(call['function']) ? call['function'] : isJsonObject(call['custom']) ? call['custom'] : {}
  const id = typeof call['id'] === 'string' ? call['id'] : undefined
  const type = typeof call['type'] === 'string' ? call['type'] : undefined
  const name = typeof body['name'] === 'string' ? body['name'] : undefined
  const known = choice.tools.get(index)
  if (known === undefined) {
    if (index !== choice.tools.size) {
      report(
        state,
        'chat.tool_index',
        `expected tool-call index ${choice.tools.size} (the next call of choice ${choiceIndex}), saw ${index}`,
        `${pointer}/index`,
      )
    }
    if (id === undefined || type === undefined || name === undefined) {
      const fields: Array<[string, unknown]> = [['id', id], ['type', type], ['name', name]]
      const missing = fields.filter(([, value]) => value === undefined).map(([field]) => field).join(', ')
      report(
        state,
        'chat.tool_id',
        `expected the first fragment of tool call ${index} to carry id, type and name, saw it without ${missing}`,
        pointer,
      )
    }
    choice.tools.set(index, { id, type, name })
    return
  }
  const changed = [change('id', known.id, id), change('type', known.type, type), change('name', known.name, name)].filter(
    (text) => text !== undefined,
  )
  if (changed.length > 0) {
    report(
      state,
      'chat.tool_id',
      `expected tool call ${index} to keep its identity, saw ${changed.join(', ')}`,
      pointer,
    )
  }
}

/** `field "old" → "new"` when a later fragment changes a known value. */
function change(field: string, known: string | undefined, seen: string | undefined): string | undefined {
  if (known === undefined || seen === undefined || known === seen) return undefined
  return `${field} ${JSON.stringify(known)} → ${JSON.stringify(seen)}`
}

function finish(state: ChatState, count: number, options: ChatValidateOptions): void {
  const last = Math.max(0, count - 1)
  if (state.errorIndex >= 0 || options.truncated === true) return
  for (const [index, choice] of state.choices) {
    if (choice.finishReason === undefined) {
      report(
        state,
        'chat.finish_reason',
        `expected a finish_reason for choice ${index} by the end of the stream, saw none`,
        '',
        last,
      )
    }
    if (!choice.role) {
      const message = `expected a delta.role for choice ${index} (openai-node needs it to finish), saw none`
      report(state, 'chat.role', message, '', last)
    }
  }
  if (options.includeUsage === true && state.usageIndex < 0) {
    report(
      state,
      'chat.usage',
      'expected a usage chunk with empty choices before [DONE] (the request set include_usage), saw none',
      '',
      last,
    )
  }
  if (state.doneIndex < 0) {
    report(
      state,
      'chat.done',
      'expected data: [DONE] as the last event, saw the stream end without it',
      '',
      last,
    )
  }
}
