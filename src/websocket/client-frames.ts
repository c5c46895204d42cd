/**
 * Parsing and classification of the frames a Responses WebSocket client sends
 * (openai-wire-protocol.md §2.2). Pure: text in, a tagged result out.
 *
 * @note `response.create` comes flat (the spec and every SDK) or nested under `response` (older
 * simulators). Both flatten to the same body with the exchange index's own function, so that
 * either shape matches either recording.
 * @module
 */
import { flattenResponseCreate } from '../replay/exchange-index.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'

/** A `response.create`, flattened. */
export interface CreateFrame {
  kind: 'create'
  /** The request body as the exchange index derives it from a recorded frame (for matching). */
  body: JsonObject
  /** Every member of the frame but `type`, a nested `response` merged in (for the semantics). */
  settings: JsonObject
  shape: 'flat' | 'nested'
  /** The lane, when the create named one (already validated). */
  streamId: string | undefined
}

/** A client event tapedeck knows but cannot replay (`response.steer`). */
export interface UnsupportedFrame {
  kind: 'unsupported'
  type: string
  streamId: string | undefined
}

/** A frame that gets a 400 `invalid_request_error` and nothing else. */
export interface InvalidFrame {
  kind: 'invalid'
  code: string
  message: string
  param: string | null
  streamId: string | undefined
}

/** Every classification of a client frame. */
export type ClientFrame = CreateFrame | UnsupportedFrame | InvalidFrame

/** `stream_id`: 1 to 256 characters of letters, digits, `_`, `.` and `-` (§2.2). */
export const STREAM_ID_PATTERN = /^[A-Za-z0-9_.-]{1,256}$/

const UNSUPPORTED_TYPES = new Set(['response.steer'])

/**
 * Parse one client frame. Binary frames, text that is not JSON, JSON that is not an object with a
 * string `type`, and unknown types come back as `invalid`; they never throw.
 *
 * @example
 * parseClientFrame('{"type":"response.create","response":{"model":"gpt-5"}}', false)
 * // { kind: 'create', body: { model: 'gpt-5' }, settings: { model: 'gpt-5' }, shape: 'nested', ... }
 */
export function parseClientFrame(text: string, isBinary: boolean): ClientFrame {
  if (isBinary) {
    return invalid(
      'invalid_event',
      'Failed to read the client frame: it is a binary frame. Send client events as JSON text frames.',
      null,
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return invalid(
      'invalid_json',
      'Failed to parse the client frame: it is not valid JSON. Send one JSON object per text frame.',
      null,
    )
  }
  if (!isJsonObject(parsed)) {
    return invalid(
      'invalid_event',
      'Failed to read the client frame: it is not a JSON object. Send an object such as {"type":"response.create", ...}.',
      null,
    )
  }
  const type = parsed['type']
  if (typeof type !== 'string') {
    return invalid(
      'invalid_event',
      'Failed to read the client frame: it has no string "type". Add "type":"response.create".',
      'type',
    )
  }
  if (type === 'response.create') return classifyCreate(parsed)
  const streamId = validStreamIdOf(parsed)
  if (UNSUPPORTED_TYPES.has(type)) return { kind: 'unsupported', type, streamId }
  return invalid(
    'unknown_event_type',
    `Failed to handle the client frame: unknown event type ${JSON.stringify(type)}. Supported: "response.create".`,
    'type',
    streamId,
  )
}

/**
 * The settings a `response.create` frame carries: every member but `type`, with the members of a
 * nested `response` object lifted to the top level (they win over siblings of the same name).
 *
 * @example
 * createSettings({ type: 'response.create', response: { model: 'm' }, stream_id: 'a' })
 * // { stream_id: 'a', model: 'm' }
 */
export function createSettings(frame: JsonObject): JsonObject {
  const body: JsonObject = {}
  for (const [key, value] of Object.entries(frame)) {
    if (key === 'type') continue
    if (key === 'response' && isJsonObject(value)) continue
    body[key] = value
  }
  const nested = frame['response']
  if (isJsonObject(nested)) Object.assign(body, nested)
  return body
}

function classifyCreate(frame: JsonObject): ClientFrame {
  const nested = frame['response']
  if (nested !== undefined && !isJsonObject(nested)) {
    return invalid(
      'invalid_request_body',
      'Failed to read response.create: "response" is not an object. Send the body flat next to "type", or nested as an object under "response".',
      'response',
    )
  }
  const settings = createSettings(frame)
  const rawStreamId = settings['stream_id']
  if (rawStreamId !== undefined && !isValidStreamId(rawStreamId)) {
    return invalid(
      'invalid_stream_id',
      `Invalid stream_id ${JSON.stringify(rawStreamId)}: use 1 to 256 characters from A-Z, a-z, 0-9, "_", "." and "-".`,
      'stream_id',
    )
  }
  const fieldError = checkFieldTypes(settings)
  const streamId = typeof rawStreamId === 'string' ? rawStreamId : undefined
  if (fieldError !== undefined) return { ...fieldError, streamId }
  const body = flattenResponseCreate(frame)
  return { kind: 'create', body, settings, shape: nested === undefined ? 'flat' : 'nested', streamId }
}

function checkFieldTypes(settings: JsonObject): InvalidFrame | undefined {
  const previous = settings['previous_response_id']
  if (previous !== undefined && previous !== null && typeof previous !== 'string') {
    return invalid(
      'invalid_type',
      'Invalid type for "previous_response_id": expected a string or null.',
      'previous_response_id',
    )
  }
  for (const flag of ['generate', 'store', 'background'] as const) {
    const value = settings[flag]
    if (value !== undefined && value !== null && typeof value !== 'boolean') {
      return invalid('invalid_type', `Invalid type for "${flag}": expected a boolean.`, flag)
    }
  }
  return undefined
}

function isValidStreamId(value: JsonValue): value is string {
  return typeof value === 'string' && STREAM_ID_PATTERN.test(value)
}

function validStreamIdOf(frame: JsonObject): string | undefined {
  const value = frame['stream_id']
  return value !== undefined && isValidStreamId(value) ? value : undefined
}

function invalid(
  code: string,
  message: string,
  param: string | null,
  streamId?: string,
): InvalidFrame {
  return { kind: 'invalid', code, message, param, streamId }
}
