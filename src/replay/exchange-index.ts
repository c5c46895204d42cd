/**
 * Cassettes → exchanges, the unit of matching: an `http` or `sse` interaction is one exchange,
 * and every WebSocket turn that starts with a `response.create` is one, answered by the turn's
 * server frames as a stream of events. Pure: no I/O.
 * @module
 */
import type {
  Cassette,
  HttpInteraction,
  SseEvent,
  SseInteraction,
  WebSocketFrame,
  WebSocketInteraction,
} from '../cassette/model.js'
import { canonicalRequest } from '../matching/request-key.js'
import { RESPONSES_PATH, resolveEndpoint } from '../protocol/endpoints.js'
import { assertNever } from '../util/assert-never.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import type { Exchange } from './types.js'

/** A cassette together with the file it was read from (used in messages). */
export interface LoadedCassette {
  file: string
  cassette: Cassette
}

/** Server event types that end a Responses turn. */
const TERMINAL_EVENT_TYPES = new Set(['response.completed', 'response.failed', 'response.incomplete', 'error'])

/**
 * Derive the exchanges of one cassette, in recorded order, keyed with its `match.ignore`.
 *
 * @example
 * const exchanges = buildExchanges({ file: 'hello.yaml', cassette })
 * exchanges[0].answer.kind // 'stream' for an `sse` interaction
 */
export function buildExchanges(loaded: LoadedCassette): Exchange[] {
  const ignore = loaded.cassette.match?.ignore ?? []
  const exchanges: Exchange[] = []
  loaded.cassette.interactions.forEach((interaction, index) => {
    switch (interaction.transport) {
      case 'http':
        exchanges.push(httpExchange(interaction, loaded.file, index, ignore))
        return
      case 'sse':
        exchanges.push(sseExchange(interaction, loaded.file, index, ignore))
        return
      case 'websocket':
        exchanges.push(...webSocketExchanges(interaction, loaded.file, index, ignore))
        return
      default:
        assertNever(interaction)
    }
  })
  return exchanges
}

/**
 * The body a `response.create` frame stands for: the frame without `type`, or the inner
 * `response` object of the older nested form `{type, response: {...}}`.
 *
 * @example
 * flattenResponseCreate({ type: 'response.create', model: 'm', input: 'hi' }) // { model: 'm', input: 'hi' }
 * flattenResponseCreate({ type: 'response.create', response: { model: 'm' } }) // { model: 'm' }
 */
export function flattenResponseCreate(frame: JsonObject): JsonObject {
  const { type: _type, response, ...rest } = frame
  if (isJsonObject(response) && Object.keys(rest).every((key) => key === 'stream_id')) return response
  return response === undefined ? rest : { ...rest, response }
}

function httpExchange(interaction: HttpInteraction, file: string, index: number, ignore: string[]): Exchange {
  const { request, response } = interaction
  const answer: Exchange['answer'] = {
    kind: 'json',
    status: response.status,
    headers: response.headers ?? {},
  }
  if (response.body !== undefined) answer.body = response.body
  if (response.body_base64 !== undefined) answer.bodyBase64 = response.body_base64
  return {
    ...requestPart(request.method, request.path, request.query, request.body, ignore),
    source: { cassette: file, interaction: index, transport: 'http' },
    answer,
  }
}

function sseExchange(interaction: SseInteraction, file: string, index: number, ignore: string[]): Exchange {
  const { request, response } = interaction
  return {
    ...requestPart(request.method, request.path, request.query, request.body, ignore),
    source: { cassette: file, interaction: index, transport: 'sse' },
    answer: {
      kind: 'stream',
      status: response.status,
      headers: response.headers ?? {},
      events: response.events,
      truncated: response.truncated === true,
    },
  }
}

function webSocketExchanges(
  interaction: WebSocketInteraction,
  file: string,
  index: number,
  ignore: string[],
): Exchange[] {
  const exchanges: Exchange[] = []
  const path = interaction.request.path || RESPONSES_PATH
  interaction.turns.forEach((turn, turnIndex) => {
    const frame = turn.client.data
    if (!isJsonObject(frame) || frame['type'] !== 'response.create') return
    const isLastTurn = turnIndex === interaction.turns.length - 1
    const lastType = frameType(turn.server[turn.server.length - 1])
    exchanges.push({
      ...requestPart('GET', path, interaction.request.query, flattenResponseCreate(frame), ignore),
      source: { cassette: file, interaction: index, turn: turnIndex, transport: 'websocket' },
      answer: {
        kind: 'stream',
        status: 200,
        headers: {},
        events: turn.server.map((server) => frameToEvent(server, turn.client.at)),
        truncated: isLastTurn && interaction.close !== undefined && !TERMINAL_EVENT_TYPES.has(lastType ?? ''),
      },
    })
  })
  return exchanges
}

function requestPart(
  method: string,
  path: string,
  query: Record<string, string> | undefined,
  body: JsonValue | undefined,
  ignore: string[],
): Pick<Exchange, 'endpoint' | 'method' | 'path' | 'query' | 'body' | 'key'> {
  const canonical = canonicalRequest({ method, path, query, body }, ignore)
  const part: Pick<Exchange, 'endpoint' | 'method' | 'path' | 'query' | 'body' | 'key'> = {
    endpoint: resolveEndpoint(method, path),
    method: method.toUpperCase(),
    path,
    body,
    key: canonical.key,
  }
  if (query !== undefined) part.query = query
  return part
}

function frameToEvent(frame: WebSocketFrame, turnStart: number): SseEvent {
  const event: SseEvent = { at: Math.max(0, frame.at - turnStart) }
  const type = frameType(frame)
  if (type !== undefined) event.event = type
  if (frame.data !== undefined) event.data = frame.data
  else if (frame.raw !== undefined) event.raw_data = frame.raw
  return event
}

function frameType(frame: WebSocketFrame | undefined): string | undefined {
  const data = frame?.data
  return isJsonObject(data) && typeof data['type'] === 'string' ? data['type'] : undefined
}
