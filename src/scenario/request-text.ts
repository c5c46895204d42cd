/**
 * What a request says, read the same way for the Responses API (`input`, a string or a list of
 * items) and Chat Completions (`messages`): the last user message, the tool results it carries,
 * and all its text (for usage counts). Pure.
 *
 * Input items are read leniently: a message may come with or without `type: "message"`, its
 * content as a string or as parts with a `text` field (`input_text`, `output_text`, `text`).
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'

/** A tool result found in a request. */
export interface ToolResult {
  call_id: string
  /** The tool's name, when the call that asked for it is in the same request. */
  name?: string
}

/**
 * The text of the last user message, or undefined when the request has none. A Responses
 * `input` string is itself the user message.
 *
 * @example
 * lastUserMessage({ input: 'Hi' })                                            // 'Hi'
 * lastUserMessage({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] }) // 'a'
 */
export function lastUserMessage(body: JsonValue | undefined): string | undefined {
  if (!isJsonObject(body)) return undefined
  if (typeof body['input'] === 'string') return body['input']
  const items = conversationItems(body)
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index]
    if (item !== undefined && isMessage(item) && item['role'] === 'user') return contentText(item['content'])
  }
  return undefined
}

/**
 * The tool results a request carries: Responses `function_call_output` and
 * `custom_tool_call_output` items, Chat `tool` messages. The name comes from the call with the
 * same `call_id` in the same request.
 *
 * @example
 * toolResults({ input: [
 *   { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{}' },
 *   { type: 'function_call_output', call_id: 'call_1', output: 'sunny' }] })
 * // [{ call_id: 'call_1', name: 'get_weather' }]
 */
export function toolResults(body: JsonValue | undefined): ToolResult[] {
  if (!isJsonObject(body)) return []
  const items = conversationItems(body)
  const names = new Map<string, string>()
  for (const item of items) {
    for (const call of callsOf(item)) names.set(call.call_id, call.name)
  }
  const results: ToolResult[] = []
  for (const item of items) {
    const callId = resultCallId(item)
    if (callId === undefined) continue
    const name = names.get(callId)
    results.push(name === undefined ? { call_id: callId } : { call_id: callId, name })
  }
  return results
}

/**
 * All the text a request sends the model (instructions, messages, tool calls and results),
 * joined by newlines: the basis of synthetic input-token counts.
 *
 * @example
 * requestText({ instructions: 'Be brief.', input: 'Hi' }) // 'Be brief.\nHi'
 */
export function requestText(body: JsonValue | undefined): string {
  if (!isJsonObject(body)) return ''
  const parts: string[] = []
  if (typeof body['instructions'] === 'string') parts.push(body['instructions'])
  if (typeof body['input'] === 'string') parts.push(body['input'])
  for (const item of conversationItems(body)) {
    if (isMessage(item)) parts.push(contentText(item['content']))
    for (const field of ['arguments', 'output', 'input'] as const) {
      const value = item['type'] === 'message' ? undefined : item[field]
      if (typeof value === 'string') parts.push(value)
    }
    const toolCalls = item['tool_calls']
    if (Array.isArray(toolCalls)) {
      for (const call of toolCalls) {
        const fn = isJsonObject(call) ? call['function'] : undefined
        if (isJsonObject(fn) && typeof fn['arguments'] === 'string') parts.push(fn['arguments'])
      }
    }
  }
  return parts.filter((part) => part !== '').join('\n')
}

/** The conversation of a request: Responses `input` items or Chat `messages`. */
function conversationItems(body: JsonObject): JsonObject[] {
  const list = Array.isArray(body['messages']) ? body['messages'] : body['input']
  return Array.isArray(list) ? list.filter(isJsonObject) : []
}

function isMessage(item: JsonObject): boolean {
  return (item['type'] === undefined || item['type'] === 'message') && typeof item['role'] === 'string'
}

function contentText(content: JsonValue | undefined): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((part) => (isJsonObject(part) && typeof part['text'] === 'string' ? part['text'] : undefined))
    .filter((text): text is string => text !== undefined)
    .join('\n')
}

function callsOf(item: JsonObject): Array<{ call_id: string; name: string }> {
  const type = item['type']
  if ((type === 'function_call' || type === 'custom_tool_call') && typeof item['call_id'] === 'string') {
    return typeof item['name'] === 'string' ? [{ call_id: item['call_id'], name: item['name'] }] : []
  }
  const toolCalls = item['role'] === 'assistant' ? item['tool_calls'] : undefined
  if (!Array.isArray(toolCalls)) return []
  const calls: Array<{ call_id: string; name: string }> = []
  for (const call of toolCalls) {
    if (!isJsonObject(call) || typeof call['id'] !== 'string') continue
    const fn = call['function']
    if (isJsonObject(fn) && typeof fn['name'] === 'string') {
      calls.push({ call_id: call['id'], name: fn['name'] })
    }
  }
  return calls
}

function resultCallId(item: JsonObject): string | undefined {
  const type = item['type']
  const isOutput = type === 'function_call_output' || type === 'custom_tool_call_output'
  if (isOutput && typeof item['call_id'] === 'string') return item['call_id']
  if (item['role'] === 'tool' && typeof item['tool_call_id'] === 'string') return item['tool_call_id']
  return undefined
}
