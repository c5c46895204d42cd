import { describe, expect, it } from 'vitest'
import { flattenHeaders } from '../../../src/protocol/http-headers.js'
import { DEFAULT_SCOPE, scopeNamed, scopeOf } from '../../../src/protocol/scope.js'

describe('flattenHeaders', () => {
  it('lower-cases names, joins multi-values, stringifies numbers and drops absent ones', () => {
    expect(flattenHeaders({ 'X-A': ['1', '2'], b: 3, c: undefined })).toEqual({ 'x-a': '1, 2', b: '3' })
  })
})

describe('scopes', () => {
  it('names a scope only for a non-blank single header value, trimmed', () => {
    expect(scopeNamed(' suite/test 1 ')).toBe('suite/test 1')
    expect(scopeNamed('   ')).toBeUndefined()
    expect(scopeNamed(undefined)).toBeUndefined()
    expect(scopeNamed(['a', 'b'])).toBeUndefined()
  })

  it('falls back to the default scope', () => {
    expect(scopeOf({ 'x-tapedeck-scope': 'chat--hello' })).toBe('chat--hello')
    expect(scopeOf({})).toBe(DEFAULT_SCOPE)
  })
})
