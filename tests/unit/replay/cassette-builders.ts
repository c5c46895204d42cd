/** Small in-memory cassettes for the replay unit tests. */
import type { Cassette, HttpInteraction, SseEvent, SseInteraction, WebSocketInteraction } from '../../../src/cassette/model.js'
import type { JsonObject, JsonValue } from '../../../src/util/json.js'

export function httpJson(path: string, body: JsonValue, answer: JsonValue, status = 200): HttpInteraction {
  return {
    transport: 'http',
    request: { method: 'POST', path, body },
    response: { status, headers: { 'content-type': 'application/json', 'x-request-id': 'req_1' }, body: answer },
  }
}

export function sse(path: string, body: JsonValue, events: SseEvent[], truncated = false): SseInteraction {
  const interaction: SseInteraction = {
    transport: 'sse',
    request: { method: 'POST', path, body },
    response: { status: 200, headers: { 'content-type': 'text/event-stream', server: 'cloudflare' }, events },
  }
  if (truncated) interaction.response.truncated = true
  return interaction
}

export function responsesEvents(id: string, text: string): SseEvent[] {
  const response = (status: string, output: JsonValue[]) => ({ id, object: 'response', status, output, model: 'gpt-5.5' })
  const item = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] }
  const payloads: JsonObject[] = [
    { type: 'response.created', sequence_number: 0, response: response('in_progress', []) },
    { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: text, logprobs: [] },
    { type: 'response.completed', sequence_number: 2, response: response('completed', [item]) },
  ]
  return payloads.map((data, index) => ({ at: index * 10, event: String(data['type']), data }))
}

export function cassette(interactions: Cassette['interactions'], match?: Cassette['match']): Cassette {
  return match === undefined ? { version: 1, interactions } : { version: 1, match, interactions }
}

export function webSocket(turns: WebSocketInteraction['turns'], close = true): WebSocketInteraction {
  const interaction: WebSocketInteraction = { transport: 'websocket', request: { path: '/v1/responses' }, turns }
  if (close) interaction.close = { at: 999, by: 'client', code: 1000 }
  return interaction
}
