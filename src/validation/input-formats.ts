/**
 * Recognise what a file given to `tapedeck validate` holds and turn it into interactions of our
 * cassette model: vcrpy cassettes, tapedeck cassettes, raw SSE text, JSON-lines event files, a
 * JSON array of events, or one JSON body. Pure: the caller reads the file.
 * @module
 */
import { parse, YAMLParseError } from 'yaml'
import type { Cassette, HttpInteraction, Interaction, SseEvent, SseInteraction } from '../cassette/model.js'
import { parseCassette } from '../cassette/yaml-codec.js'
import { parseYamlSubset } from '../cassette/yaml-subset-parser.js'
import { TapedeckError } from '../errors.js'
import { isVcrpyDocument, vcrpyEntriesFromValue } from '../import/vcrpy.js'
import { parseSseText, toSseEvent } from '../protocol/sse-codec.js'
import { isJsonObject, type JsonValue } from '../util/json.js'
import { isResponsesStream } from './interaction-rules.js'

/** The formats `validate` reads. */
export type InputFormat = 'vcrpy' | 'cassette' | 'sse' | 'jsonl' | 'json-events' | 'json-body'

/** One stream or body to validate, with the label that names it in reports. */
export interface ValidationTarget {
  label: string
  interaction: Interaction
}

/** A recognised input file. */
export interface ParsedInput {
  format: InputFormat
  targets: ValidationTarget[]
  /**
   * A tapedeck cassette with scenario `rules` (a hand-written scenario file), and its text (to
   * locate a rule's mistakes): its rules are checked and expanded by the caller.
   */
  scenario?: { cassette: Cassette; text: string }
}

/** SSE text starts with a field (`event:`, `data:`, ...) or a comment (`:`). */
const SSE_FIELD_AT_START = /^(?:event|data|id|retry)?:/

/**
 * Recognise and parse one input file's text. Throws a TapedeckError (with the line when known)
 * for text that is none of the supported formats.
 *
 * @example
 * parseValidationInput('data: {"id":"c","object":"chat.completion.chunk"}\n\ndata: [DONE]\n\n', 'x.sse').format // 'sse'
 */
export function parseValidationInput(text: string, file: string): ParsedInput {
  const extension = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase()
  if (extension === 'jsonl' || extension === 'ndjson') return fromJsonLines(text, file)
  if (extension === 'sse') return fromSse(text, file)
  if (extension === 'json') return fromJson(text, file)
  if (extension === 'yaml' || extension === 'yml') return fromYaml(text, file)
  return sniff(text, file)
}

function sniff(text: string, file: string): ParsedInput {
  const start = text.trimStart()
  if (start.startsWith('{') || start.startsWith('[')) {
    const firstLineEnd = start.indexOf('\n')
    const rest = firstLineEnd === -1 ? '' : start.slice(firstLineEnd).trim()
    return rest.startsWith('{') || rest.startsWith('[DONE]') ? fromJsonLines(text, file) : fromJson(text, file)
  }
  if (SSE_FIELD_AT_START.test(start)) return fromSse(text, file)
  return fromYaml(text, file)
}

function fromSse(text: string, file: string): ParsedInput {
  const { messages, tail } = parseSseText(text)
  const events = messages.map((message) => toSseEvent(message, 0))
  if (events.length === 0 && tail.trim() === '') throw unreadable(file, 'it holds no SSE events')
  if (events.length === 0) throw unreadable(file, 'it is not SSE text (no event ends with a blank line)')
  const interaction = streamInteraction(events)
  if (tail.trim() !== '') {
    interaction.response.truncated = true
    interaction.notes = [`the text ends inside an unterminated SSE message: ${JSON.stringify(tail.slice(0, 80))}`]
  }
  return { format: 'sse', targets: [{ label: file, interaction }] }
}

function fromJsonLines(text: string, file: string): ParsedInput {
  const values: Array<JsonValue | '[DONE]'> = []
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim()
    if (trimmed === '') return
    if (trimmed === '[DONE]') {
      values.push('[DONE]')
      return
    }
    try {
      values.push(JSON.parse(trimmed) as JsonValue)
    } catch {
      throw unreadable(
        file,
        `line ${index + 1} is not JSON (each line of a JSON-lines file must be one event)`,
        index + 1,
      )
    }
  })
  if (values.length === 0) throw unreadable(file, 'it holds no events')
  return { format: 'jsonl', targets: [{ label: file, interaction: streamInteraction(values.map(toEvent)) }] }
}

function fromJson(text: string, file: string): ParsedInput {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    const position = /position (\d+)/.exec(cause instanceof Error ? cause.message : '')?.[1]
    const line = position === undefined ? undefined : lineOf(text, Number(position))
    throw unreadable(
      file,
      `it is not valid JSON${line === undefined ? '' : ` (line ${line})`}${text.trim() === '' ? ': the file is empty' : ''}`,
      line,
    )
  }
  if (isJsonObject(value) && Array.isArray(value['interactions'])) return fromCassetteValue(value, text, file)
  if (Array.isArray(value)) {
    const events = value.map((item) => toEvent(item === '[DONE]' ? '[DONE]' : (item as JsonValue)))
    if (events.length === 0) throw unreadable(file, 'it is an empty array of events')
    return { format: 'json-events', targets: [{ label: file, interaction: streamInteraction(events) }] }
  }
  return { format: 'json-body', targets: [{ label: file, interaction: bodyInteraction(value as JsonValue, file) }] }
}

function fromYaml(text: string, file: string): ParsedInput {
  // The fast reader gives the value the `yaml` package would, in a fraction of the time (the
  // `yaml` package takes seconds on a large cassette); text outside its subset goes to `yaml`.
  const fast = parseYamlSubset(text)
  const value = fast === undefined ? parseGeneralYaml(text, file) : fast.value
  // A scenario file may hold only `rules:`; it is still a cassette.
  if (!isJsonObject(value) || !(Array.isArray(value['interactions']) || 'rules' in value)) {
    throw unreadable(
      file,
      'it is not a cassette (no `interactions` list), SSE text, JSON lines or a JSON body',
    )
  }
  return fromCassetteValue(value, text, file)
}

function parseGeneralYaml(text: string, file: string): unknown {
  try {
    return parse(text, { maxAliasCount: 1000 })
  } catch (cause) {
    const at = cause instanceof YAMLParseError ? cause.linePos?.[0] : undefined
    throw unreadable(
      file,
      `it is not valid YAML${at === undefined ? '' : ` (line ${at.line}, column ${at.col})`}`,
      at?.line,
    )
  }
}

function fromCassetteValue(value: unknown, text: string, file: string): ParsedInput {
  // vcrpy has no `rules`: a scenario file with `interactions: []` is tapedeck's.
  if (isVcrpyDocument(value) && !('rules' in value)) {
    const entries = vcrpyEntriesFromValue(value, file)
    const targets = entries.map((entry) => ({ label: `${file}#interaction[${entry.sourceIndex}]`, interaction: entry.interaction }))
    return { format: 'vcrpy', targets }
  }
  const cassette = parseCassette(text, file)
  const parsed: ParsedInput = {
    format: 'cassette',
    targets: cassette.interactions.map((interaction, index) => ({ label: `${file}#interaction[${index}]`, interaction })),
  }
  if (cassette.rules !== undefined) parsed.scenario = { cassette, text }
  return parsed
}

function toEvent(value: JsonValue | '[DONE]'): SseEvent {
  return value === '[DONE]' ? { at: 0, raw_data: '[DONE]' } : { at: 0, data: value }
}

/** A stream read from a file has no request: its path is inferred from its events. */
function streamInteraction(events: SseEvent[]): SseInteraction {
  return {
    transport: 'sse',
    request: { method: 'POST', path: isResponsesStream(events) ? '/v1/responses' : '/v1/chat/completions' },
    response: { status: 200, events },
  }
}

/** A single JSON body: a Response, a chat completion, an error body, or a single event. */
function bodyInteraction(body: JsonValue, file: string): Interaction {
  if (!isJsonObject(body)) throw unreadable(
    file,
    'it is JSON but not an object, an array of events or a cassette',
  )
  const object = body['object']
  const http = (path: string, status: number): HttpInteraction => ({
    transport: 'http',
    request: { method: 'POST', path },
    response: { status, body },
  })
  if (object === 'response') return http('/v1/responses', 200)
  if (object === 'chat.completion') return http('/v1/chat/completions', 200)
  if (isJsonObject(body['error'])) return http('/v1/responses', 400)
  if (typeof body['type'] === 'string' || object === 'chat.completion.chunk') return streamInteraction([toEvent(body)])
  throw unreadable(
    file,
    'it is a JSON object but not a Response, a chat completion, an error body or an event',
  )
}

function lineOf(text: string, position: number): number {
  let line = 1
  for (let index = 0; index < position && index < text.length; index++) if (text.charCodeAt(index) === 10) line++
  return line
}

function unreadable(file: string, reason: string, line?: number): TapedeckError {
  return new TapedeckError(
    'TAPEDECK_INPUT_UNREADABLE',
    `Failed to read "${file}": ${reason}. validate reads vcrpy and tapedeck cassettes (.yaml), ` +
      'SSE text (.sse, .txt), JSON lines (.jsonl) and JSON bodies (.json).',
    { file, ...(line === undefined ? {} : { line }) },
  )
}
