/**
 * Server-sent events: an incremental parser (for recording a stream as it arrives) and an
 * encoder (for replay). Pure: no I/O.
 *
 * @note The encoder refuses CR/LF in `event:` and `id:` fields and splits multi-line data into
 * several `data:` lines, as SSE parsers join them with "\n" (the same guard as Hono's writer).
 * @module
 */
import type { SseEvent } from '../cassette/model.js'
import type { JsonValue } from '../util/json.js'

/** One parsed SSE message, before it is given a time offset. */
export interface ParsedSseMessage {
  event?: string
  id?: string
  /** The joined `data:` lines, exactly as sent. */
  dataText?: string
  comment?: string
}

/** An incremental SSE parser. */
export interface SseParser {
  /** Feed the next chunk of text; complete messages are delivered to the callback. */
  push(chunk: string): void
  /** The text of a message that had started but was never terminated by a blank line. */
  pending(): string
}

/**
 * Create an incremental SSE parser that calls `onMessage` for every complete message.
 *
 * @example
 * const parser = createSseParser((message) => messages.push(message))
 * parser.push('event: a\ndata: {"x":1}\n')
 * parser.push('\n') // delivers { event: 'a', dataText: '{"x":1}' }
 */
export function createSseParser(onMessage: (message: ParsedSseMessage) => void): SseParser {
  let buffer = ''
  let current: ParsedSseMessage = {}
  let dataLines: string[] = []
  let started = false
  let pendingText = ''

  const dispatch = () => {
    if (!started) return
    if (dataLines.length > 0) current.dataText = dataLines.join('\n')
    onMessage(current)
    current = {}
    dataLines = []
    started = false
    pendingText = ''
  }

  const handleLine = (line: string) => {
    if (line === '') {
      dispatch()
      return
    }
    started = true
    pendingText += `${line}\n`
    if (line.startsWith(':')) {
      const text = line.slice(1).replace(/^ /, '')
      current.comment = current.comment === undefined ? text : `${current.comment}\n${text}`
      return
    }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'data') dataLines.push(value)
    else if (field === 'event') current.event = value
    else if (field === 'id') current.id = value
  }

  return {
    push(chunk) {
      buffer += chunk
      let start = 0
      for (let index = 0; index < buffer.length; index++) {
        const char = buffer.charCodeAt(index)
        if (char !== 10 && char !== 13) continue
        // A CR at the very end may be the first half of CRLF: wait for more input.
        if (char === 13 && index === buffer.length - 1) break
        handleLine(buffer.slice(start, index))
        if (char === 13 && buffer.charCodeAt(index + 1) === 10) index++
        start = index + 1
      }
      buffer = buffer.slice(start)
    },
    pending() {
      return pendingText + buffer
    },
  }
}

/**
 * Parse a whole SSE body. Returns the complete messages and any unterminated tail.
 *
 * @example
 * const { messages, tail } = parseSseText('data: {"a":1}\n\ndata: [DONE]\n\n')
 * messages.length // 2; tail === ''
 */
export function parseSseText(text: string): { messages: ParsedSseMessage[]; tail: string } {
  const messages: ParsedSseMessage[] = []
  const parser = createSseParser((message) => messages.push(message))
  parser.push(text)
  return { messages, tail: parser.pending() }
}

/**
 * Turn a parsed message into a cassette event: JSON payloads become `data`, anything else is
 * kept verbatim in `raw_data`.
 *
 * @example
 * toSseEvent({ event: 'response.created', dataText: '{"type":"response.created"}' }, 3)
 * // { at: 3, event: 'response.created', data: { type: 'response.created' } }
 */
export function toSseEvent(message: ParsedSseMessage, at: number): SseEvent {
  const event: SseEvent = { at }
  if (message.event !== undefined) event.event = message.event
  if (message.id !== undefined) event.id = message.id
  if (message.comment !== undefined) event.comment = message.comment
  if (message.dataText !== undefined) {
    const parsed = tryParseJson(message.dataText)
    if (parsed.ok) event.data = parsed.value
    else event.raw_data = message.dataText
  }
  return event
}

/**
 * Parse JSON without throwing.
 *
 * @example
 * tryParseJson('[DONE]') // { ok: false }
 */
export function tryParseJson(text: string): { ok: true; value: JsonValue } | { ok: false } {
  // Fast reject for the common non-JSON payload.
  if (text === '[DONE]') return { ok: false }
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue }
  } catch {
    return { ok: false }
  }
}

/**
 * Encode one event as SSE text, terminated by a blank line.
 *
 * @example
 * encodeSseEvent({ at: 0, event: 'response.created', data: { type: 'response.created' } })
 * // 'event: response.created\ndata: {"type":"response.created"}\n\n'
 */
export function encodeSseEvent(event: SseEvent): string {
  let text = ''
  if (event.comment !== undefined) {
    for (const line of event.comment.split('\n')) text += `: ${line}\n`
  }
  if (event.event !== undefined) text += `event: ${assertSingleLine(event.event, 'event')}\n`
  if (event.id !== undefined) text += `id: ${assertSingleLine(event.id, 'id')}\n`
  const dataText =
    event.data !== undefined ? JSON.stringify(event.data) : event.raw_data !== undefined ? event.raw_data : undefined
  if (dataText !== undefined) {
    for (const line of dataText.split(/\r\n|\r|\n/)) text += `data: ${line}\n`
  }
  return `${text}\n`
}

function assertSingleLine(value: string, field: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`Failed to encode SSE event: the ${field} field contains a line break`)
  return value
}
