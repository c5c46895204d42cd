/**
 * Import vcrpy cassettes (the YAML that Python's vcrpy and pytest-recording write) into
 * tapedeck's cassette model. Only requests to api.openai.com under /v1/ are kept; secrets and
 * noise headers are dropped; `text/event-stream` bodies become SSE interactions.
 *
 * vcrpy shape: `interactions: [{request: {method, uri, headers: {name: [values]}, body | parsed_body},
 * response: {status: {code, message}, headers, body: {string} | parsed_body}}]`. `parsed_body` is
 * what pydantic-ai's serializer writes; plain vcrpy writes `body` (text, or `!!binary` base64).
 * @module
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import { parse, YAMLParseError } from 'yaml'
import type { Cassette, HttpInteraction, Interaction, RecordedRequest, SseInteraction } from '../cassette/model.js'
import { TapedeckError } from '../errors.js'
import { splitRequestTarget } from '../protocol/endpoints.js'
import { parseSseText, toSseEvent, tryParseJson } from '../protocol/sse-codec.js'
import type { JsonValue } from '../util/json.js'
import { toJsonValue } from './to-json-value.js'

/** One imported interaction and its index in the vcrpy file. */
export interface VcrpyEntry {
  sourceIndex: number
  interaction: Interaction
}

const OPENAI_HOST = 'api.openai.com'

/** openai-* headers that identify an account rather than describe the response. */
const ACCOUNT_HEADERS = new Set(['openai-organization', 'openai-project'])

/**
 * Convert one vcrpy YAML cassette into a tapedeck cassette.
 *
 * @example
 * const cassette = vcrpyToCassette(readFileSync('test_chat.yaml', 'utf8'), 'test_chat.yaml')
 * cassette.interactions[0]?.transport // 'http' or 'sse'
 */
export function vcrpyToCassette(text: string, file: string): Cassette {
  const interactions = vcrpyEntries(text, file).map((entry) => entry.interaction)
  return {
    version: 1,
    name: baseName(file),
    meta: { recorded_with: 'vcrpy', imported_from: file },
    interactions,
  }
}

/**
 * The OpenAI interactions of a vcrpy cassette with their index in the file (for messages that
 * point back at the original).
 *
 * @example
 * vcrpyEntries(text, 'a.yaml').map((entry) => entry.sourceIndex) // [0, 2]
 */
export function vcrpyEntries(text: string, file: string): VcrpyEntry[] {
  return vcrpyEntriesFromValue(parseYaml(text, file), file)
}

/**
 * Like vcrpyEntries, for a document that is already parsed.
 *
 * @example
 * vcrpyEntriesFromValue(parse(text), 'a.yaml')
 */
export function vcrpyEntriesFromValue(document: unknown, file: string): VcrpyEntry[] {
  if (!isVcrpyDocument(document)) {
    throw invalid(file, 'it has no `interactions` list whose entries have request.uri', '/interactions')
  }
  const entries: VcrpyEntry[] = []
  document.interactions.forEach((raw, sourceIndex) => {
    const interaction = convertInteraction(raw, file, sourceIndex)
    if (interaction !== undefined) entries.push({ sourceIndex, interaction })
  })
  return entries
}

/**
 * Whether a parsed document looks like a vcrpy cassette.
 *
 * @example
 * isVcrpyDocument({ interactions: [{ request: { uri: 'https://api.openai.com/v1/responses' } }] }) // true
 */
export function isVcrpyDocument(document: unknown): document is { interactions: unknown[] } {
  if (!isRecord(document) || !Array.isArray(document['interactions'])) return false
  const first: unknown = document['interactions'][0]
  return first === undefined || (isRecord(first) && isRecord(first['request']) && typeof first['request']['uri'] === 'string')
}

function parseYaml(text: string, file: string): unknown {
  try {
    return parse(text, { maxAliasCount: 1000 })
  } catch (cause) {
    const at = cause instanceof YAMLParseError ? cause.linePos?.[0] : undefined
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`
    const message = `Failed to import "${file}": the YAML is invalid${where}. Fix or re-record the cassette.`
    throw new TapedeckError('TAPEDECK_CASSETTE_PARSE', message, {
      cause,
      file,
      ...(at === undefined ? {} : { line: at.line, column: at.col }),
    })
  }
}

function convertInteraction(raw: unknown, file: string, index: number): Interaction | undefined {
  const base = `/interactions/${index}`
  if (!isRecord(raw) || !isRecord(raw['request']) || !isRecord(raw['response'])) {
    throw invalid(file, `interaction ${index} needs a request and a response`, base)
  }
  const { request, response } = raw
  const uri = request['uri']
  if (typeof uri !== 'string') throw invalid(file, `interaction ${index} has no request.uri`, `${base}/request/uri`)
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    throw invalid(
      file,
      `interaction ${index} has an invalid request.uri ${JSON.stringify(uri)}`,
      `${base}/request/uri`,
    )
  }
  if (url.hostname !== OPENAI_HOST || !url.pathname.startsWith('/v1/')) return undefined
  const status = isRecord(response['status']) ? response['status']['code'] : response['status']
  if (typeof status !== 'number' || !Number.isInteger(status)) {
    throw invalid(file, `interaction ${index} has no integer response.status.code`, `${base}/response/status`)
  }
  const recorded = convertRequest(request, url)
  const headers = keptHeaders(response['headers'])
  const contentType = headers['content-type'] ?? ''
  const text = responseText(response, rawHeader(response['headers'], 'content-encoding'))
  if (contentType.includes('text/event-stream') && typeof text === 'string') {
    return sseInteraction(recorded, status, headers, text)
  }
  const http: HttpInteraction = { transport: 'http', request: recorded, response: { status, ...nonEmpty(headers) } }
  Object.assign(http.response, responseBody(response, text))
  return http
}

function sseInteraction(
  request: RecordedRequest,
  status: number,
  headers: Record<string,
  string>,
  text: string,
): SseInteraction {
  const { messages, tail } = parseSseText(text)
  // vcrpy keeps no timing: every event is at offset 0.
  const interaction: SseInteraction = {
    transport: 'sse',
    request,
    response: { status, ...nonEmpty(headers), events: messages.map((message) => toSseEvent(message, 0)) },
  }
  if (tail.trim() !== '') {
    interaction.response.truncated = true
    interaction.notes = [`imported body ends inside an unterminated SSE message: ${JSON.stringify(tail.slice(0, 80))}`]
  }
  return interaction
}

function convertRequest(request: Record<string, unknown>, url: URL): RecordedRequest {
  const method = typeof request['method'] === 'string' ? request['method'].toUpperCase() : 'GET'
  // Split like a live request target, so that the imported recording matches the request it
  // was recorded from (a repeated parameter keeps its last value).
  const { path, query } = splitRequestTarget(`${url.pathname}${url.search}`)
  const recorded: RecordedRequest = { method, path }
  if (query !== undefined) recorded.query = query
  const headers = keptHeaders(request['headers'])
  if (Object.keys(headers).length > 0) recorded.headers = headers
  if ('parsed_body' in request) {
    recorded.body = toJsonValue(request['parsed_body'])
    return recorded
  }
  const body = unwrapString(request['body'])
  Object.assign(recorded, bodyFields(body))
  return recorded
}

/** The response body as text, decompressed when vcrpy stored compressed bytes. */
function responseText(response: Record<string, unknown>, encoding: string | undefined): string | undefined {
  if ('parsed_body' in response) return undefined
  const body = unwrapString(response['body'])
  if (body instanceof Uint8Array) return decodeUtf8(decompress(body, encoding))
  return typeof body === 'string' ? body : undefined
}

function responseBody(
  response: Record<string,
  unknown>,
  text: string | undefined,
): { body?: JsonValue; body_base64?: string } {
  if ('parsed_body' in response) return { body: toJsonValue(response['parsed_body']) }
  if (text !== undefined) return bodyFields(text)
  const body = unwrapString(response['body'])
  return body instanceof Uint8Array ? { body_base64: Buffer.from(body).toString('base64') } : {}
}

/** JSON text becomes `body`; other text or bytes become `body_base64`; empty becomes nothing. */
function bodyFields(body: unknown): { body?: JsonValue; body_base64?: string } {
  if (body === undefined || body === null || body === '') return {}
  if (body instanceof Uint8Array) {
    const text = decodeUtf8(body)
    return text === undefined ? { body_base64: Buffer.from(body).toString('base64') } : bodyFields(text)
  }
  if (typeof body !== 'string') return { body: toJsonValue(body) }
  const parsed = tryParseJson(body)
  return parsed.ok ? { body: parsed.value } : { body_base64: Buffer.from(body, 'utf8').toString('base64') }
}

/** vcrpy writes bodies either bare or as `{string: ...}`. */
function unwrapString(body: unknown): unknown {
  return isRecord(body) && 'string' in body ? body['string'] : body
}

function decompress(bytes: Uint8Array, encoding: string | undefined): Uint8Array {
  try {
    if (encoding === 'gzip') return gunzipSync(bytes)
    if (encoding === 'deflate') return inflateSync(bytes)
    if (encoding === 'br') return brotliDecompressSync(bytes)
  } catch {
    // Not actually compressed (vcrpy decoded it already): keep the bytes.
  }
  return bytes
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

/**
 * Keep content-type, x-request-id and non-identifying openai-* headers, lower-cased, first value.
 * Everything else (authorization, cookies, api keys, CDN noise) is dropped.
 */
function keptHeaders(headers: unknown): Record<string, string> {
  const kept: Record<string, string> = {}
  if (!isRecord(headers)) return kept
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.toLowerCase()
    const keep = name === 'content-type' || name === 'x-request-id' || (name.startsWith('openai-') && !ACCOUNT_HEADERS.has(name))
    const value = firstValue(rawValue)
    if (keep && value !== undefined && kept[name] === undefined) kept[name] = value
  }
  return kept
}

function rawHeader(headers: unknown, wanted: string): string | undefined {
  if (!isRecord(headers)) return undefined
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === wanted)
  return entry === undefined ? undefined : firstValue(entry[1])?.toLowerCase()
}

function firstValue(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value
  if (typeof first === 'string') return first
  return typeof first === 'number' ? String(first) : undefined
}

function nonEmpty(headers: Record<string, string>): { headers?: Record<string, string> } {
  return Object.keys(headers).length > 0 ? { headers } : {}
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file
  return name.replace(/\.(ya?ml|json)$/i, '')
}

function invalid(file: string, reason: string, pointer: string): TapedeckError {
  return new TapedeckError(
    'TAPEDECK_CASSETTE_INVALID',
    `Failed to import "${file}": ${reason}. Is it a vcrpy cassette?`,
    { file, pointer },
  )
}

