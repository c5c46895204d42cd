import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { answerToInteraction, expandReply } from '../../../src/synthetic/expand-reply.js'
import type { JsonObject } from '../../../src/util/json.js'

describe('expandReply', () => {
  it('expands for the endpoint that asked', () => {
    const chat = expandReply('chat', { text: 'Hi' }, { request: { messages: [] }, seed: 's', stream: false })
    expect(chat.kind === 'json' && chat.body['object']).toBe('chat.completion')
    const responses = expandReply('responses', { text: 'Hi' }, { request: { input: 'x' }, seed: 's', stream: false })
    expect(responses.kind === 'json' && responses.body['object']).toBe('response')
  })
})

describe('answerToInteraction', () => {
  const request = { method: 'POST', path: '/v1/responses', body: { model: 'gpt-5', input: 'x', stream: true } }

  it('turns a stream into an sse interaction marked synthetic, keeping truncated', () => {
    const answer = expandReply('responses', { text: 'a b', disconnect_after: 3 }, { request: request.body, seed: 's', stream: true })
    const interaction = answerToInteraction(answer, request)
    expect(interaction).toMatchObject({ transport: 'sse', synthetic: true, request, response: { status: 200, truncated: true } })
    expect(interaction.transport === 'sse' && interaction.response.events).toHaveLength(3)
  })

  it('turns a JSON answer into an http interaction', () => {
    const answer = expandReply('responses', { error: { status: 429 } }, { request: request.body, seed: 's', stream: true })
    const interaction = answerToInteraction(answer, request)
    expect(interaction).toMatchObject({ transport: 'http', synthetic: true, response: { status: 429 } })
    expect(interaction.transport === 'http' && (interaction.response.body as JsonObject)['error']).toMatchObject({ code: 'rate_limit_exceeded' })
  })

  it('shares no object between events, so the YAML has no anchors or aliases', () => {
    const reply = { reasoning: 'r', text: 'Hello there', tool_calls: [{ name: 'f', arguments: { a: 1 } }] }
    const answer = expandReply('responses', reply, { request: request.body, seed: 's', stream: true })
    const text = stringify(answerToInteraction(answer, request))
    expect(text).not.toMatch(/[&*]a\d+/)
  })
})
