import { describe, expect, it } from 'vitest'
import { didYouMean } from '../../../src/util/did-you-mean.js'

describe('didYouMean', () => {
  it('suggests the closest candidate for a likely typo, swaps and prefixes included', () => {
    expect(didYouMean('txt', ['text', 'reasoning'])).toBe('text')
    expect(didYouMean('heders', ['headers', 'body'])).toBe('headers')
    expect(didYouMean('recieve', ['receive', 'send'])).toBe('receive')
    expect(didYouMean('reason', ['reasoning', 'text'])).toBe('reasoning')
  })

  it('suggests nothing when no candidate is close', () => {
    expect(didYouMean('zzz', ['text'])).toBeUndefined()
    expect(didYouMean('model', [])).toBeUndefined()
  })
})
