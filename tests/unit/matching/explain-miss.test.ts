import { describe, expect, it } from 'vitest'
import { explainMiss, formatValue, type MissDescription } from '../../../src/matching/explain-miss.js'

const base: MissDescription = {
  reason: 'no_match',
  request: 'POST /v1/responses',
  query: {},
  model: 'gpt-5.5',
  scope: 'default',
  cassettes: ['tests/cassettes/hello.yaml'],
  candidates: [],
  recordedEndpoints: ['POST /v1/chat/completions ×2'],
}

describe('explainMiss', () => {
  it('names the request, the cassette, the closest recording, the differences and the fix', () => {
    const message = explainMiss({
      ...base,
      candidates: [
        {
          source: { cassette: 'tests/cassettes/hello.yaml', interaction: 0, transport: 'sse' },
          query: {},
          body: { model: 'gpt-5.5', input: 'a different prompt', temperature: 1 },
          receivedBody: { model: 'gpt-5.5', input: 'unrelated', tools: [] },
        },
        {
          source: { cassette: 'tests/cassettes/hello.yaml', interaction: 3, transport: 'http' },
          query: {},
          body: { model: 'gpt-5.5', input: 'Say hello' },
          receivedBody: { model: 'gpt-5.5', input: 'Say goodbye' },
        },
      ],
    })
    expect(message).toContain('Failed to replay POST /v1/responses (model "gpt-5.5"): no recorded request matches it in cassette "tests/cassettes/hello.yaml".')
    expect(message).toContain('Closest recorded request: interaction 3 of "tests/cassettes/hello.yaml" (http), which differs at:')
    expect(message).toContain('  /input: recorded "Say hello" vs received "Say goodbye"')
    expect(message).toContain('Fix: re-record with: tapedeck serve --mode record --cassette tests/cassettes/hello.yaml')
    expect(message).toContain('--on-miss proxy')
    expect(message).toContain('match.ignore')
  })

  it('lists at most three differences and counts the rest', () => {
    const message = explainMiss({
      ...base,
      candidates: [
        {
          source: { cassette: 'a.yaml', interaction: 0, transport: 'http' },
          query: {},
          body: { a: 1, b: 1, c: 1, d: 1, e: 1 },
          receivedBody: { a: 2, b: 2, c: 2, d: 2, e: 2 },
        },
      ],
    })
    expect(message).toContain('/c: recorded 1 vs received 2')
    expect(message).not.toContain('/d:')
    expect(message).toContain('… and 2 more.')
  })

  it('shows query differences with a ? pointer', () => {
    const message = explainMiss({
      ...base,
      request: 'GET /v1/files',
      query: { limit: '3' },
      candidates: [{ source: { cassette: 'a.yaml', interaction: 0, transport: 'http' }, query: { limit: '2' }, body: undefined, receivedBody: undefined }],
    })
    expect(message).toContain('GET /v1/files?limit=3')
    expect(message).toContain('?limit: recorded "2" vs received "3"')
  })

  it('says what the cassettes hold when nothing was recorded for the endpoint', () => {
    expect(explainMiss(base)).toContain('Nothing was recorded for this endpoint; the cassettes hold: POST /v1/chat/completions ×2.')
  })

  it('says when no cassette is loaded', () => {
    expect(explainMiss({ ...base, cassettes: [] })).toContain('no recorded request matches it in any cassette (none is loaded)')
  })

  it('explains an exhausted request with its count, call number, scope and fixes', () => {
    const message = explainMiss({
      ...base,
      reason: 'exhausted',
      scope: 'checkout test',
      recordedCount: 2,
      call: 3,
      exhaustedSource: { cassette: 'tests/cassettes/hello.yaml', interaction: 1, transport: 'http' },
    })
    expect(message).toContain(
      'exhausted: this request was recorded 2 times in cassette "tests/cassettes/hello.yaml" and this is call 3 (scope "checkout test").',
    )
    expect(message).toContain('match.on_exhausted: repeat_last')
    expect(message).toContain('--on-exhausted repeat_last')
  })
})

describe('formatValue', () => {
  it('cuts long values to about 80 characters', () => {
    const text = formatValue('x'.repeat(200))
    expect(text).toHaveLength(80)
    expect(text.endsWith('…')).toBe(true)
    expect(formatValue(undefined)).toBe('(absent)')
    expect(formatValue({ a: [1] })).toBe('{"a":[1]}')
  })
})
