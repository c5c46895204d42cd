/**
 * Grouping the frames of a relayed Responses WebSocket connection into turns, as the cassette
 * model stores them: each client frame starts a turn, and each server frame belongs to the
 * earliest turn on its lane (`stream_id`, or the default lane) whose response has not ended.
 * Pure.
 *
 * A turn ends with `response.completed`, `response.failed`, `response.incomplete` or
 * `response.error`, or with an `error` frame that arrives before its response started (a request
 * error such as `previous_response_not_found`). An `error` inside a running response is not the
 * end: `response.failed` follows it. A `response.created` for a new response id also ends a turn
 * whose response started earlier (the upstream never ends a lane's response silently, but if it
 * did, frames would otherwise pile onto the wrong turn). `response.steer` frames are answered by
 * `response.steer.*` frames, which go to the earliest unanswered steer on the lane.
 * Server frames before any client frame form the preamble; frames with no open turn (a late
 * connection-limit error) join the latest turn.
 * @module
 */
import type { WebSocketFrame, WebSocketTurn } from '../cassette/model.js'
import { isJsonObject } from '../util/json.js'

/** Collects frames in arrival order and attributes them to turns. */
export interface TurnRecorder {
  clientFrame(frame: WebSocketFrame): void
  serverFrame(frame: WebSocketFrame): void
  /** The turns so far, and the preamble when there was one. */
  result(): { preamble?: WebSocketFrame[]; turns: WebSocketTurn[] }
}

interface OpenTurn {
  turn: WebSocketTurn
  lane: string
  steer: boolean
  responseId?: string
}

const TERMINAL_TYPES = new Set([
  'response.completed',
  'response.failed',
  'response.incomplete',
  'response.error',
])

/**
 * Create a turn recorder.
 *
 * @example
 * const turns = createTurnRecorder()
 * turns.clientFrame({ at: 0, data: { type: 'response.create', model: 'gpt-5.5' } })
 * turns.serverFrame({ at: 5, data: { type: 'response.created', response: { id: 'resp_1' } } })
 * turns.result().turns[0]?.server.length // 1
 */
export function createTurnRecorder(): TurnRecorder {
  const preamble: WebSocketFrame[] = []
  const turns: WebSocketTurn[] = []
  let open: OpenTurn[] = []
  const finish = (entry: OpenTurn) => {
    open = open.filter((candidate) => candidate !== entry)
  }

  return {
    clientFrame(frame) {
      const turn: WebSocketTurn = { client: frame, server: [] }
      turns.push(turn)
      const data = isJsonObject(frame.data) ? frame.data : {}
      open.push({ turn, lane: laneOf(data['stream_id']), steer: data['type'] === 'response.steer' })
    },
    serverFrame(frame) {
      if (turns.length === 0) {
        preamble.push(frame)
        return
      }
      const data = isJsonObject(frame.data) ? frame.data : {}
      const type = typeof data['type'] === 'string' ? data['type'] : ''
      const lane = laneOf(data['stream_id'])
      const steerReply = type.startsWith('response.steer.')
      const onLane = (entry: OpenTurn) => entry.lane === lane && entry.steer === steerReply
      const anyLane = (entry: OpenTurn) => entry.steer === steerReply
      let target = open.find(onLane) ?? open.find(anyLane)
      const responseId = isJsonObject(data['response']) ? data['response']['id'] : undefined
      if (type === 'response.created' && target?.responseId !== undefined && target.responseId !== responseId) {
        finish(target)
        target = open.find(onLane) ?? open.find(anyLane)
      }
      if (target === undefined) {
        turns[turns.length - 1]?.server.push(frame)
        return
      }
      target.turn.server.push(frame)
      const started = target.responseId !== undefined
      if (typeof responseId === 'string') target.responseId = responseId
      if (steerReply || TERMINAL_TYPES.has(type) || (type === 'error' && !started)) finish(target)
    },
    result() {
      return preamble.length > 0 ? { preamble, turns } : { turns }
    },
  }
}

function laneOf(streamId: unknown): string {
  return typeof streamId === 'string' ? streamId : ''
}
