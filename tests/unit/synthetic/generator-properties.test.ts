import type { ChatCompletion } from 'openai/resources/chat/completions'
import type { Response as OpenAiResponse } from 'openai/resources/responses/responses'
import { describe, expect, it } from 'vitest'
import { replyItems } from '../../../src/scenario/reply-items.js'
import type { CompactReply } from '../../../src/scenario/types.js'
import { compactFromEvents } from '../../../src/synthetic/compact-from-recording.js'
import { expandChat } from '../../../src/synthetic/expand-chat.js'
import { expandResponses } from '../../../src/synthetic/expand-responses.js'
import type { JsonObject } from '../../../src/util/json.js'
import { expectedCall, expectedResponsesOutput, randomReply, randomRequestOptions } from './random-replies.js'
import { chatViolations, responsesViolations, sdkFinalChatCompletion, sdkFinalResponse } from './sdk-harness.js'

const CASES = 40

/** The parts of a final Response that the compact form decides. */
function accumulatedOutput(response: OpenAiResponse): unknown[] {
  return response.output.map((item) => {
    if (item.type === 'message') {
      const texts = item.content.flatMap((part) => (part.type === 'output_text' ? [part.text] : []))
      const refusals = item.content.flatMap((part) => (part.type === 'refusal' ? [part.refusal] : []))
      return texts.length > 0 ? { type: 'message', texts } : { type: 'message', refusals }
    }
    if (item.type === 'reasoning') return { type: 'reasoning', summary: item.summary.map((part) => part.text) }
    if (item.type === 'function_call') return { type: 'function_call', name: item.name, arguments: item.arguments, call_id: item.call_id }
    return { type: item.type }
  })
}

/** The expected output, with generated call_ids accepted as they come. */
function withGeneratedCallIds(expected: unknown[], actual: unknown[]): unknown[] {
  return expected.map((entry, index) => {
    const got = actual[index] as { call_id?: string } | undefined
    if (typeof entry === 'object' && entry !== null && (entry as { type?: string }).type === 'function_call' && !('call_id' in entry)) {
      return { ...entry, call_id: got?.call_id?.startsWith('call_') ? got.call_id : 'a generated call_…' }
    }
    return entry
  })
}

function expectedChat(reply: CompactReply): { content: string | null; refusal: string | null; calls: unknown[] } {
  const items = replyItems(reply)
  const texts = items.flatMap((item) => ('text' in item ? [item.text] : []))
  const refusals = items.flatMap((item) => ('refusal' in item ? [item.refusal] : []))
  const calls = items.flatMap((item) => ('tool_call' in item ? [expectedCall(item.tool_call)] : []))
  return {
    content: texts.length > 0 && texts.join('\n\n') !== '' ? texts.join('\n\n') : null,
    refusal: refusals.length > 0 && refusals.join('\n\n') !== '' ? refusals.join('\n\n') : null,
    calls,
  }
}

function accumulatedChat(completion: ChatCompletion): { content: string | null; refusal: string | null; calls: unknown[] } {
  const message = completion.choices[0]?.message
  const calls = (message?.tool_calls ?? []).map((call) => {
    if (call.type !== 'function') return {}
    return { name: call.function.name, arguments: call.function.arguments, call_id: call.id }
  })
  return { content: message?.content || null, refusal: message?.refusal || null, calls }
}

function chatCallsMatch(expected: unknown[], actual: unknown[]): unknown[] {
  return expected.map((entry, index) => {
    const got = actual[index] as { call_id?: string } | undefined
    return 'call_id' in (entry as object) ? entry : { ...(entry as object), call_id: got?.call_id }
  })
}

describe('generated streams, for many random replies', () => {
  it('pass the strict validator and accumulate in responses.stream() to the compact form', async () => {
    for (let index = 0; index < CASES; index++) {
      const seed = `property/${index}`
      const reply = randomReply(seed)
      const request: JsonObject = { model: 'gpt-5.5', input: 'go', stream: true, ...randomRequestOptions(seed) }
      const answer = expandResponses(reply, { request, seed, stream: true })
      expect(responsesViolations(answer), `${seed}: ${JSON.stringify(reply)}`).toEqual([])
      const websocket = expandResponses(reply, { request, seed, stream: true, transport: 'websocket' })
      expect(responsesViolations(websocket, true), seed).toEqual([])
      const json = expandResponses(reply, { request, seed, stream: false })
      expect(responsesViolations(json), seed).toEqual([])
      const actual = accumulatedOutput(await sdkFinalResponse(answer, request))
      expect(actual, `${seed}: ${JSON.stringify(reply)}`).toEqual(withGeneratedCallIds(expectedResponsesOutput(reply), actual))
    }
  })

  it('pass the strict validator and accumulate in chat.completions.stream() to the compact form', async () => {
    for (let index = 0; index < CASES; index++) {
      const seed = `property/${index}`
      const reply = randomReply(seed)
      const includeUsage = index % 2 === 0
      const request: JsonObject = { model: 'gpt-5.5', messages: [{ role: 'user', content: 'go' }], stream: true, stream_options: { include_usage: includeUsage } }
      if (index % 3 === 0) request['logprobs'] = true
      const answer = expandChat(reply, { request, seed, stream: true })
      expect(chatViolations(answer, includeUsage), `${seed}: ${JSON.stringify(reply)}`).toEqual([])
      expect(chatViolations(expandChat(reply, { request, seed, stream: false }), false), seed).toEqual([])
      const actual = accumulatedChat(await sdkFinalChatCompletion(answer, request))
      const expected = expectedChat(reply)
      expect({ ...actual, calls: actual.calls }, `${seed}: ${JSON.stringify(reply)}`).toEqual({ ...expected, calls: chatCallsMatch(expected.calls, actual.calls) })
    }
  })

  it('compact back to a reply whose expansion accumulates to the same output', async () => {
    for (let index = 0; index < CASES; index++) {
      const seed = `property/${index}`
      const reply = randomReply(seed)
      const request: JsonObject = { model: 'gpt-5.5', input: 'go', stream: true }
      const original = expandResponses(reply, { request, seed, stream: true })
      if (original.kind !== 'stream') throw new Error('expected a stream')
      const compacted = compactFromEvents(original.events)
      const again = expandResponses(compacted, { request, seed: `${seed}/again`, stream: true })
      const before = await sdkFinalResponse(original, request)
      const after = await sdkFinalResponse(again, request)
      expect(accumulatedOutput(after), `${seed}: ${JSON.stringify(compacted)}`).toEqual(accumulatedOutput(before))
      expect(after.id).toBe(before.id)
      expect(after.usage).toEqual(before.usage)

      const chatRequest: JsonObject = { model: 'gpt-5.5', messages: [{ role: 'user', content: 'go' }], stream: true }
      const chat = expandChat(reply, { request: chatRequest, seed, stream: true })
      if (chat.kind !== 'stream') throw new Error('expected a stream')
      const chatAgain = expandChat(compactFromEvents(chat.events), { request: chatRequest, seed: `${seed}/again`, stream: true })
      expect(accumulatedChat(await sdkFinalChatCompletion(chatAgain, chatRequest))).toEqual(accumulatedChat(await sdkFinalChatCompletion(chat, chatRequest)))
    }
  })
})
