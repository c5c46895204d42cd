/**
 * Compaction of Chat Completions answers: a chunk stream or a `chat.completion`. Pure.
 * @module
 */
import type { CompactReply } from '../scenario/types.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import {
  compactFailure,
  compactToolCall,
  compactUsage,
  objectOr,
  objectsOf,
  stringOr,
} from './compact-parts.js'

/** A tool call put together from its fragments. */
interface AssembledCall {
  id?: string
  name: string
  arguments: string
}

/** What a choice said, whichever way it arrived. */
interface ChatMessage {
  content: string | undefined
  refusal: string | undefined
  calls: AssembledCall[]
  finishReason: string | undefined
}

/**
 * Compact the chunks of a Chat stream (the first choice). An `error` chunk becomes
 * `fail_after` at its index.
 *
 * @example
 * compactChatChunks(chunks) // { id: 'chatcmpl-…', model: 'gpt-4o', text: 'Hi there', usage: {…} }
 */
export function compactChatChunks(payloads: readonly JsonObject[]): CompactReply {
  const errorIndex = payloads.findIndex((payload) => isJsonObject(payload['error']))
  const considered = errorIndex === -1 ? payloads : payloads.slice(0, errorIndex)
  const message: ChatMessage = { content: undefined, refusal: undefined, calls: [], finishReason: undefined }
  for (const chunk of considered) {
    const choice = objectsOf(chunk['choices'])[0]
    if (choice === undefined) continue
    addDelta(message, objectOr(choice['delta']))
    if (typeof choice['finish_reason'] === 'string') message.finishReason = choice['finish_reason']
  }
  const usage = considered.find((chunk) => isJsonObject(chunk['usage']))?.['usage']
  const reply = chatReply(considered[0] ?? {}, message, usage)
  const errorChunk = payloads[errorIndex]
  if (errorChunk !== undefined) {
    reply.fail_after = errorIndex
    reply.fail_with = compactFailure(errorChunk, false)
  }
  return reply
}

/**
 * Compact a `chat.completion` body (the first choice).
 *
 * @example
 * compactChatCompletion(body) // { id: 'chatcmpl-1', model: 'gpt-4o', refusal: 'No.' }
 */
export function compactChatCompletion(body: JsonObject): CompactReply {
  const choice = objectsOf(body['choices'])[0] ?? {}
  const message = objectOr(choice['message'])
  const calls = objectsOf(message['tool_calls']).map((call): AssembledCall => {
    const fn = objectOr(call['function'])
    const assembled: AssembledCall = { name: stringOr(fn['name']), arguments: stringOr(fn['arguments']) }
    if (typeof call['id'] === 'string') assembled.id = call['id']
    return assembled
  })
  const said: ChatMessage = {
    content: typeof message['content'] === 'string' ? message['content'] : undefined,
    refusal: typeof message['refusal'] === 'string' ? message['refusal'] : undefined,
    calls,
    finishReason: typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : undefined,
  }
  return chatReply(body, said, body['usage'])
}

function addDelta(message: ChatMessage, delta: JsonObject): void {
  const content = delta['content']
  // The role chunk's `content: ""` is not text yet: a reply with only tool calls has none.
  if (typeof content === 'string' && (content !== '' || message.content !== undefined)) {
    message.content = (message.content ?? '') + content
  }
  if (typeof delta['refusal'] === 'string') message.refusal = (message.refusal ?? '') + delta['refusal']
  for (const fragment of objectsOf(delta['tool_calls'])) {
    const index = typeof fragment['index'] === 'number' ? fragment['index'] : 0
    const call = (message.calls[index] ??= { name: '', arguments: '' })
    if (typeof fragment['id'] === 'string') call.id = fragment['id']
    const fn = objectOr(fragment['function'])
    if (typeof fn['name'] === 'string' && fn['name'] !== '') call.name = fn['name']
    if (typeof fn['arguments'] === 'string') call.arguments += fn['arguments']
  }
}

function chatReply(header: JsonObject, message: ChatMessage, usage: JsonValue | undefined): CompactReply {
  const reply: CompactReply = {}
  if (typeof header['id'] === 'string') reply.id = header['id']
  if (typeof header['model'] === 'string') reply.model = header['model']
  const { content, refusal, calls } = message
  if (content !== undefined) reply.text = content
  if (refusal !== undefined) reply.refusal = refusal
  if (calls.length > 0) {
    reply.tool_calls = calls.map((call) => compactToolCall(call.name, call.arguments, call.id))
  }
  if (content === undefined && refusal === undefined && calls.length === 0) reply.text = ''
  if (message.finishReason === 'length') reply.incomplete = 'max_output_tokens'
  if (message.finishReason === 'content_filter') reply.incomplete = 'content_filter'
  const counts = compactUsage(usage, 'prompt', 'completion')
  if (counts !== undefined) reply.usage = counts
  return reply
}
