import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { isTapedeckError } from '../../../src/errors.js'
import { applyScopePrefix } from '../../../src/server/scopes/scope-routing.js'
import { checkScopeName, parseScopeSpec } from '../../../src/server/scopes/scope-spec.js'

function codeOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    return isTapedeckError(error) ? error.code : 'not a TapedeckError'
  }
  return undefined
}

describe('scope specs', () => {
  it('accepts a cassette with an optional mode, miss strategy and upstream', () => {
    expect(parseScopeSpec({ cassette: 'a.yaml' })).toEqual({ cassette: 'a.yaml' })
    expect(parseScopeSpec({ cassette: 'a.yaml', mode: 'auto', onMiss: 'proxy', upstream: 'http://127.0.0.1:1/v1' })).toEqual({
      cassette: 'a.yaml',
      mode: 'auto',
      onMiss: 'proxy',
      upstream: 'http://127.0.0.1:1/v1',
    })
  })

  it('refuses bodies that are not specs, naming what is wrong', () => {
    expect(codeOf(() => parseScopeSpec(undefined))).toBe('TAPEDECK_OPTIONS_INVALID')
    expect(codeOf(() => parseScopeSpec({ cassette: '' }))).toBe('TAPEDECK_OPTIONS_INVALID')
    expect(() => parseScopeSpec({ cassette: 'a.yaml', casette: 'b.yaml' })).toThrow(/unknown field\(s\) "casette"/)
    expect(() => parseScopeSpec({ cassette: 'a.yaml', onMiss: 'retry' })).toThrow(/"error", "synthesize", "proxy"/)
  })

  it('accepts scope names a header and a URL segment can carry, and reserves "default"', () => {
    expect(codeOf(() => checkScopeName('chat-spec--says-hello--1f3a'))).toBeUndefined()
    expect(codeOf(() => checkScopeName('default'))).toBe('TAPEDECK_OPTIONS_INVALID')
    expect(codeOf(() => checkScopeName('has space'))).toBe('TAPEDECK_OPTIONS_INVALID')
    expect(codeOf(() => checkScopeName('x'.repeat(201)))).toBe('TAPEDECK_OPTIONS_INVALID')
  })
})

describe('the scope path prefix', () => {
  const request = (url: string) => ({ url, headers: {} }) as unknown as IncomingMessage

  it('turns /__tapedeck/scopes/<scope>/v1/... into /v1/... with the scope header', () => {
    const scoped = request('/__tapedeck/scopes/chat%2Fhello/v1/responses?stream=true')
    applyScopePrefix(scoped)
    expect(scoped.url).toBe('/v1/responses?stream=true')
    expect(scoped.headers['x-tapedeck-scope']).toBe('chat/hello')
  })

  it('leaves the admin routes and other paths alone', () => {
    for (const url of ['/__tapedeck/scopes/chat', '/__tapedeck/scopes/chat/v2/x', '/v1/responses', '/__tapedeck/scopes/%E0%A4%A/v1/x']) {
      const plain = request(url)
      applyScopePrefix(plain)
      expect(plain.url).toBe(url)
      expect(plain.headers['x-tapedeck-scope']).toBeUndefined()
    }
  })
})
