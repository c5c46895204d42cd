import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { isTapedeckError } from '../../../src/errors.js'
import { isVcrpyDocument, vcrpyEntries, vcrpyToCassette } from '../../../src/import/vcrpy.js'
import { requestKey } from '../../../src/matching/request-key.js'
import { prepareRequest } from '../../../src/server/prepared-requests.js'

/** A pydantic-ai style cassette: parsed_body on both sides, one non-OpenAI request. */
const PARSED_BODY_CASSETTE = `interactions:
- request:
    headers:
      Authorization:
      - Bearer sk-secret
      Content-Type:
      - application/json
      cookie:
      - __cf_bm=abc
      OpenAI-Organization:
      - org-123
      openai-beta:
      - responses_websockets=2026-02-06
    method: POST
    parsed_body:
      model: gpt-5.5
      input: Hi
    uri: https://api.openai.com/v1/responses?trace=1
  response:
    headers:
      content-type:
      - application/json
      set-cookie:
      - session=1
      x-request-id:
      - req_abc
      openai-processing-ms:
      - '120'
      openai-project:
      - proj_1
    parsed_body:
      id: resp_1
      object: response
    status:
      code: 200
      message: OK
- request:
    body: ''
    headers: {}
    method: GET
    uri: https://www.example.com/image.png
  response:
    body:
      string: ''
    headers: {}
    status:
      code: 200
      message: OK
version: 1
`

/** Plain vcrpy: JSON request body as a string, SSE response body in body.string. */
const PLAIN_SSE_CASSETTE = `interactions:
- request:
    body: '{"model":"gpt-4.1","stream":true,"messages":[{"role":"user","content":"Hi"}]}'
    headers:
      api-key:
      - secret
    method: post
    uri: https://api.openai.com/v1/chat/completions
  response:
    body:
      string: 'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}


        data: [DONE]


        '
    headers:
      Content-Type:
      - text/event-stream; charset=utf-8
    status:
      code: 200
      message: OK
version: 1
`

describe('vcrpyToCassette', () => {
  it('keeps only api.openai.com /v1 requests and converts parsed bodies, path and query', () => {
    const cassette = vcrpyToCassette(PARSED_BODY_CASSETTE, 'tests/cassettes/test_hi.yaml')
    expect(cassette).toMatchObject({ version: 1, name: 'test_hi', meta: { recorded_with: 'vcrpy', imported_from: 'tests/cassettes/test_hi.yaml' } })
    expect(cassette.interactions).toEqual([
      {
        transport: 'http',
        request: {
          method: 'POST',
          path: '/v1/responses',
          query: { trace: '1' },
          headers: { 'content-type': 'application/json', 'openai-beta': 'responses_websockets=2026-02-06' },
          body: { model: 'gpt-5.5', input: 'Hi' },
        },
        response: {
          status: 200,
          headers: { 'content-type': 'application/json', 'x-request-id': 'req_abc', 'openai-processing-ms': '120' },
          body: { id: 'resp_1', object: 'response' },
        },
      },
    ])
  })

  it('turns a text/event-stream body into an SSE interaction with events at offset 0', () => {
    const [interaction] = vcrpyToCassette(PLAIN_SSE_CASSETTE, 'chat.yaml').interactions
    expect(interaction).toEqual({
      transport: 'sse',
      request: { method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-4.1', stream: true, messages: [{ role: 'user', content: 'Hi' }] } },
      response: {
        status: 200,
        headers: { 'content-type': 'text/event-stream; charset=utf-8' },
        events: [
          { at: 0, data: { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [] } },
          { at: 0, raw_data: '[DONE]' },
        ],
      },
    })
  })

  it('marks an SSE body that ends inside a message as truncated', () => {
    const text = PLAIN_SSE_CASSETTE.replace(`


        data: [DONE]


        '`, `


        data: {"id":"chatcmpl-1","obj'`)
    const [interaction] = vcrpyToCassette(text, 'cut.yaml').interactions
    expect(interaction).toMatchObject({ transport: 'sse', response: { truncated: true } })
    expect(interaction?.notes?.[0]).toContain('unterminated SSE message')
  })

  it('decodes !!binary bodies, gunzipping them when content-encoding says gzip', () => {
    const json = Buffer.from(JSON.stringify({ id: 'chatcmpl-2', object: 'chat.completion' }))
    const yaml = `interactions:
- request:
    body: !!binary |
      ${Buffer.from('{"model":"gpt-4.1"}').toString('base64')}
    headers: {}
    method: POST
    uri: https://api.openai.com/v1/chat/completions
  response:
    body:
      string: !!binary |
        ${gzipSync(json).toString('base64')}
    headers:
      Content-Encoding:
      - gzip
      Content-Type:
      - application/json
    status:
      code: 200
      message: OK
`
    const [interaction] = vcrpyToCassette(yaml, 'gz.yaml').interactions
    expect(interaction).toMatchObject({
      transport: 'http',
      request: { body: { model: 'gpt-4.1' } },
      response: { status: 200, body: { id: 'chatcmpl-2', object: 'chat.completion' } },
    })
  })

  it('keeps non-JSON bodies as base64 and omits empty ones', () => {
    const yaml = `interactions:
- request:
    body: "--boundary\\r\\nContent-Disposition: form-data; name=\\"purpose\\"\\r\\n"
    headers: {}
    method: POST
    uri: https://api.openai.com/v1/files
  response:
    body:
      string: ''
    headers: {}
    status:
      code: 204
      message: No Content
`
    const [interaction] = vcrpyToCassette(yaml, 'files.yaml').interactions
    expect(interaction).toEqual({
      transport: 'http',
      request: { method: 'POST', path: '/v1/files', body_base64: Buffer.from('--boundary\r\nContent-Disposition: form-data; name="purpose"\r\n').toString('base64') },
      response: { status: 204 },
    })
  })

  it('splits the query like a live request: a repeated parameter keeps its last value, so the live request matches', () => {
    const target = '/v1/files?limit=1&purpose=batch%20jobs&limit=2'
    const yaml = `interactions:
- request:
    body: ''
    headers: {}
    method: GET
    uri: https://api.openai.com${target}
  response:
    body:
      string: '{"object":"list","data":[]}'
    headers:
      Content-Type:
      - application/json
    status:
      code: 200
      message: OK
`
    const [interaction] = vcrpyToCassette(yaml, 'files.yaml').interactions
    expect(interaction).toMatchObject({ transport: 'http', request: { method: 'GET', path: '/v1/files', query: { limit: '2', purpose: 'batch jobs' } } })
    if (interaction?.transport !== 'http') throw new Error('expected an HTTP interaction')
    const { method, path, query, body } = interaction.request
    const live = prepareRequest('GET', target, undefined, Buffer.alloc(0))
    if (live.kind !== 'ready') throw new Error(`expected a ready live request, got: ${live.message}`)
    expect(requestKey({ method, path, query, body })).toBe(requestKey({ method: 'GET', path: live.path, query: live.query, body: live.body }))
  })

  it('reports the source index of each kept interaction', () => {
    const twice = PARSED_BODY_CASSETTE.replace('version: 1\n', '') + PARSED_BODY_CASSETTE.replace('interactions:\n', '')
    expect(vcrpyEntries(twice, 'x.yaml').map((entry) => entry.sourceIndex)).toEqual([0, 2])
  })

  it('throws a TapedeckError with the line for invalid YAML and with a pointer for a non-vcrpy document', () => {
    const parseError = catchError(() => vcrpyToCassette('interactions:\n  - request: [unclosed\n', 'bad.yaml'))
    expect(parseError).toMatchObject({ code: 'TAPEDECK_CASSETTE_PARSE', file: 'bad.yaml' })
    expect(parseError.line).toBeTypeOf('number')
    expect(parseError.message).toMatch(/^Failed to import "bad.yaml": the YAML is invalid at line \d+/)

    const shapeError = catchError(() => vcrpyToCassette('version: 1\ninteractions:\n- transport: http\n', 'ours.yaml'))
    expect(shapeError).toMatchObject({ code: 'TAPEDECK_CASSETTE_INVALID', pointer: '/interactions' })
  })

  it('recognises vcrpy documents', () => {
    expect(isVcrpyDocument({ interactions: [{ request: { uri: 'https://api.openai.com/v1/responses' } }] })).toBe(true)
    expect(isVcrpyDocument({ version: 1, interactions: [{ transport: 'http', request: { path: '/v1/responses' } }] })).toBe(false)
    expect(isVcrpyDocument('interactions')).toBe(false)
  })
})

function catchError(run: () => unknown): { code: string; message: string; file?: string; line?: number; pointer?: string } {
  try {
    run()
  } catch (error) {
    if (isTapedeckError(error)) return error
    throw error
  }
  throw new Error('expected an error')
}
