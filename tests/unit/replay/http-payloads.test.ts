import { describe, expect, it } from 'vitest'
import { buildExchanges } from '../../../src/replay/exchange-index.js'
import { compilePayload, createHttpPayloads, type HttpPayload } from '../../../src/replay/http-payloads.js'
import type { Exchange } from '../../../src/replay/types.js'
import { cassette, httpJson, responsesEvents, sse, webSocket } from './cassette-builders.js'

const only = (interaction: Parameters<typeof cassette>[0][number]): Exchange => {
  const [exchange] = buildExchanges({ file: 'c.yaml', cassette: cassette([interaction]) })
  if (exchange === undefined) throw new Error('no exchange')
  return exchange
}

const payload = (result: ReturnType<typeof compilePayload>): HttpPayload => {
  if (result.kind !== 'payload') throw new Error(result.message)
  return result
}

describe('compilePayload', () => {
  it('encodes a stream as SSE bytes, one Buffer for the body and one per event', () => {
    const events = responsesEvents('resp_1', 'Hi')
    const compiled = payload(compilePayload(only(sse('/v1/responses', { model: 'm' }, events)), true))
    const text = compiled.body.toString()
    expect(text.startsWith(`event: response.created\ndata: ${JSON.stringify(events[0]?.data)}\n\n`)).toBe(true)
    expect(compiled.events?.map((event) => event.bytes.toString()).join('')).toBe(text)
    expect(compiled.events?.map((event) => event.at)).toEqual([0, 10, 20])
    expect(compiled.headers).toEqual({ 'content-type': 'text/event-stream', 'content-length': String(compiled.body.length) })
    expect(compiled.streamHeaders).toEqual({ 'content-type': 'text/event-stream' })
  })

  it('keeps only the recorded headers worth replaying', () => {
    const interaction = httpJson('/v1/responses', {}, { ok: true })
    interaction.response.headers = {
      'Content-Type': 'application/json; charset=utf-8',
      'x-request-id': 'req_1',
      'openai-processing-ms': '12',
      'x-ratelimit-remaining-requests': '99',
      'set-cookie': '__cf_bm=secret',
      date: 'Thu, 20 Nov 2026 10:00:00 GMT',
    }
    const compiled = payload(compilePayload(only(interaction), false))
    expect(compiled.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'x-request-id': 'req_1',
      'openai-processing-ms': '12',
      'x-ratelimit-remaining-requests': '99',
      'content-length': String(compiled.body.length),
    })
    expect(JSON.parse(compiled.body.toString())).toEqual({ ok: true })
  })

  it('folds a stream into JSON for a non-streaming request', () => {
    const events = responsesEvents('resp_1', 'Hi')
    const compiled = payload(compilePayload(only(sse('/v1/responses', { model: 'm' }, events)), false))
    expect(compiled.headers['content-type']).toBe('application/json')
    expect(JSON.parse(compiled.body.toString())).toEqual((events[2]?.data as { response: unknown }).response)
  })

  it('refuses to stream a JSON recording, explaining why', () => {
    const result = compilePayload(only(httpJson('/v1/responses', {}, { id: 'resp_1' })), true)
    expect(result).toMatchObject({ kind: 'problem', status: 400, code: 'tapedeck_replay_not_streamed' })
  })

  it('answers a recorded JSON error as is, even to a streaming request', () => {
    const result = payload(compilePayload(only(httpJson('/v1/responses', {}, { error: { message: 'bad' } }, 400)), true))
    expect(result.status).toBe(400)
  })

  it('answers a stream that fails before starting with its HTTP error, even to a streaming request', () => {
    const failed = sse('/v1/responses', {}, [{ at: 0, event: 'error', data: { type: 'error', code: 'server_error', message: 'Boom.', param: null } }])
    const result = payload(compilePayload(only(failed), true))
    expect(result.status).toBe(500)
    expect(JSON.parse(result.body.toString())).toMatchObject({ error: { message: 'Boom.', code: 'server_error' } })
  })

  it('drops the WebSocket lane id from events replayed over SSE', () => {
    const exchange = only(
      webSocket([
        {
          client: { at: 0, data: { type: 'response.create', model: 'm', stream_id: 'lane' } },
          server: [{ at: 1, data: { type: 'response.completed', sequence_number: 0, stream_id: 'lane', response: { id: 'resp_1' } } }],
        },
      ]),
    )
    const result = payload(compilePayload(exchange, true))
    expect(result.body.toString()).toBe(
      'event: response.completed\ndata: {"type":"response.completed","sequence_number":0,"response":{"id":"resp_1"}}\n\n',
    )
  })

  it('sends no content-length for a truncated recording', () => {
    const compiled = payload(compilePayload(only(sse('/v1/responses', {}, responsesEvents('r', 'x').slice(0, 2), true)), true))
    expect(compiled.truncated).toBe(true)
    expect(compiled.headers['content-length']).toBeUndefined()
  })
})

describe('createHttpPayloads', () => {
  it('computes each form of an exchange once', () => {
    const payloads = createHttpPayloads()
    const exchange = only(sse('/v1/responses', {}, responsesEvents('r', 'x')))
    payloads.precompile([exchange])
    expect(payloads.get(exchange, true)).toBe(payloads.get(exchange, true))
    expect(payloads.get(exchange, false)).not.toBe(payloads.get(exchange, true))
  })
})
