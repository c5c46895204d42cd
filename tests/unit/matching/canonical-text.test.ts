import { describe, expect, it } from 'vitest'
import { canonicalText } from '../../../src/matching/canonical-text.js'
import { keyOfCanonicalText, requestKey, type RequestIdentityInput } from '../../../src/matching/request-key.js'

const responses = (body: unknown, method = 'POST'): RequestIdentityInput => ({
  method,
  path: '/v1/responses',
  body: body as never,
})

const REQUESTS: Array<{ request: RequestIdentityInput; ignore?: string[] }> = [
  { request: responses({ model: 'm', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi "there"' }] }] }) },
  { request: responses({ stream: true, model: 'm', tools: [], include: [], input: 'x', stream_options: { a: 1 } }) },
  { request: responses({ type: 'response.create', stream_id: 's', model: 'm', input: 'x', prompt_cache_key: 'k' }, 'GET') },
  { request: responses({ model: 'm', tools: [{ type: 'function', name: 'f' }], metadata: { z: 1, a: [null, true, 1.5] } }) },
  { request: responses({ model: 'm', metadata: { trace: '1', keep: 2 } }), ignore: ['/metadata/trace'] },
  { request: { method: 'POST', path: '/v1/chat/completions', body: { messages: [], model: 'm', tools: [] } } },
  { request: { method: 'GET', path: '/v1/files', query: { limit: '2', after: 'f' }, body: undefined } },
  { request: { method: 'POST', path: '/v1/embeddings', body: { stream: true, input: ['a', 'b'], model: 'e' } } },
  { request: responses('not an object') },
  { request: responses(undefined) },
]

describe('canonicalText', () => {
  it('is exactly what the request key hashes, for every kind of request', () => {
    for (const { request, ignore } of REQUESTS) {
      expect(keyOfCanonicalText(canonicalText(request, ignore))).toBe(requestKey(request, ignore))
    }
  })

  it('does not depend on key order, transport fields or empty tool lists', () => {
    const a = canonicalText(responses({ model: 'm', input: [{ role: 'user', content: 'x' }], tools: [] }))
    const b = canonicalText(responses({ stream: true, input: [{ content: 'x', role: 'user' }], model: 'm' }))
    expect(a).toBe(b)
    expect(a).toBe('responses\n{}\n{"input":[{"content":"x","role":"user"}],"model":"m"}')
  })

  it('tells different prompts, endpoints and ignore lists apart', () => {
    const base = responses({ model: 'm', input: 'x', metadata: { run: 1 } })
    expect(canonicalText(base)).not.toBe(canonicalText(responses({ model: 'm', input: 'y', metadata: { run: 1 } })))
    expect(canonicalText(base)).not.toBe(canonicalText({ ...base, path: '/v1/chat/completions' }))
    expect(canonicalText(base, ['/metadata'])).toBe(canonicalText(responses({ model: 'm', input: 'x' })))
  })
})
