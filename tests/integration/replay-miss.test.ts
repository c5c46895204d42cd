import OpenAI, { NotFoundError } from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import { fixturePath, openaiFor } from './replay-support.js'

let tapedeck: RunningTapedeck
const textStream = fixturePath('responses-text-stream')
const repeated = fixturePath('responses-repeated')

beforeAll(async () => {
  tapedeck = await startTapedeck({ cassette: [textStream, repeated] })
})

afterAll(async () => {
  await tapedeck.close()
})

const postResponses = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${tapedeck.baseURL}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })

describe('a replay miss', () => {
  it('answers 404 with an OpenAI error body, x-should-retry: false and a request id', async () => {
    const response = await postResponses({ model: 'gpt-5.5', input: 'Say goodbye', stream: true }, { 'x-tapedeck-scope': 'raw-miss' })
    expect(response.status).toBe(404)
    expect(response.headers.get('x-should-retry')).toBe('false')
    expect(response.headers.get('x-request-id')).toMatch(/^req_tapedeck_\d+$/)
    expect(response.headers.get('content-type')).toBe('application/json')
    const body = (await response.json()) as { error: Record<string, unknown> }
    expect(body).toEqual({
      error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'tapedeck_replay_no_match' },
    })
  })

  it('names the cassette, the closest request, the differing pointer with both values, and the fix', async () => {
    const failure = await openaiFor(tapedeck)
      .responses.create({ model: 'gpt-5.5', input: 'Say goodbye', stream: true })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(NotFoundError)
    const message = (failure as NotFoundError).message
    expect(message).toContain('Failed to replay POST /v1/responses (model "gpt-5.5"): no recorded request matches it')
    expect(message).toContain(`"${textStream}"`)
    expect(message).toContain(`Closest recorded request: interaction 0 of "${textStream}" (sse), which differs at:`)
    expect(message).toContain('/input: recorded "Say hello" vs received "Say goodbye"')
    expect(message).toContain(`re-record with: tapedeck serve --mode record --cassette ${textStream}`)
    expect((failure as NotFoundError).code).toBe('tapedeck_replay_no_match')
  })

  it('is raised by the SDK as NotFoundError without a single retry', async () => {
    const before = tapedeck.stats().misses
    const retrying = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 3 })
    const failure = await retrying.responses.create({ model: 'gpt-5.5', input: 'never recorded' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(NotFoundError)
    expect(tapedeck.stats().misses - before).toBe(1)
  })

  it('answers identical requests in recorded order, then says the recordings are exhausted', async () => {
    const openai = openaiFor(tapedeck)
    const ask = () => openai.responses.create({ model: 'gpt-5.5', input: 'Tell me a joke' })
    expect((await ask()).output_text).toBe('First joke')
    expect((await ask()).output_text).toBe('Second joke')
    const failure = await ask().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(NotFoundError)
    expect((failure as NotFoundError).code).toBe('tapedeck_replay_exhausted')
    expect((failure as NotFoundError).message).toContain(
      `exhausted: this request was recorded 2 times in cassette "${repeated}" and this is call 3`,
    )
  })

  it('counts identical requests separately per x-tapedeck-scope', async () => {
    const ask = (scope: string) =>
      openaiFor(tapedeck, { headers: { 'x-tapedeck-scope': scope } }).responses.create({ model: 'gpt-5.5', input: 'Tell me a joke' })
    expect((await ask('scope-one')).output_text).toBe('First joke')
    expect((await ask('scope-two')).output_text).toBe('First joke')
    expect((await ask('scope-one')).output_text).toBe('Second joke')
  })

  it('repeats the last recording when started with onExhausted repeat_last', async () => {
    const repeating = await startTapedeck({ cassette: repeated, onExhausted: 'repeat_last' })
    try {
      const openai = openaiFor(repeating)
      const answers: string[] = []
      for (let call = 0; call < 4; call++) {
        answers.push((await openai.responses.create({ model: 'gpt-5.5', input: 'Tell me a joke' })).output_text)
      }
      expect(answers).toEqual(['First joke', 'Second joke', 'Second joke', 'Second joke'])
      expect(repeating.stats()).toMatchObject({ hits: 4, misses: 0, unused: 0 })
    } finally {
      await repeating.close()
    }
  })

  it('lists the unused recordings in stats()', async () => {
    const fresh = await startTapedeck({ cassette: [textStream, repeated] })
    try {
      await openaiFor(fresh).responses.create({ model: 'gpt-5.5', input: 'Tell me a joke' })
      expect(fresh.stats()).toEqual({
        exchanges: 3,
        hits: 1,
        misses: 0,
        unused: 2,
        unusedExchanges: [
          { cassette: textStream, interaction: 0, transport: 'sse' },
          { cassette: repeated, interaction: 1, transport: 'http' },
        ],
      })
    } finally {
      await fresh.close()
    }
  })
})
