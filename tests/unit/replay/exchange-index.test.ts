import { describe, expect, it } from 'vitest'
import { requestKey } from '../../../src/matching/request-key.js'
import { buildExchanges, flattenResponseCreate } from '../../../src/replay/exchange-index.js'
import { cassette, httpJson, responsesEvents, sse, webSocket } from './cassette-builders.js'

describe('buildExchanges', () => {
  it('makes one exchange per http and sse interaction, in order, with its source', () => {
    const exchanges = buildExchanges({
      file: 'a.yaml',
      cassette: cassette([
        httpJson('/v1/responses', { model: 'm', input: 'x' }, { id: 'resp_1' }),
        sse('/v1/chat/completions', { model: 'm', messages: [], stream: true }, [{ at: 0, raw_data: '[DONE]' }]),
      ]),
    })
    expect(exchanges.map((exchange) => [exchange.endpoint, exchange.answer.kind, exchange.source])).toEqual([
      ['responses', 'json', { cassette: 'a.yaml', interaction: 0, transport: 'http' }],
      ['chat', 'stream', { cassette: 'a.yaml', interaction: 1, transport: 'sse' }],
    ])
  })

  it('makes one exchange per response.create turn of a WebSocket, answered by its server frames', () => {
    const events = responsesEvents('resp_1', 'Hi')
    const [exchange, ...rest] = buildExchanges({
      file: 'ws.yaml',
      cassette: cassette([
        webSocket([
          {
            client: { at: 100, data: { type: 'response.create', model: 'm', input: 'hi', stream_id: 'lane' } },
            server: events.map((event) => ({ at: 100 + event.at, data: event.data ?? null })),
          },
          { client: { at: 300, data: { type: 'response.steer', input: [] } }, server: [] },
        ]),
      ]),
    })
    expect(rest).toEqual([])
    expect(exchange?.body).toEqual({ model: 'm', input: 'hi', stream_id: 'lane' })
    expect(exchange?.source).toEqual({ cassette: 'ws.yaml', interaction: 0, turn: 0, transport: 'websocket' })
    expect(exchange?.key).toBe(requestKey({ method: 'POST', path: '/v1/responses', body: { model: 'm', input: 'hi', stream: true } }))
    expect(exchange?.answer).toEqual({ kind: 'stream', status: 200, headers: {}, events, truncated: false })
  })

  it('marks the last WebSocket turn truncated when the connection closed before a terminal event', () => {
    const [exchange] = buildExchanges({
      file: 'ws.yaml',
      cassette: cassette([
        webSocket([
          {
            client: { at: 0, data: { type: 'response.create', model: 'm' } },
            server: [{ at: 5, data: { type: 'response.created', sequence_number: 0, response: {} } }],
          },
        ]),
      ]),
    })
    expect(exchange?.answer).toMatchObject({ kind: 'stream', truncated: true })
  })

  it('keys each exchange with its cassette ignore list', () => {
    const [exchange] = buildExchanges({
      file: 'a.yaml',
      cassette: cassette([httpJson('/v1/responses', { model: 'm', metadata: { run: 1 } }, {})], { ignore: ['/metadata'] }),
    })
    expect(exchange?.key).toBe(requestKey({ method: 'POST', path: '/v1/responses', body: { model: 'm' } }))
  })
})

describe('flattenResponseCreate', () => {
  it('drops type from the flat form and unwraps the nested form', () => {
    expect(flattenResponseCreate({ type: 'response.create', model: 'm' })).toEqual({ model: 'm' })
    expect(flattenResponseCreate({ type: 'response.create', response: { model: 'm', input: 'x' } })).toEqual({ model: 'm', input: 'x' })
  })
})
