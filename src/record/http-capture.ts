/**
 * An HTTP exchange as the forwarder kept it, and the cassette interaction it becomes.
 *
 * The forwarder, on the event loop that serves traffic, keeps only raw bytes and times: what
 * it costs to turn them into an interaction (decoding, parsing every event, redacting) is paid
 * here, after the exchange, on the recording worker when there is one (worker-sink.ts). A
 * capture is plain data, so it crosses to the worker as it is; its bytes can be transferred.
 * @module
 */
import type { HttpInteraction, Interaction, RecordedRequest, SseInteraction } from '../cassette/model.js'
import { tryParseJson } from '../protocol/sse-codec.js'
import type { RecordedTarget } from '../upstream/recorded-target.js'
import { decodeCapturedBody, type CapturedBody, type TimedChunk } from './captured-body.js'
import type { Redactor } from './redact.js'

/** One forwarded HTTP exchange, unparsed and unredacted (it holds credentials: never store it). */
export interface HttpCapture {
  /** ISO-8601 time the request started. */
  recorded_at: string
  duration_ms: number
  request: RecordedTarget & {
    method: string
    /** The body as sent, and its declared type. */
    body: Uint8Array
    contentType?: string
  }
  response: {
    status: number
    /** The headers a cassette keeps (header-policy.ts), not yet redacted. */
    headers: Record<string, string>
    /** The body is an event stream. */
    sse: boolean
    contentEncoding?: string
    /** The raw body, as it arrived. */
    chunks: TimedChunk[]
    /** False when the body broke off. */
    complete: boolean
  }
  notes: string[]
}

/**
 * The redacted cassette interaction of a capture.
 *
 * @example
 * const interaction = await interactionFromCapture(capture, createRedactor())
 * store.append('cassettes/chat.yaml', interaction)
 */
export async function interactionFromCapture(capture: HttpCapture, redactor: Redactor): Promise<Interaction> {
  const { response } = capture
  const options = response.contentEncoding === undefined ? { sse: response.sse } : { sse: response.sse, contentEncoding: response.contentEncoding }
  const body = await decodeCapturedBody(options, response.chunks, response.complete)
  const interaction = toInteraction(capture, recordedRequest(capture.request), body)
  // Built here and referenced nowhere else: redacted in place, without a copy.
  return redactor.redactInteraction(interaction, { inPlace: true })
}

/**
 * One capture in a log line, as describeInteraction (record-sink.ts) writes an interaction.
 *
 * @example
 * describeCapture(capture) // 'POST /v1/responses → 200 (stream)'
 */
export function describeCapture(capture: HttpCapture): string {
  const { method, path } = capture.request
  return `${method} ${path} → ${capture.response.status}${capture.response.sse ? ' (stream)' : ''}`
}

/**
 * The buffers of a capture, to hand to `postMessage` as its transfer list instead of copying
 * them: the request body and the response chunks, which the forwarder gave buffers of their own
 * (see http-forward.ts). The capture must not be read after it was posted.
 *
 * @example
 * worker.postMessage({ type: 'capture', capture }, transferablesOf(capture))
 */
export function transferablesOf(capture: HttpCapture): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>()
  const add = (bytes: Uint8Array) => {
    if (bytes.buffer instanceof ArrayBuffer && bytes.buffer.byteLength > 0) buffers.add(bytes.buffer)
  }
  add(capture.request.body)
  for (const chunk of capture.response.chunks) add(chunk.bytes)
  return [...buffers]
}

function toInteraction(capture: HttpCapture, request: RecordedRequest, captured: CapturedBody): Interaction {
  const { status, headers } = capture.response
  const base = { recorded_at: capture.recorded_at, duration_ms: capture.duration_ms }
  const notes = [...captured.notes, ...capture.notes]
  const withNotes = <T extends Interaction>(interaction: T): T =>
    notes.length > 0 ? { ...interaction, notes } : interaction
  if (captured.kind === 'sse') {
    const response: SseInteraction['response'] = { status, headers, events: captured.events }
    if (captured.truncated) response.truncated = true
    return withNotes<SseInteraction>({ transport: 'sse', ...base, request, response })
  }
  const response: HttpInteraction['response'] = { status, headers }
  if (captured.bytes.length > 0) {
    const parsed = isJson(headers['content-type']) ? tryParseJson(captured.bytes.toString('utf8')) : undefined
    if (parsed?.ok) response.body = parsed.value
    else {
      if (parsed !== undefined) notes.push('The body was declared JSON but did not parse; it is stored as base64.')
      response.body_base64 = captured.bytes.toString('base64')
    }
  }
  return withNotes<HttpInteraction>({ transport: 'http', ...base, request, response })
}

function recordedRequest(captured: HttpCapture['request']): RecordedRequest {
  const { body, contentType, ...target } = captured
  const request: RecordedRequest = target
  if (body.length === 0) return request
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.length)
  const parsed = contentType === undefined || isJson(contentType) ? tryParseJson(bytes.toString('utf8')) : undefined
  if (parsed?.ok) request.body = parsed.value
  else request.body_base64 = bytes.toString('base64')
  return request
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /[/+]json\b/i.test(contentType)
}
