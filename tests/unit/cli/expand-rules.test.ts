import { describe, expect, it } from 'vitest'
import type { SseInteraction } from '../../../src/cassette/model.js'
import { expandRules } from '../../../src/cli/commands/expand-rules.js'
import type { ScenarioRule } from '../../../src/scenario/types.js'

const empty = { version: 1 as const, interactions: [] }

function requestsOf(rules: ScenarioRule[]) {
  return expandRules(empty, rules, 'rules.yaml').cassette.interactions.map(
    (interaction) => (interaction as SseInteraction).request,
  )
}

describe('expandRules', () => {
  it('builds each request from the rule: match.body first, then model, last user message, headers', () => {
    expect(
      requestsOf([
        {
          match: { model: 'gpt-5*', last_user_message: 'Hi', header: { 'X-Test-Case': 'greet' } },
          reply: { text: 'Hello' },
        },
        { match: { endpoint: 'chat', input_contains: 'colours' }, reply: { text: 'Red' } },
        {
          match: {
            body: { model: 'gpt-4.1', input: [{ role: 'user', content: 'exact' }], temperature: 0 },
          },
          reply: { text: 'x' },
        },
      ]),
    ).toEqual([
      {
        method: 'POST',
        path: '/v1/responses',
        headers: { 'x-test-case': 'greet' },
        body: { model: 'gpt-5', input: 'Hi', stream: true },
      },
      {
        method: 'POST',
        path: '/v1/chat/completions',
        body: { model: 'gpt-5.5', messages: [{ role: 'user', content: 'colours' }], stream: true },
      },
      {
        method: 'POST',
        path: '/v1/responses',
        body: {
          model: 'gpt-4.1',
          input: [{ role: 'user', content: 'exact' }],
          temperature: 0,
          stream: true,
        },
      },
    ])
  })

  it('gives a tool-result rule the call of the rule that makes it, wherever that rule is', () => {
    const [answer] = requestsOf([
      {
        match: { tool_result: 'get_weather', input_contains: 'weather' },
        reply: { text: 'Sunny.' },
      },
      {
        match: { input_contains: 'weather' },
        reply: {
          tool_calls: [{ name: 'get_weather', arguments: { city: 'Rome' }, call_id: 'call_1' }],
        },
      },
    ])
    expect(answer?.body).toMatchObject({
      input: [
        { role: 'user', content: 'weather' },
        {
          type: 'function_call',
          call_id: 'call_1',
          name: 'get_weather',
          arguments: '{"city":"Rome"}',
        },
        { type: 'function_call_output', call_id: 'call_1' },
      ],
    })
  })

  it('expands every reply of a list, and a single reply as often as times says', () => {
    const { cassette } = expandRules(
      empty,
      [
        { reply: [{ error: { status: 429 } }, { text: 'ok' }] },
        { times: 2, reply: { text: 'again' } },
      ],
      'rules.yaml',
    )
    expect(
      cassette.interactions.map((interaction) => [
        interaction.transport,
        interaction.transport === 'websocket' ? 0 : interaction.response.status,
      ]),
    ).toEqual([
      ['http', 429],
      ['sse', 200],
      ['sse', 200],
      ['sse', 200],
    ])
    // The two uses of the second rule are seeded apart, like two answers of a live rule.
    const [, , third, fourth] = cassette.interactions as SseInteraction[]
    expect(third?.response.events[0]?.data).not.toEqual(fourth?.response.events[0]?.data)
    expect(cassette.interactions.every((interaction) => interaction.synthetic === true)).toBe(true)
  })

  it('keeps recorded interactions first, and says which requests are made up or left out', () => {
    const recorded = {
      transport: 'http' as const,
      request: { method: 'GET', path: '/v1/models' },
      response: { status: 200, body: { data: [] } },
    }
    const result = expandRules(
      { version: 1, name: 'n', interactions: [recorded] },
      [{ reply: { text: 'x' } }, { match: { endpoint: '/v1/embeddings' }, reply: { text: 'y' } }],
      'rules.yaml',
    )
    expect(result.cassette.interactions[0]).toBe(recorded)
    expect(result.cassette).toMatchObject({ name: 'n', meta: { expanded_from: 'rules.yaml' } })
    expect(result.cassette.rules).toBeUndefined()
    expect(result.notes).toEqual([
      "rule 1: the request's model and input are made up; give match.body the request your app sends to replay it exactly.",
      'rule 2: left out; expand writes Responses and Chat Completions answers, not /v1/embeddings.',
    ])
  })
})
