import { describe, expect, it } from 'vitest'
import { recordedTarget } from '../../../src/upstream/recorded-target.js'

describe('recordedTarget', () => {
  it('keeps path, query and allow-listed headers, never credentials', () => {
    const recorded = recordedTarget('/v1/files?limit=2', {
      authorization: 'Bearer sk-x',
      'Content-Type': 'application/json',
      'x-custom': ['a', 'b'],
    }, ['x-custom'])
    expect(recorded).toEqual({
      path: '/v1/files',
      query: { limit: '2' },
      headers: { 'content-type': 'application/json', 'x-custom': 'a, b' },
    })
  })

  it('leaves out an empty query and an empty header set', () => {
    expect(recordedTarget('/v1/responses?', { authorization: 'Bearer sk-x' })).toEqual({ path: '/v1/responses' })
  })
})
