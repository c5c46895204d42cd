/**
 * Responses WebSocket mode of the fake upstream (wire reference §2): one event per text frame,
 * `stream_id` lanes run FIFO per lane and concurrently across lanes, `generate: false` warmups,
 * and the connection-local `previous_response_id` cache (§2.8): with `store: false` only the
 * latest response of the connection (any lane's slot) can be chained from, otherwise a nested
 * `previous_response_not_found` error; a failed turn evicts the id it referenced.
 * @module
 */
import type { WebSocket } from 'ws'
import { isJsonObject, type JsonObject } from '../../../src/util/json.js'
import { errorBody } from './http-writer.js'
import { buildResponseEvents, terminalResponse } from './responses-events.js'
import { lastResponsesTurn, parseScript } from './script.js'
import { parseJsonBody, type FakeState } from './state.js'

/**
 * Serve one accepted WebSocket connection until it closes.
 *
 * @example
 * wss.on('connection', (socket) => serveResponsesSocket(state, socket))
 */
export function serveResponsesSocket(state: FakeState, socket: WebSocket): void {
  const cache = new Map<string, string>()
  const lanes = new Map<string, Promise<void>>()
  const send = (frame: JsonObject) =>
    new Promise<void>((resolve) => {
      if (socket.readyState !== socket.OPEN) return resolve()
      socket.send(JSON.stringify(frame), () => resolve())
    })

  socket.on('close', (code, reason) => {
    state.wsCloses.push({ code, reason: reason.toString('utf8') })
  })
  socket.on('message', (data, isBinary) => {
    const text = isBinary ? '' : String(data)
    const frame = parseJsonBody(text)
    state.requests.push({
      kind: 'ws-frame',
      method: 'WS',
      path: '/v1/responses',
      query: {},
      headers: {},
      body: frame,
      rawBody: text,
    })
    if (!isJsonObject(frame) || typeof frame['type'] !== 'string') {
      void send(nestedError(400, 'invalid_json', 'The frame is not a JSON object with a string "type".', null))
      return
    }
    if (frame['type'] !== 'response.create') {
      void send(nestedError(400, 'unknown_event_type', `Unsupported event type '${frame['type']}'.`, 'type'))
      return
    }
    const lane = typeof frame['stream_id'] === 'string' ? frame['stream_id'] : ''
    const previous = lanes.get(lane) ?? Promise.resolve()
    const next = previous.then(() => runTurn(state, frame, lane, cache, send, socket))
    lanes.set(lane, next)
  })
}

async function runTurn(
  state: FakeState,
  frame: JsonObject,
  lane: string,
  cache: Map<string, string>,
  send: (frame: JsonObject) => Promise<void>,
  socket: WebSocket,
): Promise<void> {
  const body = flatBody(frame)
  const laneFields: JsonObject = lane === '' ? {} : { stream_id: lane }
  const previousId = typeof body['previous_response_id'] === 'string' ? body['previous_response_id'] : undefined
  const evict = () => {
    for (const [key, id] of cache) if (id === previousId) cache.delete(key)
  }
  if (previousId !== undefined && !canChain(state, cache, previousId, body)) {
    evict()
    const message = `Previous response with id '${previousId}' not found.`
    await send({ ...nestedError(400, 'previous_response_not_found', message, 'previous_response_id'), ...laneFields })
    return
  }
  const script = parseScript(lastResponsesTurn(body['input']))
  if (script.slowMs === undefined && state.eventDelayMs > 0) script.slowMs = state.eventDelayMs
  if (script.errorStatus !== undefined) {
    evict()
    const { error } = errorBody(script.errorStatus)
    await send({ type: 'error', status: script.errorStatus, error, ...laneFields })
    return
  }
  const ids = state.ids.next(JSON.stringify(body))
  const events = buildResponseEvents({ ids, body, script, warmup: frame['generate'] === false }).map(flatError)
  for (const [index, event] of events.entries()) {
    if (script.cutAfter !== undefined && index >= script.cutAfter) {
      socket.terminate()
      return
    }
    if (index > 0 && script.slowMs) await new Promise((resolve) => setTimeout(resolve, script.slowMs))
    await send({ ...event, ...laneFields })
  }
  const final = terminalResponse(events)
  if (final['status'] !== 'completed') evict()
  else {
    const id = String(final['id'])
    cache.set(lane, id)
    if (body['store'] !== false) state.stored.set(id, final)
  }
  if (script.closeCode !== undefined) socket.close(script.closeCode, 'closed as scripted')
}

/** Mid-stream failures over WebSocket use the flat error form (§2.6). */
function flatError(event: JsonObject): JsonObject {
  const error = event['error']
  if (event['type'] !== 'error' || !isJsonObject(error)) return event
  return {
    type: 'error',
    sequence_number: event['sequence_number'] ?? 0,
    code: error['code'] ?? null,
    message: error['message'] ?? '',
    param: error['param'] ?? null,
  }
}

function canChain(state: FakeState, cache: Map<string, string>, id: string, body: JsonObject): boolean {
  if ([...cache.values()].includes(id)) return true
  return body['store'] !== false && state.stored.has(id)
}

/** The `response.create` body without the WebSocket-only fields; accepts the nested form too. */
function flatBody(frame: JsonObject): JsonObject {
  if (isJsonObject(frame['response'])) return frame['response']
  const { type: _type, stream_id: _lane, generate: _generate, ...body } = frame
  return body
}

function nestedError(status: number, code: string, message: string, param: string | null): JsonObject {
  return { type: 'error', status, error: { type: 'invalid_request_error', code, message, param } }
}
