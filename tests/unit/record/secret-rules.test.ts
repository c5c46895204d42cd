import { describe, expect, it } from 'vitest'
import { applyRules, applyRulesToPieces, DEFAULT_SECRET_RULES, userRule } from '../../../src/record/secret-rules.js'

describe('applyRulesToPieces', () => {
  it('matches the whole-string result whatever the split', () => {
    const text = 'a sk-abcdefghij and Bearer tok.en-1 and sk-zzzzzzzzzz.'
    const whole = applyRules(text, DEFAULT_SECRET_RULES)
    for (let size = 1; size <= 7; size++) {
      const pieces: string[] = []
      for (let index = 0; index < text.length; index += size) pieces.push(text.slice(index, index + size))
      const redacted = applyRulesToPieces(pieces, DEFAULT_SECRET_RULES)
      expect(redacted).toHaveLength(pieces.length)
      expect(redacted.join('')).toBe(whole)
    }
    expect(whole).toBe('a <redacted:openai-key> and Bearer <redacted> and <redacted:openai-key>.')
  })

  it('puts the placeholder in the piece where the secret starts', () => {
    expect(applyRulesToPieces(['x sk-abc', 'defghijk', ' y'], DEFAULT_SECRET_RULES)).toEqual([
      'x <redacted:openai-key>',
      '',
      ' y',
    ])
  })

  it('ignores patterns that match the empty string instead of looping', () => {
    expect(applyRules('abc', [userRule('x*')])).toBe('abc')
  })
})
