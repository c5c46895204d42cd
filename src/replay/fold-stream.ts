/**
 * Stream → final JSON: what a non-streaming request gets when the recording is a stream.
 * Responses: the Response of the terminal event. Chat Completions: the chunks accumulated into
 * a `chat.completion`. A stream that only failed becomes the HTTP error it stands for.
 * Pure: no I/O.
 * @module
 */
import { openAiErrorBody } from '../protocol/openai-error.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import type { Answer, EndpointKind } from './types.js'

/** A JSON answer. */
export type JsonAnswer = Extract<Answer, { kind: 'json' }>

/** A folded stream, or why it cannot be folded. */
export type FoldResult = JsonAnswer | { kind: 'unfoldable'; reason: string }

type StreamAnswer = Extract<Answer, { kind: 'stream' }>

const RESPONSES_TERMINAL_TYPES = new Set(['response.completed', 'response.failed', 'response.incomplete'])

/**
 * Fold a recorded stream into the JSON answer of the same request without `stream: true`.
 *
 * @example
 * foldStream('responses', streamAnswer)
 * // { kind: 'json', status: 200, headers: {...}, body: <the Response of response.completed> }
 */
export function foldStream(endpoint: EndpointKind, answer: StreamAnswer): FoldResult {
  const headers = withoutContentType(answer.headers)
  const payloads = answer.events.map((event) => event.data).filter(isJsonObject)
  switch (endpoint) {
    case 'responses':
      return foldResponses(payloads, headers)
    case 'chat':
      return foldChat(payloads, headers, answer.status)
    case 'generic':
      return {
        kind: 'unfoldable',
        reason: 'only Responses and Chat Completions streams can be folded into JSON',
      }
  }
}

function foldResponses(payloads: JsonObject[], headers: Record<string, string>): FoldResult {
  for (let index = payloads.length - 1; index >= 0; index--) {
    const payload = payloads[index]
    if (payload === undefined || !RESPONSES_TERMINAL_TYPES.has(String(payload['type']))) continue
    const response = payload['response']
    if (isJsonObject(response)) return { kind: 'json', status: 200, headers, body: response }
  }
  const error = payloads.find((payload) => payload['type'] === 'error')
  if (error !== undefined) return errorAnswer(error, headers)
  return {
    kind: 'unfoldable',
    reason:
      'the recorded stream ends before a response.completed, response.failed or ' +
      'response.incomplete event',
  }
}

interface ChoiceState {
  index: number
  role: JsonValue | undefined
  content: string | null
  refusal: string | null
  toolCalls: Map<number, { id?: JsonValue; type?: JsonValue; name: string; arguments: string }>
  finishReason: JsonValue
  logprobs: { content: JsonValue[]; refusal: JsonValue[] } | null
}

function foldChat(payloads: JsonObject[], headers: Record<string, string>, status: number): FoldResult {
  const errorChunk = payloads.find((payload) => isJsonObject(payload['error']))
  if (errorChunk !== undefined) return errorAnswer(errorChunk, headers)
  const first = payloads.find((payload) => Array.isArray(payload['choices']))
  if (first === undefined) {
    return { kind: 'unfoldable', reason: 'the recorded stream holds no chat completion chunk' }
  }

  const choices = new Map<number, ChoiceState>()
  let usage: JsonValue | undefined
  let systemFingerprint: JsonValue | undefined
  let serviceTier: JsonValue | undefined
  for (const payload of payloads) {
    if (isJsonObject(payload['usage'])) usage = payload['usage']
    if (payload['system_fingerprint'] !== undefined) systemFingerprint = payload['system_fingerprint']
    if (payload['service_tier'] !== undefined) serviceTier = payload['service_tier']
    const chunkChoices = payload['choices']
    if (!Array.isArray(chunkChoices)) continue
    for (const choice of chunkChoices) if (isJsonObject(choice)) addChoiceChunk(choices, choice)
  }

  const body: JsonObject = {
    id: first['id'] ?? null,
    object: 'chat.completion',
    created: first['created'] ?? null,
    model: first['model'] ?? null,
    choices: [...choices.values()].sort((a, b) => a.index - b.index).map(finishChoice),
  }
  if (usage !== undefined) body['usage'] = usage
  if (systemFingerprint !== undefined) body['system_fingerprint'] = systemFingerprint
  if (serviceTier !== undefined) body['service_tier'] = serviceTier
  return { kind: 'json', status, headers, body }
}

function addChoiceChunk(choices: Map<number, ChoiceState>, choice: JsonObject): void {
  const index = typeof choice['index'] === 'number' ? choice['index'] : 0
  let state = choices.get(index)
  if (state === undefined) {
    state = {
      index,
      role: undefined,
      content: null,
      refusal: null,
      toolCalls: new Map(),
      finishReason: null,
      logprobs: null,
    }
    choices.set(index, state)
  }
  const delta = isJsonObject(choice['delta']) ? choice['delta'] : {}
  if (typeof delta['role'] === 'string') state.role = delta['role']
  if (typeof delta['content'] === 'string') state.content = (state.content ?? '') + delta['content']
  if (typeof delta['refusal'] === 'string') state.refusal = (state.refusal ?? '') + delta['refusal']
  if (Array.isArray(delta['tool_calls'])) {
    for (const fragment of delta['tool_calls']) if (isJsonObject(fragment)) addToolCallFragment(state, fragment)
  }
  if (choice['finish_reason'] !== undefined && choice['finish_reason'] !== null) {
    state.finishReason = choice['finish_reason']
  }
  const logprobs = choice['logprobs']
  if (isJsonObject(logprobs)) {
    state.logprobs ??= { content: [], refusal: [] }
    if (Array.isArray(logprobs['content'])) state.logprobs.content.push(...logprobs['content'])
    if (Array.isArray(logprobs['refusal'])) state.logprobs.refusal.push(...logprobs['refusal'])
  }
}

function addToolCallFragment(state: ChoiceState, fragment: JsonObject): void {
  const index = typeof fragment['index'] === 'number' ? fragment['index'] : 0
  let call = state.toolCalls.get(index)
  if (call === undefined) {
    call = { name: '', arguments: '' }
    state.toolCalls.set(index, call)
  }
  if (fragment['id'] !== undefined) call.id = fragment['id']
  if (fragment['type'] !== undefined) call.type = fragment['type']
  const fn = fragment['function']
  if (isJsonObject(fn)) {
    if (typeof fn['name'] === 'string') call.name += fn['name']
    if (typeof fn['arguments'] === 'string') call.arguments += fn['arguments']
  }
}

function finishChoice(state: ChoiceState): JsonObject {
  const message: JsonObject = {
    role: state.role ?? 'assistant',
    content: state.content,
    refusal: state.refusal,
  }
  if (state.toolCalls.size > 0) {
    message['tool_calls'] = [...state.toolCalls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, call]) => ({
        id: call.id ?? null,
        type: call.type ?? 'function',
        function: { name: call.name, arguments: call.arguments },
      }))
  }
  const refusalLogprobs = state.logprobs?.refusal.length ? state.logprobs.refusal : null
  const logprobs =
    state.logprobs === null ? null : { content: state.logprobs.content, refusal: refusalLogprobs }
  return { index: state.index, message, logprobs, finish_reason: state.finishReason }
}

/** A recorded error event (nested or flat) as the HTTP error the same request would get. */
function errorAnswer(payload: JsonObject, headers: Record<string, string>): JsonAnswer {
  const inner = isJsonObject(payload['error']) ? payload['error'] : payload
  const code = typeof inner['code'] === 'string' ? inner['code'] : null
  const type =
    typeof inner['type'] === 'string' && inner['type'] !== 'error' ? inner['type'] : typeForCode(code)
  const status = typeof payload['status'] === 'number' ? payload['status'] : statusForCode(code, type)
  const body = openAiErrorBody({
    message: typeof inner['message'] === 'string' ? inner['message'] : 'The recorded stream failed.',
    type,
    code,
    param: typeof inner['param'] === 'string' ? inner['param'] : null,
  })
  return { kind: 'json', status, headers, body }
}

function typeForCode(code: string | null): string {
  if (code === 'rate_limit_exceeded' || code === 'insufficient_quota') return 'rate_limit_error'
  if (code === null || code === 'server_error') return 'server_error'
  return 'invalid_request_error'
}

function statusForCode(code: string | null, type: string): number {
  if (code === 'rate_limit_exceeded' || code === 'insufficient_quota') return 429
  if (type === 'invalid_request_error') return 400
  return 500
}

function withoutContentType(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'content-type') result[name] = value
  }
  return result
}

