import { describe, expect, it } from 'vitest'
import { createLocator } from '../../../src/cassette/yaml-locate.js'

const TEXT = `version: 1
name: two
interactions:
  - transport: http
    request:
      method: POST
  - transport: sse
    request:
      method: GET
`

describe('createLocator', () => {
  it('locates values and keys by JSON pointer', () => {
    const locate = createLocator(TEXT)
    expect(locate('/name', 'value')).toEqual({ line: 2, column: 7 })
    expect(locate('/interactions/1/request/method', 'value')).toEqual({ line: 9, column: 15 })
    expect(locate('/interactions/1/request/method', 'key')).toEqual({ line: 9, column: 7 })
  })

  it('locates many pointers in one pass with the same answers as one at a time', () => {
    const locate = createLocator(TEXT)
    const pointers = ['/interactions/0/request/method', '/interactions/1/transport', '/interactions/1/missing', 'not a pointer']
    const one = pointers.map((pointer) => locate(pointer, 'value'))
    expect(locate.many?.(pointers, 'value')).toEqual(one)
    expect(one[0]).toEqual({ line: 6, column: 15 })
    // A pointer past what exists gives the deepest part that exists.
    expect(one[2]).toEqual({ line: 7, column: 5 })
    expect(one[3]).toBeUndefined()
  })
})
