/**
 * Test plumbing: random compact replies (from a seeded PRNG, so failures reproduce) and what
 * the SDKs must accumulate from them.
 */
import { replyItems } from '../../../src/scenario/reply-items.js'
import type { CompactOutputItem, CompactReply, CompactToolCall } from '../../../src/scenario/types.js'
import { createSeededRandom, type SeededRandom } from '../../../src/synthetic/seeded-random.js'
import type { JsonObject } from '../../../src/util/json.js'

const WORDS = ['hello', 'world', 'Paris', 'naïve', 'café', '👋', 'λx', '"quoted"', 'back\\slash', 'new\nline', 'tab\there', '', '  spaced  ', '中文', 'ok.']

function pick<T>(random: SeededRandom, list: readonly T[]): T {
  const value = list[random.int(list.length)]
  if (value === undefined) throw new Error('empty list')
  return value
}

function text(random: SeededRandom): string {
  const length = random.int(8)
  return Array.from({ length }, () => pick(random, WORDS)).join(pick(random, [' ', '', '  ', '\n']))
}

function toolCall(random: SeededRandom, index: number): CompactToolCall {
  const call: CompactToolCall = { name: pick(random, ['get_weather', 'search', 'lookup_order', 'a']) }
  const kind = random.int(3)
  if (kind === 1) call.arguments = { city: text(random), days: random.int(10), nested: { ok: random.int(2) === 0, list: [1, 'two'] } }
  if (kind === 2) call.arguments = JSON.stringify({ q: text(random) }, null, random.int(2) === 0 ? undefined : 1)
  if (random.int(2) === 0) call.call_id = `call_given_${index}`
  return call
}

function outputItem(random: SeededRandom, index: number): CompactOutputItem {
  switch (random.int(4)) {
    case 0:
      return { text: text(random) }
    case 1:
      return { refusal: text(random) }
    case 2:
      return { reasoning: Array.from({ length: random.int(3) }, () => text(random)) }
    default:
      return { tool_call: toolCall(random, index) }
  }
}

/** A random reply: content as shorthand or as an output list, random chunking and usage. */
export function randomReply(seed: string): CompactReply {
  const random = createSeededRandom(seed)
  const items = Array.from({ length: 1 + random.int(4) }, (_, index) => outputItem(random, index))
  const reply: CompactReply = random.int(2) === 0 ? { output: items } : shorthandOf(items)
  const chunking = random.int(4)
  if (chunking === 1) reply.chunking = 'char'
  if (chunking === 2) reply.chunking = { chars: 1 + random.int(5) }
  if (random.int(4) === 0) reply.usage = { input_tokens: 10, output_tokens: 500, reasoning_tokens: 100, cached_tokens: 4 }
  return reply
}

function shorthandOf(items: readonly CompactOutputItem[]): CompactReply {
  const reply: CompactReply = {}
  for (const item of items) {
    if ('text' in item) reply.text = item.text
    else if ('refusal' in item) reply.refusal = item.refusal
    else if ('reasoning' in item) reply.reasoning = item.reasoning
    else (reply.tool_calls ??= []).push(item.tool_call)
  }
  return reply
}

/** Random request options that change what is streamed. */
export function randomRequestOptions(seed: string): JsonObject {
  const random = createSeededRandom(`${seed}/request`)
  const options: JsonObject = {}
  if (random.int(2) === 0) options['stream_options'] = { include_obfuscation: false }
  if (random.int(3) === 0) {
    options['include'] = ['message.output_text.logprobs', 'reasoning.encrypted_content']
    options['top_logprobs'] = random.int(4)
  }
  return options
}

/** What a Responses accumulator must end with: one entry per output item. */
export function expectedResponsesOutput(reply: CompactReply): unknown[] {
  return replyItems(reply).map((item) => {
    if ('text' in item) return { type: 'message', texts: [item.text] }
    if ('refusal' in item) return { type: 'message', refusals: [item.refusal] }
    if ('reasoning' in item) return { type: 'reasoning', summary: typeof item.reasoning === 'string' ? (item.reasoning === '' ? [] : [item.reasoning]) : item.reasoning }
    return { type: 'function_call', ...expectedCall(item.tool_call) }
  })
}

/** The name, arguments string and (when given) call_id a tool call must arrive with. */
export function expectedCall(call: CompactToolCall): { name: string; arguments: string; call_id?: string } {
  const args = call.arguments === undefined ? '{}' : typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)
  return call.call_id === undefined ? { name: call.name, arguments: args } : { name: call.name, arguments: args, call_id: call.call_id }
}
