/**
 * Responses WebSocket mode, per turn: the client frame is a valid response.create, the server
 * frames form one Responses stream (or are a single error frame), error frames have one of the
 * two shapes, and every frame echoes the stream_id the client asked for.
 * @module
 */
import { isJsonObject, type JsonValue } from '../util/json.js'
import { errorFrameViolations } from './error-frame.js'
import { schemaViolations } from './format-ajv-errors.js'
import { validateResponsesEvents } from './responses-stream-rules.js'
import { SCHEMA_REFS } from './schema-ids.js'
import { getSchemaRegistry, type SchemaRegistry } from './schema-registry.js'
import type { ValidateOptions, ValidationResult, Violation } from './types.js'

/** Options of validateWebSocketTurn. */
export interface WebSocketTurnOptions extends ValidateOptions {
  /** The client frame that started the turn; validated, and the source of the expected stream_id. */
  clientFrame?: JsonValue
  /** The connection closed before the turn ended (reported separately). */
  truncated?: boolean
}

/**
 * Validate the server frames of one WebSocket turn (parsed JSON frames). A turn may be a single
 * error frame, such as a nested `previous_response_not_found`.
 *
 * @example
 * validateWebSocketTurn([{ type: 'error', status: 400, error: { type: 'invalid_request_error',
 *   code: 'previous_response_not_found', message: 'Previous response not found.', param: 'previous_response_id' } }]).valid // true
 */
export function validateWebSocketTurn(
  serverFrames: readonly JsonValue[],
  options: WebSocketTurnOptions = {},
): ValidationResult {
  const profile = options.profile ?? 'wire'
  const registry = getSchemaRegistry(profile)
  const violations: Violation[] = []
  if (options.clientFrame !== undefined) violations.push(...clientFrameViolations(registry, options.clientFrame))
  const first = serverFrames[0]
  let dialects: ValidationResult['dialects'] = []
  if (serverFrames.length === 1 && isJsonObject(first) && first['type'] === 'error') {
    const seq = first['sequence_number']
    violations.push(...errorFrameViolations(registry, first, { index: 0, sequence_number: typeof seq === 'number' ? seq : undefined }))
  } else {
    const result = validateResponsesEvents(serverFrames, {
      profile,
      websocket: true,
      ...(options.truncated === undefined ? {} : { truncated: options.truncated }),
    })
    violations.push(...result.violations)
    dialects = result.dialects
  }
  violations.push(...streamIdViolations(serverFrames, options.clientFrame))
  violations.sort((a, b) => a.index - b.index)
  return { valid: violations.length === 0, violations, dialects }
}

/** Client-frame problems are reported at index -1 with rule ws.client. */
function clientFrameViolations(registry: SchemaRegistry, frame: JsonValue): Violation[] {
  const validate = registry.get(SCHEMA_REFS.websocketClientEvent)
  if (validate(frame)) return []
  return schemaViolations(validate.errors, { index: -1 }).map((violation) => ({
    ...violation,
    rule: 'ws.client',
    message: `client frame: ${violation.message}`,
  }))
}

function requestedStreamId(clientFrame: JsonValue | undefined): string | null | undefined {
  if (!isJsonObject(clientFrame)) return undefined
  const nested = isJsonObject(clientFrame['response']) ? clientFrame['response']['stream_id'] : undefined
  const id = clientFrame['stream_id'] ?? nested
  return typeof id === 'string' ? id : null
}

function streamIdViolations(frames: readonly JsonValue[], clientFrame: JsonValue | undefined): Violation[] {
  // undefined: unknown (no client frame), null: the client named no lane.
  let expected = requestedStreamId(clientFrame)
  const violations: Violation[] = []
  frames.forEach((frame, index) => {
    if (!isJsonObject(frame)) return
    const seen = typeof frame['stream_id'] === 'string' ? frame['stream_id'] : null
    if (expected === undefined) {
      expected = seen
      return
    }
    if (seen === expected) return
    const seq = frame['sequence_number']
    const violation: Violation = {
      rule: 'ws.stream_id',
      message:
        expected === null
          ? `expected no stream_id (the turn uses the default lane), saw ${JSON.stringify(seen)}`
          : `expected stream_id ${JSON.stringify(expected)} on every frame of the turn, saw ${seen === null ? 'none' : JSON.stringify(seen)}`,
      index,
      pointer: '/stream_id',
    }
    if (typeof seq === 'number') violation.sequence_number = seq
    violations.push(violation)
  })
  return violations
}
