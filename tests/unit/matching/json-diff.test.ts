import { describe, expect, it } from 'vitest'
import { diffJson } from '../../../src/matching/json-diff.js'

describe('diffJson', () => {
  it('finds nothing in equal values', () => {
    expect(diffJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toEqual([])
  })

  it('points at the deepest differing value', () => {
    expect(diffJson({ input: [{ content: 'hello' }] }, { input: [{ content: 'bye' }] })).toEqual([
      { pointer: '/input/0/content', recorded: 'hello', received: 'bye' },
    ])
  })

  it('reports members present on one side only', () => {
    expect(diffJson({ a: 1 }, { a: 1, temperature: 0.2 })).toEqual([{ pointer: '/temperature', recorded: undefined, received: 0.2 }])
    expect(diffJson([1, 2], [1])).toEqual([{ pointer: '/1', recorded: 2, received: undefined }])
  })

  it('reports a type change at the pointer where it happens', () => {
    expect(diffJson({ input: 'x' }, { input: ['x'] })).toEqual([{ pointer: '/input', recorded: 'x', received: ['x'] }])
  })

  it('escapes keys in pointers and stops at the limit', () => {
    expect(diffJson({ 'a/b': 1, c: 1, d: 1 }, { 'a/b': 2, c: 2, d: 2 }, 2).map((difference) => difference.pointer)).toEqual(['/a~1b', '/c'])
  })

  it('uses the empty pointer when the whole value differs', () => {
    expect(diffJson(undefined, { a: 1 })).toEqual([{ pointer: '', recorded: undefined, received: { a: 1 } }])
  })
})
