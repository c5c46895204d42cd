import { describe, expect, it } from 'vitest'
import {
  connectionLimitFrame,
  flatErrorFrame,
  previousResponseNotFoundFrame,
  replayMissFrame,
  streamLimitFrame,
} from '../../../src/websocket/error-frames.js'

describe('error frames', () => {
  it('builds the documented previous_response_not_found frame, nested, with the lane echoed', () => {
    expect(previousResponseNotFoundFrame('resp_abc', 'agent_1')).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'previous_response_not_found',
        message: "Previous response with id 'resp_abc' not found.",
        param: 'previous_response_id',
      },
      stream_id: 'agent_1',
    })
  })

  it('leaves stream_id out when no lane was named', () => {
    expect(previousResponseNotFoundFrame('resp_abc')).not.toHaveProperty('stream_id')
  })

  it('uses the documented texts for the connection and stream limits', () => {
    expect(connectionLimitFrame()).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'websocket_connection_limit_reached',
        message:
          'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
        param: null,
      },
    })
    expect(streamLimitFrame('l')).toMatchObject({
      error: {
        code: 'websocket_stream_limit_reached',
        message: 'This WebSocket connection has reached its stream limit.',
        param: 'stream_id',
      },
      stream_id: 'l',
    })
  })

  it('turns a replay miss into a nested 404 carrying the Lookup message', () => {
    expect(replayMissFrame('exhausted', 'Failed to replay: used up.')).toEqual({
      type: 'error',
      status: 404,
      error: {
        type: 'invalid_request_error',
        code: 'tapedeck_replay_exhausted',
        message: 'Failed to replay: used up.',
        param: null,
      },
    })
  })

  it('builds the flat in-stream shape with its sequence number', () => {
    expect(flatErrorFrame({ code: 'server_error', message: 'boom', param: null }, 7)).toEqual({
      type: 'error',
      code: 'server_error',
      message: 'boom',
      param: null,
      sequence_number: 7,
    })
  })
})
