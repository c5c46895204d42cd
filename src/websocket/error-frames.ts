/**
 * Builders for the two `error` frame shapes of Responses WebSocket mode
 * (openai-wire-protocol.md §2.6): nested for request and protocol errors that come before a
 * response starts, flat for failures inside a running response. Pure data, no I/O.
 * @module
 */
import type { JsonObject } from '../util/json.js'

/** The inner payload of a nested error frame. */
export interface ErrorPayload {
  type: string
  code: string | null
  message: string
  param: string | null
}

/** The documented text of the 60-minute limit error (match on `code`, but keep the text). */
export const CONNECTION_LIMIT_MESSAGE =
  'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.'

/** The spec's example text for the lane and in-flight limits. */
export const STREAM_LIMIT_MESSAGE = 'This WebSocket connection has reached its stream limit.'

/**
 * A nested error frame: `{type:'error', status, error:{type, code, message, param}}`, with
 * `stream_id` when the request named a lane.
 *
 * @example
 * nestedErrorFrame(400, { type: 'invalid_request_error', code: 'invalid_json',
 *   message: 'Failed to parse the frame: it is not JSON.', param: null })
 */
export function nestedErrorFrame(
  status: number,
  error: ErrorPayload,
  streamId?: string,
): JsonObject {
  const frame: JsonObject = {
    type: 'error',
    status,
    error: { type: error.type, code: error.code, message: error.message, param: error.param },
  }
  if (streamId !== undefined) frame['stream_id'] = streamId
  return frame
}

/**
 * A flat error frame, as sent inside a running response (spec `ResponseErrorEvent`).
 *
 * @example
 * flatErrorFrame({ code: 'server_error', message: 'boom', param: null }, 7)
 * // { type: 'error', code: 'server_error', message: 'boom', param: null, sequence_number: 7 }
 */
export function flatErrorFrame(
  error: Omit<ErrorPayload, 'type'>,
  sequenceNumber: number,
  streamId?: string,
): JsonObject {
  const frame: JsonObject = {
    type: 'error',
    code: error.code,
    message: error.message,
    param: error.param,
    sequence_number: sequenceNumber,
  }
  if (streamId !== undefined) frame['stream_id'] = streamId
  return frame
}

/**
 * A 400 `invalid_request_error` in the nested shape, the answer to every malformed client frame.
 *
 * @example
 * invalidRequestFrame('unknown_event_type', 'Unknown event type "foo".', 'type')
 */
export function invalidRequestFrame(
  code: string,
  message: string,
  param: string | null,
  streamId?: string,
): JsonObject {
  return nestedErrorFrame(400, { type: 'invalid_request_error', code, message, param }, streamId)
}

/**
 * The `previous_response_not_found` error, with the documented message text.
 *
 * @example
 * previousResponseNotFoundFrame('resp_abc').error
 * // { ..., message: "Previous response with id 'resp_abc' not found.", param: 'previous_response_id' }
 */
export function previousResponseNotFoundFrame(id: string, streamId?: string): JsonObject {
  return invalidRequestFrame(
    'previous_response_not_found',
    `Previous response with id '${id}' not found.`,
    'previous_response_id',
    streamId,
  )
}

/**
 * The `websocket_connection_limit_reached` error sent at the end of a connection's lifetime.
 *
 * @example
 * connectionLimitFrame().error // { code: 'websocket_connection_limit_reached', param: null, ... }
 */
export function connectionLimitFrame(): JsonObject {
  return invalidRequestFrame('websocket_connection_limit_reached', CONNECTION_LIMIT_MESSAGE, null)
}

/**
 * The `websocket_stream_limit_reached` error (too many named lanes or in-flight responses).
 *
 * @example
 * streamLimitFrame('lane_33')
 */
export function streamLimitFrame(streamId: string): JsonObject {
  return invalidRequestFrame(
    'websocket_stream_limit_reached',
    STREAM_LIMIT_MESSAGE,
    'stream_id',
    streamId,
  )
}

/**
 * The answer to a replay miss: the same explanation as the HTTP miss, as a nested 404 error.
 *
 * @example
 * replayMissFrame('no_match', 'Failed to replay POST /v1/responses: ...')
 * // { type: 'error', status: 404, error: { type: 'invalid_request_error',
 * //   code: 'tapedeck_replay_no_match', message: 'Failed to replay ...', param: null } }
 */
export function replayMissFrame(
  reason: 'no_match' | 'exhausted',
  message: string,
  streamId?: string,
): JsonObject {
  return nestedErrorFrame(
    404,
    { type: 'invalid_request_error', code: `tapedeck_replay_${reason}`, message, param: null },
    streamId,
  )
}

/**
 * The answer to `background: true`, which WebSocket mode does not support (§2.2).
 *
 * @example
 * backgroundUnsupportedFrame().error // { code: 'unsupported_parameter', param: 'background', ... }
 */
export function backgroundUnsupportedFrame(streamId?: string): JsonObject {
  return invalidRequestFrame(
    'unsupported_parameter',
    "Unsupported parameter: 'background' is not supported over WebSocket. Use POST /v1/responses for background responses.",
    'background',
    streamId,
  )
}

/**
 * The answer to a client event tapedeck knows but cannot replay (`response.steer`).
 *
 * @example
 * unsupportedEventFrame('response.steer').error // { code: 'tapedeck_unsupported_event', param: 'type', ... }
 */
export function unsupportedEventFrame(type: string, streamId?: string): JsonObject {
  return invalidRequestFrame(
    'tapedeck_unsupported_event',
    `Failed to handle ${type}: tapedeck cannot replay it (there is no recording format for it yet). ` +
      'Keep this event out of replayed tests, or run them against the real API.',
    'type',
    streamId,
  )
}
