/**
 * One entry point for both endpoints, and the cassette form of a synthetic answer (what
 * `tapedeck expand` writes). Pure.
 * @module
 */
import type { HttpInteraction, RecordedRequest, SseInteraction } from '../cassette/model.js'
import type { CompactReply } from '../scenario/types.js'
import { expandChat } from './expand-chat.js'
import { expandResponses } from './expand-responses.js'
import type { SynthesisContext, SyntheticAnswer } from './types.js'

/**
 * Expand `reply` for the endpoint that asked.
 *
 * @example
 * expandReply('chat', { text: 'Hi' }, { request, seed: hit.seed, stream: request.stream === true })
 */
export function expandReply(
  endpoint: 'responses' | 'chat',
  reply: CompactReply,
  context: SynthesisContext,
): SyntheticAnswer {
  return endpoint === 'chat' ? expandChat(reply, context) : expandResponses(reply, context)
}

/**
 * A synthetic HTTP answer as a cassette interaction, marked `synthetic: true`. A stream
 * becomes an `sse` interaction (keeping `truncated`), a JSON body an `http` one.
 *
 * @example
 * const request = { method: 'POST', path: '/v1/responses', body }
 * answerToInteraction(expandReply('responses', reply, context), request)
 * // { transport: 'sse', synthetic: true, request: {…},
 * //   response: { status: 200, headers: {…}, events: [...] } }
 */
export function answerToInteraction(
  answer: SyntheticAnswer,
  request: RecordedRequest,
): HttpInteraction | SseInteraction {
  const { status, headers } = answer
  if (answer.kind === 'json') {
    return { transport: 'http', synthetic: true, request, response: { status, headers, body: answer.body } }
  }
  const response: SseInteraction['response'] = { status, headers, events: answer.events }
  if (answer.truncated) response.truncated = true
  return { transport: 'sse', synthetic: true, request, response }
}
