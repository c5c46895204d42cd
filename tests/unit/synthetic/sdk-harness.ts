/**
 * Test plumbing: feed a synthetic answer to the real openai SDK (7.57.0) through a custom
 * `fetch`, so its stream accumulators (`responses.stream()`, `chat.completions.stream()`) judge
 * the exact bytes a transport would send.
 */
import OpenAI from 'openai'
import type { ChatCompletion } from 'openai/resources/chat/completions'
import type { Response as OpenAiResponse } from 'openai/resources/responses/responses'
import { encodeSseEvent } from '../../../src/protocol/sse-codec.js'
import type { SyntheticAnswer, SyntheticEvent } from '../../../src/synthetic/types.js'
import type { JsonObject } from '../../../src/util/json.js'
import { validateChatChunks, validateJsonBody, validateResponsesEvents } from '../../../src/validation/index.js'

/** The SSE body of a synthetic stream, as a transport writes it. */
export function sseBody(events: readonly SyntheticEvent[]): string {
  return events.map((event) => encodeSseEvent(event)).join('')
}

/** An OpenAI client whose every request is answered with `answer`. */
export function clientAnswering(answer: SyntheticAnswer): OpenAI {
  const body = answer.kind === 'json' ? JSON.stringify(answer.body) : sseBody(answer.events)
  return new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://127.0.0.1:9/v1',
    maxRetries: 0,
    fetch: async () => new Response(body, { status: answer.status, headers: answer.headers }),
  })
}

/** What `client.responses.stream(request).finalResponse()` makes of the answer. */
export async function sdkFinalResponse(answer: SyntheticAnswer, request: JsonObject): Promise<OpenAiResponse> {
  const client = clientAnswering(answer)
  const stream = client.responses.stream(request as unknown as Parameters<typeof client.responses.stream>[0])
  return stream.finalResponse()
}

/** What `client.chat.completions.stream(request).finalChatCompletion()` makes of the answer. */
export async function sdkFinalChatCompletion(answer: SyntheticAnswer, request: JsonObject): Promise<ChatCompletion> {
  const client = clientAnswering(answer)
  const stream = client.chat.completions.stream(request as unknown as Parameters<typeof client.chat.completions.stream>[0])
  return stream.finalChatCompletion()
}

/** The JSON payloads of a stream's events (Chat's `[DONE]` left out). */
export function payloads(answer: SyntheticAnswer): JsonObject[] {
  if (answer.kind !== 'stream') throw new Error(`expected a stream, got ${answer.kind}`)
  return answer.events.flatMap((event) => ('data' in event ? [event.data] : []))
}

/** Violations of the strict validator for a synthetic Responses answer ([] when valid). */
export function responsesViolations(answer: SyntheticAnswer, websocket = false): string[] {
  const result =
    answer.kind === 'json'
      ? validateJsonBody(answer.status === 200 ? 'response' : 'error', answer.body, { profile: 'strict' })
      : validateResponsesEvents(payloads(answer), { profile: 'strict', truncated: answer.truncated, websocket })
  return result.violations.map((violation) => `${violation.rule} at ${violation.index}${violation.pointer}: ${violation.message}`)
}

/** Violations of the strict validator for a synthetic Chat answer ([] when valid). */
export function chatViolations(answer: SyntheticAnswer, includeUsage: boolean): string[] {
  const result =
    answer.kind === 'json'
      ? validateJsonBody(answer.status === 200 ? 'chat.completion' : 'error', answer.body, { profile: 'strict' })
      : validateChatChunks(
          answer.events.map((event) => ('data' in event ? event.data : '[DONE]' as const)),
          { profile: 'strict', includeUsage, truncated: answer.truncated },
        )
  return result.violations.map((violation) => `${violation.rule} at ${violation.index}${violation.pointer}: ${violation.message}`)
}
