import { describe, expect, it } from 'vitest'
import { canonicalRequest, requestKey } from '../../../src/matching/request-key.js'

const responses = (body: unknown, method = 'POST') => ({ method, path: '/v1/responses', body: body as never })

describe('requestKey', () => {
  it('does not depend on key order', () => {
    expect(requestKey(responses({ model: 'm', input: 'x' }))).toBe(requestKey(responses({ input: 'x', model: 'm' })))
  })

  it('is the same for a streamed and a JSON request', () => {
    expect(requestKey(responses({ model: 'm', input: 'x', stream: true }))).toBe(requestKey(responses({ model: 'm', input: 'x' })))
  })

  it('is the same for POST /v1/responses and a WebSocket response.create', () => {
    const http = requestKey(responses({ model: 'm', input: 'x', stream: true }))
    const webSocket = requestKey(responses({ type: 'response.create', model: 'm', input: 'x', stream_id: 'a' }, 'GET'))
    expect(webSocket).toBe(http)
  })

  it('differs when the prompt differs', () => {
    expect(requestKey(responses({ model: 'm', input: 'x' }))).not.toBe(requestKey(responses({ model: 'm', input: 'y' })))
  })

  it('differs between endpoints with the same body', () => {
    const body = { model: 'm', messages: [] }
    expect(requestKey({ method: 'POST', path: '/v1/chat/completions', body })).not.toBe(requestKey(responses(body)))
  })

  it('includes the query and method of generic requests', () => {
    const base = { method: 'GET', path: '/v1/files', body: undefined }
    expect(requestKey({ ...base, query: { limit: '2' } })).not.toBe(requestKey({ ...base, query: { limit: '3' } }))
    expect(requestKey({ ...base, method: 'DELETE' })).not.toBe(requestKey(base))
  })

  it('applies the ignore list', () => {
    const a = responses({ model: 'm', metadata: { trace: '1' } })
    const b = responses({ model: 'm', metadata: { trace: '2' } })
    expect(requestKey(a)).not.toBe(requestKey(b))
    expect(requestKey(a, ['/metadata'])).toBe(requestKey(b, ['/metadata']))
  })

  it('names the endpoint by kind for model endpoints and by method and path otherwise', () => {
    expect(canonicalRequest(responses({})).identity).toBe('responses')
    expect(canonicalRequest({ method: 'post', path: '/v1/embeddings', body: {} }).identity).toBe('POST /v1/embeddings')
  })
})
