import { describe, expect, it } from 'vitest'
import { upstreamUrlFor, upstreamWebSocketUrl } from '../../../src/upstream/upstream-url.js'

describe('upstreamUrlFor', () => {
  it('replaces the client /v1 prefix with the upstream API root', () => {
    expect(upstreamUrlFor('https://api.openai.com/v1', '/v1/responses')).toBe('https://api.openai.com/v1/responses')
    expect(upstreamUrlFor('http://127.0.0.1:9/openai/v1/', '/v1/files?purpose=x&limit=2')).toBe(
      'http://127.0.0.1:9/openai/v1/files?purpose=x&limit=2',
    )
    expect(upstreamUrlFor('http://127.0.0.1:9/v1', '/v1')).toBe('http://127.0.0.1:9/v1')
  })

  it('appends paths outside /v1 as they are', () => {
    expect(upstreamUrlFor('http://127.0.0.1:9/v1', '/health')).toBe('http://127.0.0.1:9/v1/health')
    expect(upstreamUrlFor('http://127.0.0.1:9/v1', '/v10/x')).toBe('http://127.0.0.1:9/v1/v10/x')
  })
})

describe('upstreamWebSocketUrl', () => {
  it('switches the scheme and keeps the query', () => {
    expect(upstreamWebSocketUrl('https://api.openai.com/v1', '/v1/responses')).toBe('wss://api.openai.com/v1/responses')
    expect(upstreamWebSocketUrl('http://127.0.0.1:9/v1', '/v1/responses?a=1')).toBe('ws://127.0.0.1:9/v1/responses?a=1')
  })
})
