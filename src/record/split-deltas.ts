/**
 * Secrets split across stream deltas. Regex redaction of each event alone misses a key that the
 * model streams in two deltas (`"sk-abc"` + `"def123…"`); prior art shows such leaks are real.
 * This module groups the delta strings of a stream into channels (one per text being built:
 * a Responses content part, a function call's arguments, a Chat choice's content or tool call),
 * and redacts each channel as one text. Pure; mutates only the payloads it is given.
 *
 * Limitation: only the delta fields listed here are stitched; a secret split across two other
 * strings (two input messages, two unrelated events) is redacted only where a single string
 * holds enough of it to match.
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { applyRulesToPieces, type SecretRule } from './secret-rules.js'

/** A string slot inside a payload: `holder[key]` is the delta text. */
interface DeltaSlot {
  holder: JsonObject
  key: string
}

/**
 * Redact secrets split across the delta strings of a stream, in place. `payloads` are the parsed
 * events (SSE `data` or WebSocket frame `data`) in arrival order; non-objects are ignored.
 *
 * @example
 * const events = [
 *   { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'sk-abc' },
 *   { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'defgh123' },
 * ]
 * redactSplitDeltas(events, DEFAULT_SECRET_RULES)
 * // deltas become '<redacted:openai-key>' and ''
 */
export function redactSplitDeltas(
  payloads: ReadonlyArray<JsonValue | undefined>,
  rules: readonly SecretRule[],
): void {
  const channels = new Map<string, DeltaSlot[]>()
  const add = (channel: string, slot: DeltaSlot) => {
    const slots = channels.get(channel)
    if (slots === undefined) channels.set(channel, [slot])
    else slots.push(slot)
  }
  for (const payload of payloads) {
    if (!isJsonObject(payload)) continue
    collectResponsesDelta(payload, add)
    collectChatDeltas(payload, add)
  }
  for (const slots of channels.values()) {
    const pieces = slots.map((slot) => {
      const value = slot.holder[slot.key]
      return typeof value === 'string' ? value : ''
    })
    const redacted = applyRulesToPieces(pieces, rules)
    slots.forEach((slot, index) => {
      const piece = redacted[index]
      if (piece !== undefined && piece !== pieces[index]) slot.holder[slot.key] = piece
    })
  }
}

type AddSlot = (channel: string, slot: DeltaSlot) => void

/** `response.*.delta` events: `delta` is a piece of the text identified by item and indexes. */
function collectResponsesDelta(event: JsonObject, add: AddSlot): void {
  const type = event['type']
  if (typeof type !== 'string' || !type.endsWith('.delta') || typeof event['delta'] !== 'string') return
  const parts = [
    event['stream_id'],
    event['response_id'],
    type,
    event['item_id'],
    event['output_index'],
    event['content_index'],
    event['summary_index'],
    event['command_index'],
  ].map((part) => (part === undefined ? '' : JSON.stringify(part)))
  add(`responses|${parts.join('|')}`, { holder: event, key: 'delta' })
}

/** Chat chunks: `choices[].delta.content`, `.refusal` and `.tool_calls[].function.arguments`. */
function collectChatDeltas(chunk: JsonObject, add: AddSlot): void {
  const choices = chunk['choices']
  if (!Array.isArray(choices)) return
  const completion = JSON.stringify(chunk['id'] ?? '')
  for (const choice of choices) {
    if (!isJsonObject(choice) || !isJsonObject(choice['delta'])) continue
    const delta = choice['delta']
    const prefix = `chat|${completion}|${JSON.stringify(choice['index'] ?? 0)}`
    for (const key of ['content', 'refusal']) {
      if (typeof delta[key] === 'string') add(`${prefix}|${key}`, { holder: delta, key })
    }
    const toolCalls = delta['tool_calls']
    if (!Array.isArray(toolCalls)) continue
    for (const call of toolCalls) {
      if (!isJsonObject(call) || !isJsonObject(call['function'])) continue
      const fn = call['function']
      if (typeof fn['arguments'] !== 'string') continue
      add(`${prefix}|tool|${JSON.stringify(call['index'] ?? 0)}`, { holder: fn, key: 'arguments' })
    }
  }
}
