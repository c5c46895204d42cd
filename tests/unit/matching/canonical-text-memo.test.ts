import { describe, expect, it } from 'vitest'
import { canonicalText } from '../../../src/matching/canonical-text.js'
import { createCanonicalTextMemo } from '../../../src/matching/canonical-text-memo.js'
import { deepFreeze, type JsonObject } from '../../../src/util/json.js'

describe('canonical text memo', () => {
  it('gives the canonical text under each ignore list', () => {
    const textOf = createCanonicalTextMemo()
    const request = { method: 'POST', path: '/v1/responses', body: deepFreeze({ model: 'm', metadata: { run: '1' } }) }
    expect(textOf(request, [], 0)).toBe(canonicalText(request, []))
    expect(textOf(request, ['/metadata'], 1)).toBe(canonicalText(request, ['/metadata']))
    expect(textOf(request, [], 0)).toBe(canonicalText(request, []))
  })

  it('recomputes an unfrozen body, which may have changed since', () => {
    const textOf = createCanonicalTextMemo()
    const body: JsonObject = { model: 'a' }
    const request = { method: 'POST', path: '/v1/responses', body }
    const before = textOf(request, [], 0)
    body['model'] = 'b'
    expect(textOf(request, [], 0)).not.toBe(before)
    expect(textOf(request, [], 0)).toBe(canonicalText(request, []))
  })

  it('does not reuse a frozen body’s text for another endpoint', () => {
    const textOf = createCanonicalTextMemo()
    const body = deepFreeze({ model: 'm' })
    const responses = textOf({ method: 'POST', path: '/v1/responses', body }, [], 0)
    const chat = textOf({ method: 'POST', path: '/v1/chat/completions', body }, [], 0)
    expect(chat).not.toBe(responses)
    expect(chat).toBe(canonicalText({ method: 'POST', path: '/v1/chat/completions', body }, []))
  })
})
