/**
 * Chat Completions output of the fake upstream (wire reference §3): explicit `null`s, a role
 * chunk first, `index` on every tool-call fragment, one `finish_reason`, the usage chunk only
 * with `stream_options.include_usage`, `obfuscation` unless turned off. `[DONE]` is added by the
 * writer.
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../../../src/util/json.js'
import { FAKE_CREATED_AT, type IdSet } from './ids.js'
import { splitEvery, splitIntoDeltas, type Script } from './script.js'

/** Everything needed to build one completion. */
export interface ChatPlan {
  ids: IdSet
  body: JsonObject
  script: Script
}

/** Whether the request asked for a tool call the fake can make (tools given and `[tool:NAME]`). */
function toolCall(plan: ChatPlan): { id: string; name: string; args: string } | undefined {
  const tools = plan.body['tools']
  if (plan.script.tool === undefined || !Array.isArray(tools) || tools.length === 0) return undefined
  return { id: plan.ids.id('call_'), name: plan.script.tool, args: JSON.stringify({ input: plan.script.userText }) }
}

/**
 * A non-streaming `chat.completion`.
 *
 * @example
 * buildChatCompletion(plan)['object'] // 'chat.completion'
 */
export function buildChatCompletion(plan: ChatPlan): JsonObject {
  const call = toolCall(plan)
  const message: JsonObject = call
    ? {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [{ id: call.id, type: 'function', function: { name: call.name, arguments: call.args } }],
        annotations: [],
      }
    : { role: 'assistant', content: plan.script.reply, refusal: null, annotations: [] }
  const pieces = call ? splitEvery(call.args, 8) : splitIntoDeltas(plan.script.reply)
  return {
    id: plan.ids.id('chatcmpl-'),
    object: 'chat.completion',
    created: FAKE_CREATED_AT,
    model: model(plan),
    choices: [{ index: 0, message, logprobs: null, finish_reason: call ? 'tool_calls' : 'stop' }],
    usage: usage(plan, pieces.length),
    service_tier: 'default',
    system_fingerprint: 'fp_fake',
  }
}

/**
 * The chunks of a streamed completion, without the final `[DONE]`.
 *
 * @example
 * buildChatChunks(plan)[0]['choices'] // [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, … }]
 */
export function buildChatChunks(plan: ChatPlan): JsonObject[] {
  const call = toolCall(plan)
  const includeUsage = streamOption(plan.body, 'include_usage') === true
  const obfuscate = streamOption(plan.body, 'include_obfuscation') !== false
  const id = plan.ids.id('chatcmpl-')
  const chunks: JsonObject[] = []
  const push = (choices: JsonValue[], extra: JsonObject = {}) => {
    const chunk: JsonObject = {
      id,
      object: 'chat.completion.chunk',
      created: FAKE_CREATED_AT,
      model: model(plan),
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
      choices,
    }
    if (includeUsage) chunk['usage'] = null
    Object.assign(chunk, extra)
    if (obfuscate) chunk['obfuscation'] = plan.ids.obfuscation(chunks.length)
    chunks.push(chunk)
  }
  const choice = (delta: JsonObject, finishReason: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finishReason,
  })
  let pieceCount: number
  if (call) {
    const pieces = splitEvery(call.args, 8)
    pieceCount = pieces.length
    const first = { index: 0, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }
    push([choice({ role: 'assistant', content: null, refusal: null, tool_calls: [first] })])
    for (const piece of pieces) push([choice({ tool_calls: [{ index: 0, function: { arguments: piece } }] })])
    push([choice({}, 'tool_calls')])
  } else {
    const pieces = splitIntoDeltas(plan.script.reply)
    pieceCount = pieces.length
    push([choice({ role: 'assistant', content: '', refusal: null })])
    for (const piece of pieces) push([choice({ content: piece })])
    push([choice({}, 'stop')])
  }
  if (includeUsage) push([], { usage: usage(plan, pieceCount) })
  return chunks
}

function model(plan: ChatPlan): JsonValue {
  return plan.body['model'] ?? 'gpt-fake'
}

function streamOption(body: JsonObject, key: string): JsonValue | undefined {
  const options = body['stream_options']
  return isJsonObject(options) ? options[key] : undefined
}

function usage(plan: ChatPlan, completionTokens: number): JsonObject {
  const promptTokens = Math.max(1, Math.ceil(JSON.stringify(plan.body['messages'] ?? '').length / 4))
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }
}
