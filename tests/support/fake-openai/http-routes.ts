/**
 * The HTTP routes of the fake upstream: Responses (JSON and SSE), Chat Completions (JSON and
 * SSE, tool calls), embeddings, models, `GET /v1/responses/{id}` and a binary speech route.
 * @module
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isJsonObject, type JsonObject, type JsonValue } from '../../../src/util/json.js'
import { buildChatChunks, buildChatCompletion } from './chat-chunks.js'
import { FAKE_CREATED_AT } from './ids.js'
import { commonHeaders, errorBody, sendBytes, sendError, sendJson, streamSse } from './http-writer.js'
import { buildResponseEvents, terminalResponse } from './responses-events.js'
import { lastChatTurn, lastResponsesTurn, parseScript, type Script } from './script.js'
import type { FakeState } from './state.js'

/**
 * Answer one HTTP request. `body` is the parsed JSON body, when there was one.
 *
 * @example
 * await handleHttp(state, req, res, '/v1/responses', body)
 */
export async function handleHttp(
  state: FakeState,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  body: JsonValue | undefined,
): Promise<void> {
  const method = req.method ?? 'GET'
  const header = req.headers['x-fake-script']
  const scriptHeader = typeof header === 'string' ? header : undefined
  const json: JsonObject = isJsonObject(body) ? body : {}
  if (method === 'POST' && path === '/v1/responses') return createResponse(state, res, json, scriptHeader)
  if (method === 'POST' && path === '/v1/chat/completions') return createChat(state, res, json, scriptHeader)
  if (method === 'POST' && path === '/v1/embeddings') return embeddings(state, res, json)
  if (method === 'POST' && path === '/v1/audio/speech') return speech(state, res, json)
  if (method === 'GET' && path === '/v1/models') {
    const model = { id: 'gpt-fake', object: 'model', created: FAKE_CREATED_AT, owned_by: 'tapedeck' }
    const models = { object: 'list', data: [model] }
    return sendJson(res, 200, models, commonHeaders('req_models'))
  }
  const stored = method === 'GET' ? /^\/v1\/responses\/([^/]+)$/.exec(path) : null
  if (stored?.[1] !== undefined) {
    const response = state.stored.get(stored[1])
    if (response !== undefined) return sendJson(res, 200, response, commonHeaders('req_get'))
    return sendJson(res, 404, errorBody(404, `No response found with id '${stored[1]}'.`), commonHeaders('req_get'))
  }
  sendJson(res, 404, errorBody(404, `Unknown route ${method} ${path} on the fake upstream.`), commonHeaders('req_404'))
}

async function createResponse(state: FakeState, res: ServerResponse, body: JsonObject, header?: string) {
  const script = withDelay(state, parseScript(lastResponsesTurn(body['input']), header))
  const ids = state.ids.next(JSON.stringify(body))
  const headers = commonHeaders(ids.requestId)
  if (script.errorStatus !== undefined) return sendError(res, script.errorStatus, headers)
  const events = buildResponseEvents({ ids, body, script })
  const final = terminalResponse(events)
  if (body['store'] !== false && final['status'] === 'completed') state.stored.set(String(final['id']), final)
  if (body['stream'] !== true) {
    if (script.failMidStream) return sendError(res, 500, headers)
    return sendJson(res, 200, final, headers, script)
  }
  const messages = events.map((event) => ({ event: String(event['type']), data: JSON.stringify(event) }))
  await streamSse(res, messages, headers, script)
}

async function createChat(state: FakeState, res: ServerResponse, body: JsonObject, header?: string) {
  const script = withDelay(state, parseScript(lastChatTurn(body['messages']), header))
  const ids = state.ids.next(JSON.stringify(body))
  const headers = commonHeaders(ids.requestId)
  if (script.errorStatus !== undefined) return sendError(res, script.errorStatus, headers)
  const plan = { ids, body, script }
  if (body['stream'] !== true) return sendJson(res, 200, buildChatCompletion(plan), headers, script)
  const messages = buildChatChunks(plan).map((chunk) => ({ data: JSON.stringify(chunk) }))
  if (script.failMidStream) {
    const failure = errorBody(500, 'The fake upstream failed mid-stream as scripted.')
    messages.splice(2, messages.length, { data: JSON.stringify(failure) })
  } else messages.push({ data: '[DONE]' })
  await streamSse(res, messages, headers, script)
}

function embeddings(state: FakeState, res: ServerResponse, body: JsonObject) {
  const inputs = Array.isArray(body['input']) ? body['input'] : [body['input'] ?? '']
  const ids = state.ids.next(JSON.stringify(body))
  const base64 = body['encoding_format'] !== 'float'
  const data = inputs.map((input, index) => {
    const digest = createHash('sha256').update(JSON.stringify(input)).digest()
    const floats = new Float32Array(8).map((_, i) => ((digest[i] ?? 0) - 128) / 128)
    const embedding = base64 ? Buffer.from(floats.buffer).toString('base64') : Array.from(floats)
    return { object: 'embedding', index, embedding }
  })
  const tokens = Math.max(1, Math.ceil(JSON.stringify(inputs).length / 4))
  const answer = {
    object: 'list',
    data,
    model: body['model'] ?? 'text-embedding-fake',
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  }
  sendJson(res, 200, answer, commonHeaders(ids.requestId))
}

function speech(state: FakeState, res: ServerResponse, body: JsonObject) {
  const ids = state.ids.next(JSON.stringify(body))
  const digest = createHash('sha256').update(String(body['input'] ?? '')).digest()
  // An MPEG frame header followed by bytes that are not valid UTF-8.
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64, 0x00, 0x80, 0xfe]), digest])
  sendBytes(res, 'audio/mpeg', bytes, commonHeaders(ids.requestId))
}

function withDelay(state: FakeState, script: Script): Script {
  if (script.slowMs === undefined && state.eventDelayMs > 0) return { ...script, slowMs: state.eventDelayMs }
  return script
}
