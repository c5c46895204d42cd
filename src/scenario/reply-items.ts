/**
 * The output items a compact reply stands for, in order. Pure.
 * @module
 */
import type { CompactOutputItem, CompactReply, CompactToolCall } from './types.js'

/**
 * The reply's output items: its `output` list, or the shorthand keys in the order real
 * responses use (reasoning, text, refusal, then tool calls; text and refusal are one message each).
 *
 * @example
 * replyItems({ text: 'Hi', reasoning: 'Greet.' }) // [{ reasoning: 'Greet.' }, { text: 'Hi' }]
 */
export function replyItems(reply: CompactReply): CompactOutputItem[] {
  if (reply.output !== undefined) return reply.output
  const items: CompactOutputItem[] = []
  if (reply.reasoning !== undefined) items.push({ reasoning: reply.reasoning })
  if (reply.text !== undefined) items.push({ text: reply.text })
  if (reply.refusal !== undefined) items.push({ refusal: reply.refusal })
  for (const call of reply.tool_calls ?? []) items.push({ tool_call: call })
  return items
}

/**
 * The reply's tool calls in order; the index in this list is the one the generator derives
 * missing call_ids from.
 *
 * @example
 * replyToolCalls({ tool_calls: [{ name: 'a' }] }) // [{ name: 'a' }]
 */
export function replyToolCalls(reply: CompactReply): CompactToolCall[] {
  return replyItems(reply).flatMap((item) => ('tool_call' in item ? [item.tool_call] : []))
}

/**
 * The exact arguments string a tool call sends: a map as compact JSON, a string as is,
 * `{}` when none are given.
 *
 * @example
 * toolCallArguments({ name: 'f', arguments: { city: 'Paris' } }) // '{"city":"Paris"}'
 */
export function toolCallArguments(call: CompactToolCall): string {
  if (call.arguments === undefined) return '{}'
  return typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments)
}

/**
 * The summary parts of a `reasoning` value: `''` and `[]` mean no summary.
 *
 * @example
 * reasoningSummary('Think.') // ['Think.']
 * reasoningSummary('')       // []
 */
export function reasoningSummary(reasoning: string | string[]): string[] {
  if (typeof reasoning !== 'string') return reasoning
  return reasoning === '' ? [] : [reasoning]
}
