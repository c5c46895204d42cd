/**
 * Text leaves of output items, and readable mismatch messages, for the `delta.mismatch` checks.
 * Each stage of a stream is compared with the stage just before it (deltas → .done event →
 * part done → item done → final output), so one bad delta is reported once, where it happened.
 * @module
 */
import { isJsonObject, type JsonObject } from '../util/json.js'
import { STREAMED_ITEM_FIELD } from './responses-state.js'

/** One text leaf of an item: its pointer below the item and its value. */
export interface TextLeaf {
  pointer: string
  text: string | undefined
}

/**
 * The text an item carries, in a stable order: message content texts and refusals, reasoning
 * summary and content texts, or the streamed field of a call item.
 *
 * @example
 * itemTextLeaves({ type: 'function_call', arguments: '{}' }) // [{ pointer: '/arguments', text: '{}' }]
 */
export function itemTextLeaves(item: JsonObject): TextLeaf[] {
  const type = item['type']
  if (type === 'message') return partLeaves(item['content'], '/content')
  if (type === 'reasoning') return [...partLeaves(item['summary'], '/summary'), ...partLeaves(item['content'], '/content')]
  const field = typeof type === 'string' ? STREAMED_ITEM_FIELD[type] : undefined
  if (field === undefined) return []
  const value = item[field]
  return [{ pointer: `/${field}`, text: typeof value === 'string' ? value : undefined }]
}

function partLeaves(parts: unknown, base: string): TextLeaf[] {
  if (!Array.isArray(parts)) return []
  return parts.map((part: unknown, index) => {
    if (!isJsonObject(part)) return { pointer: `${base}/${index}`, text: undefined }
    const field = part['type'] === 'refusal' ? 'refusal' : 'text'
    const value = part[field]
    return { pointer: `${base}/${index}/${field}`, text: typeof value === 'string' ? value : undefined }
  })
}

/**
 * Describe two texts that should be equal: lengths, short previews and the first difference.
 *
 * @example
 * describeTextMismatch('the concatenated deltas', 'Hello', 'Hallo')
 * // 'expected the concatenated deltas "Hello" (5 chars), saw "Hallo" (5 chars); first difference at character 1'
 */
export function describeTextMismatch(expectedLabel: string, expected: string, seen: string): string {
  let at = 0
  while (at < expected.length && at < seen.length && expected.charCodeAt(at) === seen.charCodeAt(at)) at++
  return (
    `expected ${expectedLabel} ${preview(expected, at)} (${expected.length} chars), ` +
    `saw ${preview(seen, at)} (${seen.length} chars); first difference at character ${at}`
  )
}

/** A short quoted excerpt around `at`, so long texts stay readable. */
function preview(text: string, at: number): string {
  if (text.length <= 40) return JSON.stringify(text)
  const start = Math.max(0, at - 15)
  const excerpt = text.slice(start, start + 40)
  return `${start > 0 ? '...' : ''}${JSON.stringify(excerpt)}${start + 40 < text.length ? '...' : ''}`
}
