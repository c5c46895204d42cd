import { describe, expect, it } from 'vitest'
import { createRequestPreparer, prepareRequest } from '../../../src/server/prepared-requests.js'

const body = (value: unknown) => Buffer.from(JSON.stringify(value))

describe('prepared requests', () => {
  it('parses target, endpoint, body and stream flag', () => {
    const prepared = prepareRequest('POST', '/v1/responses?x=1', 'application/json', body({ model: 'm', stream: true }))
    expect(prepared).toEqual({
      kind: 'ready',
      path: '/v1/responses',
      query: { x: '1' },
      endpoint: 'responses',
      body: { model: 'm', stream: true },
      wantsStream: true,
    })
  })

  it('freezes the body, inner values included, since prepared requests are shared', () => {
    const prepared = prepareRequest('POST', '/v1/responses', undefined, body({ input: [{ role: 'user' }] }))
    if (prepared.kind !== 'ready') throw new Error('expected a ready request')
    expect(Object.isFrozen(prepared.body)).toBe(true)
    expect(() => {
      ;(prepared.body as { input: Array<{ role: string }> }).input[0]!.role = 'system'
    }).toThrow(TypeError)
  })

  it('answers a repeat of the same bytes with the same object, and different bytes anew', () => {
    const prepare = createRequestPreparer()
    const first = prepare('POST', '/v1/responses', 'application/json', body({ input: 'a' }))
    expect(prepare('POST', '/v1/responses', 'application/json', body({ input: 'a' }))).toBe(first)
    expect(prepare('POST', '/v1/responses', 'application/json', body({ input: 'b' }))).not.toBe(first)
    expect(prepare('POST', '/v1/chat/completions', 'application/json', body({ input: 'a' }))).toMatchObject({
      endpoint: 'chat',
    })
  })

  it('starts over when the kept bodies would exceed the total byte budget', () => {
    const prepare = createRequestPreparer({ entries: 100, bodyBytes: 100, totalBytes: 30 })
    const a = prepare('POST', '/v1/responses', undefined, body({ input: 'a' })) // 13 bytes
    expect(prepare('POST', '/v1/responses', undefined, body({ input: 'a' }))).toBe(a)
    prepare('POST', '/v1/responses', undefined, body({ input: 'b' })) // 26 bytes kept
    prepare('POST', '/v1/responses', undefined, body({ input: 'c' })) // 39: starts over
    expect(prepare('POST', '/v1/responses', undefined, body({ input: 'a' }))).not.toBe(a)
  })

  it('reports a body that is not JSON', () => {
    const prepare = createRequestPreparer()
    expect(prepare('POST', '/v1/responses', 'application/json', Buffer.from('{'))).toMatchObject({ kind: 'invalid' })
  })

  it('keeps at most the configured number of requests and skips bodies over the size limit', () => {
    const prepare = createRequestPreparer({ entries: 2, bodyBytes: 20, totalBytes: 1000 })
    const a = prepare('POST', '/v1/responses', undefined, body({ input: 'a' }))
    prepare('POST', '/v1/responses', undefined, body({ input: 'b' }))
    prepare('POST', '/v1/responses', undefined, body({ input: 'c' })) // over the limit: starts over
    expect(prepare('POST', '/v1/responses', undefined, body({ input: 'a' }))).not.toBe(a)
    const large = body({ input: 'x'.repeat(40) })
    expect(prepare('POST', '/v1/responses', undefined, large)).not.toBe(prepare('POST', '/v1/responses', undefined, large))
  })
})
