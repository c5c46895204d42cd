/**
 * Expand a compact reply into what the Responses API would send: one JSON Response, an SSE
 * event stream, or WebSocket frames (the same events). Deterministic: everything derives from
 * the reply, the request and the seed. Pure.
 * @module
 */
import { requestText } from '../scenario/request-text.js'
import type { CompactError, CompactReply } from '../scenario/types.js'
import { isJsonObject, type JsonObject } from '../util/json.js'
import { errorBody, errorFields, errorHeaders, failureFields, upFrontError } from './error-replies.js'
import { requestIdFor, syntheticCreatedAt, syntheticId } from './ids.js'
import type { ItemStreamOptions } from './item-events.js'
import { includes, planReplyItems, type PlannedItem } from './planned-items.js'
import { buildResponseDrafts, failDrafts, toSyntheticEvents, type StreamEnding } from './response-drafts.js'
import { responseModel, responseShell } from './response-object.js'
import { createSeededRandom } from './seeded-random.js'
import { createTimeline } from './timing.js'
import type { SynthesisContext, SyntheticAnswer } from './types.js'
import { countUsage, responsesUsage } from './usage.js'

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8' }
const JSON_HEADERS = { 'content-type': 'application/json' }

/**
 * Expand `reply` for a Responses request.
 *
 * - `error`: an HTTP error (JSON body, defaults by status); over WebSocket one nested error frame.
 * - `fail_after: N`: N events, an `error` event, then `response.failed`; with N = 0, or for a
 *   request that does not stream, an HTTP 500 (over WebSocket a nested error frame) instead.
 * - `disconnect_after: N`: N events, then the connection drops (`truncated: true`).
 *
 * @example
 * const request = { model: 'gpt-5', input: 'Hi', stream: true }
 * const answer = expandResponses({ text: 'Hello world' }, { request, seed: 'demo#0', stream: true })
 * answer.kind === 'stream' && answer.events.map((event) => event.event)
 * // ['response.created', 'response.in_progress', 'response.output_item.added',
 * //  'response.content_part.added', 'response.output_text.delta', 'response.output_text.delta',
 * //  'response.output_text.done', 'response.content_part.done', 'response.output_item.done',
 * //  'response.completed']
 */
export function expandResponses(reply: CompactReply, context: SynthesisContext): SyntheticAnswer {
  const { request, seed } = context
  const requestId = requestIdFor(seed)
  const websocket = context.transport === 'websocket'
  const error = upFrontError(reply, context.stream || websocket, requestId)
  if (error !== undefined) return errorAnswer(error, requestId, websocket)

  const items = planReplyItems(reply, seed, request)
  const shell = responseShell(request, {
    id: reply.id ?? syntheticId('resp', seed, 'response'),
    createdAt: syntheticCreatedAt(seed),
    model: responseModel(request, reply.model),
  })
  const options = streamOptions(request, reply, seed)
  const ending = endingOf(reply, items, request)
  const { drafts, final } = buildResponseDrafts(items, shell, options, ending)
  const headers = { 'x-request-id': requestId, ...(reply.headers ?? {}) }

  if (!context.stream && !websocket) {
    const jsonHeaders = { ...JSON_HEADERS, ...headers }
    if (reply.disconnect_after !== undefined) {
      return { kind: 'stream', status: 200, headers: jsonHeaders, events: [], truncated: true }
    }
    return { kind: 'json', status: 200, headers: jsonHeaders, body: structuredClone(final) }
  }

  let sent = drafts
  if (reply.fail_after !== undefined) {
    const failure = failureFields(reply.fail_with, requestId)
    sent = failDrafts(drafts, reply.fail_after, shell, failure, reply.fail_with?.shape ?? 'flat')
  } else if (reply.disconnect_after !== undefined) {
    sent = drafts.slice(0, reply.disconnect_after)
  }
  return {
    kind: 'stream',
    status: 200,
    headers: websocket ? headers : { ...SSE_HEADERS, ...headers },
    events: toSyntheticEvents(sent, createTimeline(reply), !websocket),
    truncated: reply.disconnect_after !== undefined,
  }
}

function errorAnswer(error: CompactError, requestId: string, websocket: boolean): SyntheticAnswer {
  if (websocket) {
    const frame = { type: 'error', status: error.status, error: { ...errorFields(error) } }
    return { kind: 'stream', status: 200, headers: {}, events: [{ at: 0, data: frame }], truncated: false }
  }
  const headers = { ...JSON_HEADERS, 'x-request-id': requestId, ...errorHeaders(error) }
  return { kind: 'json', status: error.status, headers, body: errorBody(error) }
}

/**
 * Stream options from the request: obfuscation unless `stream_options.include_obfuscation` is
 * false; logprobs when `include` asks for them, with `top_logprobs` alternatives.
 *
 * @example
 * const request = { include: ['message.output_text.logprobs'], top_logprobs: 2 }
 * streamOptions(request, {}, 's').topLogprobs // 2
 */
export function streamOptions(
  request: JsonObject,
  reply: CompactReply,
  seed: string,
): ItemStreamOptions {
  const streamOpts = isJsonObject(request['stream_options']) ? request['stream_options'] : {}
  const top = typeof request['top_logprobs'] === 'number' ? request['top_logprobs'] : 0
  const options: ItemStreamOptions = {
    obfuscation: streamOpts['include_obfuscation'] !== false,
    topLogprobs: includes(request, 'message.output_text.logprobs') ? top : undefined,
    random: createSeededRandom(`${seed}\u0000stream`),
  }
  if (reply.chunking !== undefined) options.chunking = reply.chunking
  return options
}

function endingOf(
  reply: CompactReply,
  items: readonly PlannedItem[],
  request: JsonObject,
): StreamEnding {
  const visibleText: string[] = []
  const reasoningText: string[] = []
  for (const item of items) {
    if (item.type === 'message') {
      for (const part of item.parts) {
        visibleText.push(part.type === 'refusal' ? part.refusal : part.text)
      }
    } else if (item.type === 'function_call') {
      visibleText.push(item.name, item.arguments)
    } else if (item.type === 'reasoning') {
      reasoningText.push(...item.summary)
    }
  }
  const inputText = requestText(request)
  const usage = responsesUsage(countUsage({ inputText, visibleText, reasoningText, override: reply.usage }))
  if (reply.incomplete !== undefined) {
    return {
      type: 'response.incomplete',
      patch: { status: 'incomplete', incomplete_details: { reason: reply.incomplete }, usage },
      lastItemStatus: 'incomplete',
    }
  }
  return { type: 'response.completed', patch: { status: 'completed', usage }, lastItemStatus: 'completed' }
}
