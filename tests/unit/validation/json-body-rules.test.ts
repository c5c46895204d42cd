import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../../src/util/json.js'
import { validateJsonBody } from '../../../src/validation/index.js'
import { loadResponsesEvents } from './fixture-streams.js'

/** The final Response of the text fixture, as a non-streamed body. */
const responseBody = (): JsonObject => loadResponsesEvents('responses-text.jsonl').at(-1)!['response'] as JsonObject

const chatCompletion = (): JsonObject => ({
  id: 'chatcmpl-B0dy',
  object: 'chat.completion',
  created: 1764001500,
  model: 'gpt-4.1-2025-04-14',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi.', refusal: null, annotations: [] }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
  system_fingerprint: 'fp_2',
  service_tier: 'default',
})

describe('validateJsonBody', () => {
  it('accepts a Response, a chat completion and an error body under both profiles', () => {
    for (const profile of ['wire', 'strict'] as const) {
      expect(validateJsonBody('response', responseBody(), { profile }).violations).toEqual([])
      expect(validateJsonBody('chat.completion', chatCompletion(), { profile }).violations).toEqual([])
      expect(
        validateJsonBody('error', { error: { message: 'Invalid model.', type: 'invalid_request_error', param: 'model', code: 'model_not_found' } }, { profile }).valid,
      ).toBe(true)
    }
  })

  it('applies the wire relaxations: user null, no cache_write_tokens, reasoning-model chat bodies', () => {
    const response = responseBody()
    response['user'] = null
    delete ((response['usage'] as JsonObject)['input_tokens_details'] as JsonObject)['cache_write_tokens']
    expect(validateJsonBody('response', response, { profile: 'wire' }).valid).toBe(true)
    const strict = validateJsonBody('response', response, { profile: 'strict' })
    expect(strict.violations.map((violation) => violation.pointer).sort()).toEqual(['/usage/input_tokens_details/cache_write_tokens', '/user'])

    const chat = chatCompletion()
    chat['system_fingerprint'] = null
    delete (chat['choices'] as JsonObject[])[0]!['logprobs']
    expect(validateJsonBody('chat.completion', chat, { profile: 'wire' }).valid).toBe(true)
    expect(validateJsonBody('chat.completion', chat, { profile: 'strict' }).violations).toHaveLength(2)
  })

  it('recognises a Response without logprobs anywhere as the no-logprobs dialect, and flags a partial drop', () => {
    const none = responseBody()
    const part = (((none['output'] as JsonObject[])[0]!['content'] as JsonObject[])[0]) as JsonObject
    delete part['logprobs']
    expect(validateJsonBody('response', none)).toEqual({ valid: true, violations: [], dialects: ['no-logprobs'] })

    const partial = responseBody()
    const message = (partial['output'] as JsonObject[])[0] as JsonObject
    message['content'] = [...(message['content'] as JsonObject[]), { type: 'output_text', text: 'More.', annotations: [] }]
    expect(validateJsonBody('response', partial).violations).toEqual([
      expect.objectContaining({ rule: 'logprobs.missing', pointer: '/output/0/content/1/logprobs' }),
    ])
  })

  it('reports what was expected and what was seen, with a pointer', () => {
    const body = chatCompletion()
    ;(body['choices'] as JsonObject[])[0]!['finish_reason'] = 'finished'
    expect(validateJsonBody('chat.completion', body).violations).toEqual([
      {
        rule: 'schema',
        index: 0,
        pointer: '/choices/0/finish_reason',
        message: 'expected one of ["stop","length","tool_calls","content_filter","function_call"], saw "finished"',
      },
    ])
    expect(validateJsonBody('error', { error: { message: 'x' } }).violations.map((violation) => violation.pointer)).toEqual([
      '/error/type',
      '/error/param',
      '/error/code',
    ])
  })
})
