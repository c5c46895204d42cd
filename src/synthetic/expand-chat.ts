/**
 * Expand a compact reply into what Chat Completions would send: a `chat.completion` JSON body
 * or a chunk stream ending in `data: [DONE]` (openai-wire-protocol.md §3). Pure.
 *
 * @note Real chunks carry explicit nulls (`finish_reason`, `logprobs`), a role chunk first,
 * `index` on every tool-call fragment with id, type and name on the first one, and a usage
 * chunk (`choices: []`) only when `stream_options.include_usage` is set.
 * @module
 */
import { reasoningSummary, replyItems, toolCallArguments } from '../scenario/reply-items.js'
import { requestText } from '../scenario/request-text.js'
import type { Chunking, CompactReply } from '../scenario/types.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { splitArguments, splitIntoChunks } from './chunking.js'
import { errorBody, errorHeaders, failureFields, upFrontError } from './error-replies.js'
import { chatCompletionId, requestIdFor, syntheticCreatedAt, toolCallId } from './ids.js'
import { tokenLogprob } from './logprobs.js'
import { emptyChunkObfuscation, obfuscationFor } from './obfuscation.js'
import { responseModel } from './response-object.js'
import { createSeededRandom, sha256Hex, type SeededRandom } from './seeded-random.js'
import { createTimeline } from './timing.js'
import type { SynthesisContext, SyntheticAnswer, SyntheticEvent } from './types.js'
import { chatUsage, countUsage } from './usage.js'

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8'

/** The message a reply stands for, in Chat terms. */
interface ChatPlan {
  id: string
  created: number
  model: string
  fingerprint: string
  text: string | undefined
  refusal: string | undefined
  toolCalls: Array<{ id: string; name: string; arguments: string }>
  finishReason: string
  usage: JsonObject
}

/** How the request wants the answer dressed. */
interface ChatStyle {
  chunking: Chunking | undefined
  /** Alternatives per token when the request asks for logprobs, else undefined. */
  logprobs: number | undefined
  random: SeededRandom
}

/** A chunk before its header, usage and obfuscation are added. */
interface ChunkDraft {
  choices: JsonValue[]
  /** The text the chunk carries (obfuscation pads it); undefined for chunks without text. */
  text: string | undefined
  token: boolean
  usage?: JsonObject
}

/**
 * Expand `reply` for a Chat Completions request. Texts of several `text` items are joined with
 * a blank line; reasoning only counts as reasoning tokens (Chat streams carry no summaries).
 *
 * @example
 * const request = { model: 'gpt-5', messages: [], stream: true }
 * const answer = expandChat({ text: 'Hi there' }, { request, seed: 's', stream: true })
 * answer.kind === 'stream' && answer.events.at(-1) // { at: 0, raw_data: '[DONE]' }
 */
export function expandChat(reply: CompactReply, context: SynthesisContext): SyntheticAnswer {
  const { request, seed } = context
  const requestId = requestIdFor(seed)
  const jsonHeaders = { 'content-type': 'application/json', 'x-request-id': requestId }
  const error = upFrontError(reply, context.stream, requestId)
  if (error !== undefined) {
    const headers = { ...jsonHeaders, ...errorHeaders(error) }
    return { kind: 'json', status: error.status, headers, body: errorBody(error) }
  }
  const plan = planChat(reply, context)
  const style: ChatStyle = {
    chunking: reply.chunking,
    logprobs: request['logprobs'] === true ? numberOr(request['top_logprobs'], 0) : undefined,
    random: createSeededRandom(`${seed}\u0000stream`),
  }
  const extraHeaders = reply.headers ?? {}
  if (!context.stream) {
    const headers = { ...jsonHeaders, ...extraHeaders }
    if (reply.disconnect_after !== undefined) {
      return { kind: 'stream', status: 200, headers, events: [], truncated: true }
    }
    return { kind: 'json', status: 200, headers, body: completionBody(plan, style) }
  }
  const headers = { 'content-type': SSE_CONTENT_TYPE, 'x-request-id': requestId, ...extraHeaders }
  const events = streamEvents(reply, plan, style, request, requestId)
  return { kind: 'stream', status: 200, headers, events, truncated: reply.disconnect_after !== undefined }
}

function planChat(reply: CompactReply, context: SynthesisContext): ChatPlan {
  const { request, seed } = context
  const texts: string[] = []
  const refusals: string[] = []
  const reasoning: string[] = []
  const toolCalls: ChatPlan['toolCalls'] = []
  for (const item of replyItems(reply)) {
    if ('text' in item) texts.push(item.text)
    else if ('refusal' in item) refusals.push(item.refusal)
    else if ('reasoning' in item) reasoning.push(...reasoningSummary(item.reasoning))
    else {
      const call = item.tool_call
      const id = call.call_id ?? toolCallId(seed, toolCalls.length)
      toolCalls.push({ id, name: call.name, arguments: toolCallArguments(call) })
    }
  }
  const text = texts.length > 0 ? texts.join('\n\n') : undefined
  const refusal = refusals.length > 0 ? refusals.join('\n\n') : undefined
  const visibleText = [text ?? '', refusal ?? '', ...toolCalls.flatMap((call) => [call.name, call.arguments])]
  const counts = countUsage({
    inputText: requestText(request),
    visibleText,
    reasoningText: reasoning,
    override: reply.usage,
  })
  return {
    id: reply.id ?? chatCompletionId(seed),
    created: syntheticCreatedAt(seed),
    model: responseModel(request, reply.model),
    fingerprint: `fp_${sha256Hex(`${seed}\u0000fingerprint`).slice(0, 10)}`,
    text,
    refusal,
    toolCalls,
    finishReason: finishReasonOf(reply, toolCalls.length > 0),
    usage: chatUsage(counts),
  }
}

function finishReasonOf(reply: CompactReply, callsTools: boolean): string {
  if (reply.incomplete === 'max_output_tokens') return 'length'
  if (reply.incomplete === 'content_filter') return 'content_filter'
  return callsTools ? 'tool_calls' : 'stop'
}

function streamEvents(
  reply: CompactReply,
  plan: ChatPlan,
  style: ChatStyle,
  request: JsonObject,
  requestId: string,
): SyntheticEvent[] {
  const streamOptions = isJsonObject(request['stream_options']) ? request['stream_options'] : {}
  const includeUsage = streamOptions['include_usage'] === true
  const obfuscate = streamOptions['include_obfuscation'] !== false
  const drafts = chunkDrafts(plan, style)
  if (includeUsage) drafts.push({ choices: [], text: undefined, token: false, usage: plan.usage })
  const timeline = createTimeline(reply)
  const toEvent = (draft: ChunkDraft): SyntheticEvent => {
    const chunk: JsonObject = {
      id: plan.id,
      object: 'chat.completion.chunk',
      created: plan.created,
      model: plan.model,
      service_tier: 'default',
      system_fingerprint: plan.fingerprint,
      choices: draft.choices,
    }
    if (includeUsage) chunk['usage'] = draft.usage ?? null
    if (obfuscate) {
      const { text } = draft
      chunk['obfuscation'] =
        text === undefined ? emptyChunkObfuscation(style.random) : obfuscationFor(text, style.random)
    }
    return { at: timeline.next(draft.token), data: structuredClone(chunk) }
  }
  if (reply.fail_after !== undefined) {
    const kept = drafts.slice(0, reply.fail_after).map(toEvent)
    const failure = failureFields(reply.fail_with, requestId)
    const error = { message: failure.message, type: 'server_error', param: null, code: failure.code }
    return [...kept, { at: kept.at(-1)?.at ?? 0, data: { error } }]
  }
  const events = drafts.map(toEvent)
  events.push({ at: events.at(-1)?.at ?? 0, raw_data: '[DONE]' })
  return reply.disconnect_after === undefined ? events : events.slice(0, reply.disconnect_after)
}

function chunkDrafts(plan: ChatPlan, style: ChatStyle): ChunkDraft[] {
  const choice = (delta: JsonObject, logprobs: JsonValue = null, finish: string | null = null) => [
    { index: 0, delta, logprobs, finish_reason: finish },
  ]
  const speaks = plan.text !== undefined || (plan.refusal === undefined && plan.toolCalls.length === 0)
  const role = { role: 'assistant', content: speaks ? '' : null, refusal: null }
  const drafts: ChunkDraft[] = [{ choices: choice(role), text: '', token: true }]
  for (const piece of splitIntoChunks(plan.text ?? '', style.chunking)) {
    const logprobs =
      style.logprobs === undefined
        ? null
        : { content: [tokenLogprob(piece, style.logprobs, style.random).full], refusal: null }
    drafts.push({ choices: choice({ content: piece }, logprobs), text: piece, token: true })
  }
  for (const piece of splitIntoChunks(plan.refusal ?? '', style.chunking)) {
    drafts.push({ choices: choice({ refusal: piece }), text: piece, token: true })
  }
  plan.toolCalls.forEach((call, index) => {
    const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }
    drafts.push({ choices: choice({ tool_calls: [opening] }), text: call.name, token: true })
    for (const piece of splitArguments(call.arguments, style.chunking)) {
      const fragment = { index, function: { arguments: piece } }
      drafts.push({ choices: choice({ tool_calls: [fragment] }), text: piece, token: true })
    }
  })
  drafts.push({ choices: choice({}, null, plan.finishReason), text: undefined, token: false })
  return drafts
}

function completionBody(plan: ChatPlan, style: ChatStyle): JsonObject {
  const message: JsonObject = {
    role: 'assistant',
    content: plan.text ?? null,
    refusal: plan.refusal ?? null,
    annotations: [],
  }
  if (plan.toolCalls.length > 0) {
    message['tool_calls'] = plan.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }))
  }
  const tokens = (text: string | undefined, alternatives: number) => {
    if (text === undefined) return null
    const pieces = splitIntoChunks(text, style.chunking)
    return pieces.map((piece) => tokenLogprob(piece, alternatives, style.random).full)
  }
  const logprobs =
    style.logprobs === undefined
      ? null
      : { content: tokens(plan.text, style.logprobs), refusal: tokens(plan.refusal, style.logprobs) }
  return {
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    choices: [{ index: 0, message, logprobs, finish_reason: plan.finishReason }],
    usage: plan.usage,
    service_tier: 'default',
    system_fingerprint: plan.fingerprint,
  }
}

function numberOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback
}
