/**
 * The inverse of expansion, for `tapedeck compact`: turn a recorded answer (a Responses event
 * stream, Chat chunks, or a JSON body) into the compact form, which expands again to a stream
 * the SDKs accumulate to the same output: same texts, reasoning summaries, refusals, tool
 * names, arguments and call_ids. Ids of the response are kept so recorded chains still refer
 * to them. Pure.
 *
 * @note What the compact form cannot say is dropped: annotations, logprobs, encrypted reasoning,
 * item types other than messages, reasoning and function calls, and the grouping of several
 * parts into one message.
 * @module
 */
import type { CompactError, CompactReply } from '../scenario/types.js'
import { isJsonObject, type JsonValue } from '../util/json.js'
import { compactChatChunks, compactChatCompletion } from './compact-chat.js'
import { compactResponse, compactResponsesEvents } from './compact-responses.js'

/** A recorded event: a cassette `SseEvent` or WebSocket frame (only `at` and `data` are read). */
export interface RecordedEvent {
  at?: number
  data?: JsonValue
  raw_data?: string
}

/**
 * Compact a recorded stream: Responses events (SSE or WebSocket frames) or Chat chunks.
 * `truncated` (the recording was cut) becomes `disconnect_after`; the offsets of the events
 * that carry tokens become `ttft_ms` and `tbt_ms`.
 *
 * @example
 * compactFromEvents(interaction.response.events, { truncated: interaction.response.truncated })
 * // { id: 'resp_…', model: 'gpt-5', text: 'Hello world', usage: {…}, ttft_ms: 310 }
 */
export function compactFromEvents(
  events: readonly RecordedEvent[],
  options: { truncated?: boolean } = {},
): CompactReply {
  const payloads = events.flatMap((event) => (isJsonObject(event.data) ? [event.data] : []))
  const isChat = payloads.some((payload) => payload['object'] === 'chat.completion.chunk')
  const reply = isChat ? compactChatChunks(payloads) : compactResponsesEvents(payloads)
  Object.assign(reply, timingOf(events, isChat))
  if (options.truncated === true && reply.fail_after === undefined) {
    reply.disconnect_after = payloads.length
  }
  return reply
}

/**
 * Compact a recorded JSON answer: a Response object, a `chat.completion`, or an error body
 * (give the HTTP status).
 *
 * @example
 * const error = { message: 'Slow down.', type: 'requests', code: 'rate_limit_exceeded', param: null }
 * compactFromBody({ error }, 429)
 * // { error: { status: 429, type: 'requests', code: 'rate_limit_exceeded',
 * //            message: 'Slow down.', param: null } }
 */
export function compactFromBody(body: JsonValue | undefined, status = 200): CompactReply {
  if (!isJsonObject(body)) return { text: '' }
  const error = body['error']
  if (status >= 400 && isJsonObject(error)) {
    const compact: CompactError = { status }
    if (typeof error['type'] === 'string') compact.type = error['type']
    if (typeof error['code'] === 'string' || error['code'] === null) compact.code = error['code']
    if (typeof error['message'] === 'string') compact.message = error['message']
    if (typeof error['param'] === 'string' || error['param'] === null) compact.param = error['param']
    return { error: compact }
  }
  if (body['object'] === 'chat.completion') return compactChatCompletion(body)
  return compactResponse(body, Array.isArray(body['output']) ? body['output'] : [])
}

/** `ttft_ms` and `tbt_ms` from the offsets of the events that carry tokens. */
function timingOf(
  events: readonly RecordedEvent[],
  isChat: boolean,
): Pick<CompactReply, 'ttft_ms' | 'tbt_ms'> {
  const carriesToken = (data: JsonValue | undefined): boolean => {
    if (!isJsonObject(data)) return false
    if (!isChat) return typeof data['type'] === 'string' && data['type'].endsWith('.delta')
    const choices = Array.isArray(data['choices']) ? data['choices'] : []
    return choices.some((choice) => isJsonObject(choice) && choice['finish_reason'] === null)
  }
  const start = events[0]?.at ?? 0
  const times = events.flatMap((event) =>
    carriesToken(event.data) && typeof event.at === 'number' ? [event.at] : [],
  )
  const first = times[0]
  if (first === undefined) return {}
  const timing: Pick<CompactReply, 'ttft_ms' | 'tbt_ms'> = {}
  if (first - start > 0) timing.ttft_ms = first - start
  const last = times.at(-1) ?? first
  if (times.length > 1 && last > first) timing.tbt_ms = Math.round((last - first) / (times.length - 1))
  return timing
}
