import { describe, expect, it } from 'vitest'
import type { SseInteraction } from '../../../src/cassette/model.js'
import { createRedactor } from '../../../src/record/redact.js'
import type { JsonObject } from '../../../src/util/json.js'

const KEY = 'sk-proj-abcdefgh12345678'

describe('redaction without copies', () => {
  it('returns a JSON value with nothing to redact as itself', () => {
    const body = { model: 'm', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hello' }] }], n: 1 }
    expect(createRedactor().redactJson(body)).toBe(body)
  })

  it('copies only the path to a secret, and leaves the input as it was', () => {
    const untouched = { type: 'input_text', text: 'hello' }
    const leaky = { type: 'input_text', text: `key ${KEY}` }
    const body = { model: 'm', input: [{ role: 'user', content: [untouched, leaky] }], tools: [{ authorization: 'x' }] }
    const before = structuredClone(body)
    const redacted = createRedactor().redactJson(body) as typeof body
    expect(body).toEqual(before)
    expect(redacted).toEqual({
      model: 'm',
      input: [{ role: 'user', content: [untouched, { type: 'input_text', text: 'key <redacted:openai-key>' }] }],
      tools: [{ authorization: '<redacted>' }],
    })
    expect(redacted.input[0]?.content[0]).toBe(untouched)
  })

  it('redacts an interaction in place when asked, with the same result as a copy', () => {
    const build = (): SseInteraction => ({
      transport: 'sse',
      request: { method: 'POST', path: '/v1/responses', headers: { authorization: `Bearer ${KEY}` }, body: { input: KEY } },
      response: {
        status: 200,
        events: [
          { at: 0, event: 'response.output_text.delta', data: { type: 'response.output_text.delta', item_id: 'm', delta: 'sk-proj-abc' } },
          { at: 1, event: 'response.output_text.delta', data: { type: 'response.output_text.delta', item_id: 'm', delta: 'defgh12345678 ok' } },
        ],
      },
    })
    const redactor = createRedactor()
    const original = build()
    const copy = redactor.redactInteraction(original)
    expect(original).toEqual(build())
    const owned = build()
    const inPlace = redactor.redactInteraction(owned, { inPlace: true })
    expect(inPlace).toBe(owned)
    expect(inPlace).toEqual(copy)
    expect((inPlace.response.events[0]?.data as JsonObject)['delta']).toBe('<redacted:openai-key>')
    expect(JSON.stringify(inPlace)).not.toContain('abcdefgh')
  })
})
