/**
 * How the fake upstream decides what to do: directives in the last user message (or in the
 * `x-fake-script` request header), and the text it echoes back.
 *
 * Directives: `[tool:NAME]` call function NAME; `[error:STATUS]` answer with that HTTP status
 * (WebSocket: a nested error frame); `[fail-mid-stream]` an `error` event then `response.failed`;
 * `[cut:N]` destroy the connection after N events (JSON: after half the body); `[slow:MS]` wait
 * MS between events; `[gzip]` gzip the response body; `[close:CODE]` (WebSocket) close the
 * connection with CODE after the turn.
 * @module
 */
import { isJsonObject, type JsonValue } from '../../../src/util/json.js'

/** What the fake upstream was asked to do for one request. */
export interface Script {
  /** The text to answer with (`You said: …` or `Tool said: …`). */
  reply: string
  /** The user text the reply echoes, without directives. */
  userText: string
  tool?: string
  errorStatus?: number
  failMidStream: boolean
  cutAfter?: number
  slowMs?: number
  gzip: boolean
  closeCode?: number
}

/** The last input item that matters: a user's text or a tool's output. */
export type LastTurn = { kind: 'user'; text: string } | { kind: 'tool'; output: string } | { kind: 'none' }

/**
 * Build the script of a request from its last turn and the optional header.
 *
 * @example
 * parseScript({ kind: 'user', text: 'hi [slow:5]' }).slowMs // 5
 */
export function parseScript(last: LastTurn, header?: string): Script {
  const directiveText = `${last.kind === 'user' ? last.text : ''} ${header ?? ''}`
  const userText = last.kind === 'user' ? stripDirectives(last.text) : ''
  const reply = last.kind === 'tool' ? `Tool said: ${last.output}` : `You said: ${userText}`
  const script: Script = { reply, userText, failMidStream: false, gzip: false }
  for (const [, name, argument] of directiveText.matchAll(/\[([a-z-]+)(?::([^\]]*))?\]/g)) {
    if (name === 'tool' && argument) script.tool = argument
    else if (name === 'error' && argument) script.errorStatus = Number(argument)
    else if (name === 'cut' && argument) script.cutAfter = Number(argument)
    else if (name === 'slow' && argument) script.slowMs = Number(argument)
    else if (name === 'close' && argument) script.closeCode = Number(argument)
    else if (name === 'fail-mid-stream') script.failMidStream = true
    else if (name === 'gzip') script.gzip = true
  }
  return script
}

/**
 * The last turn of a Responses `input` (a string or an array of items).
 *
 * @example
 * lastResponsesTurn([{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]) // { kind: 'user', text: 'hi' }
 */
export function lastResponsesTurn(input: JsonValue | undefined): LastTurn {
  if (typeof input === 'string') return { kind: 'user', text: input }
  if (!Array.isArray(input)) return { kind: 'none' }
  const last = input[input.length - 1]
  if (!isJsonObject(last)) return { kind: 'none' }
  if (last['type'] === 'function_call_output') return { kind: 'tool', output: textOf(last['output']) }
  if (last['role'] === 'user') return { kind: 'user', text: textOf(last['content']) }
  return { kind: 'none' }
}

/**
 * The last turn of Chat Completions `messages`.
 *
 * @example
 * lastChatTurn([{ role: 'user', content: 'hi' }]) // { kind: 'user', text: 'hi' }
 */
export function lastChatTurn(messages: JsonValue | undefined): LastTurn {
  if (!Array.isArray(messages)) return { kind: 'none' }
  const last = messages[messages.length - 1]
  if (!isJsonObject(last)) return { kind: 'none' }
  if (last['role'] === 'tool') return { kind: 'tool', output: textOf(last['content']) }
  if (last['role'] === 'user') return { kind: 'user', text: textOf(last['content']) }
  return { kind: 'none' }
}

/**
 * Split a reply into the pieces streamed as deltas (words with their trailing space).
 *
 * @example
 * splitIntoDeltas('You said: hi') // ['You ', 'said: ', 'hi']
 */
export function splitIntoDeltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? ['']
}

/**
 * Split a string into fixed-size pieces (function-call arguments).
 *
 * @example
 * splitEvery('abcdef', 4) // ['abcd', 'ef']
 */
export function splitEvery(text: string, size: number): string[] {
  const pieces: string[] = []
  for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size))
  return pieces.length === 0 ? [''] : pieces
}

function stripDirectives(text: string): string {
  return text.replace(/\s*\[[a-z-]+(?::[^\]]*)?\]/g, '').trim()
}

function textOf(content: JsonValue | undefined): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((part) => (isJsonObject(part) && typeof part['text'] === 'string' ? part['text'] : ''))
    .join('')
}
