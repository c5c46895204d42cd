import { describe, expect, it } from 'vitest'
import type { ReplayQuery } from '../../../src/replay/types.js'
import { createRuleMatcher } from '../../../src/scenario/rule-matcher.js'
import type { ScenarioRule } from '../../../src/scenario/types.js'
import { toolCallId } from '../../../src/synthetic/ids.js'
import type { JsonValue } from '../../../src/util/json.js'

function responsesQuery(body: JsonValue, headers: Record<string, string> = {}): ReplayQuery {
  return { method: 'POST', path: '/v1/responses', headers, body, scope: 'default' }
}

function chatQuery(body: JsonValue): ReplayQuery {
  return { method: 'POST', path: '/v1/chat/completions', headers: {}, body, scope: 'default' }
}

const userSays = (text: string): JsonValue => ({
  model: 'gpt-5.5',
  input: [
    { role: 'user', content: [{ type: 'input_text', text: 'earlier question' }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'earlier answer' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  ],
})

describe('createRuleMatcher', () => {
  it('answers with the first rule whose conditions hold, in file order', () => {
    const rules: ScenarioRule[] = [
      { name: 'chat only', match: { endpoint: 'chat' }, reply: { text: 'from chat rule' } },
      { name: 'weather', match: { model: 'gpt-5*', input_contains: 'weather' }, reply: { text: 'sunny' } },
      { name: 'fallback', reply: { text: 'fallback' } },
    ]
    const matcher = createRuleMatcher(rules, 'a.yaml')
    const hit = matcher.match(responsesQuery(userSays('what is the weather?')), 's1')
    expect(hit).toMatchObject({ ruleIndex: 1, replyIndex: 0, reply: { text: 'sunny' } })
    expect(matcher.match(responsesQuery(userSays('hello')), 's1')?.ruleIndex).toBe(2)
    expect(matcher.match(chatQuery({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }), 's1')?.ruleIndex).toBe(0)
  })

  it('reads the last user message of Responses strings, items and Chat messages', () => {
    const matcher = createRuleMatcher([{ match: { last_user_message: 'exact words' }, reply: { text: 'ok' } }], 'a.yaml')
    expect(matcher.match(responsesQuery({ model: 'm', input: 'exact words' }), 's')).toBeDefined()
    expect(matcher.match(responsesQuery(userSays('exact words')), 's')).toBeDefined()
    expect(matcher.match(chatQuery({ messages: [{ role: 'user', content: [{ type: 'text', text: 'exact words' }] }, { role: 'assistant', content: 'x' }] }), 's')).toBeDefined()
    expect(matcher.match(responsesQuery(userSays('earlier question')), 's')).toBeUndefined()
  })

  it('matches input_matches as a regex, with /…/flags', () => {
    const matcher = createRuleMatcher([{ match: { input_matches: '/^book (a|the) flight/i' }, reply: { text: 'booked' } }], 'a.yaml')
    expect(matcher.match(responsesQuery({ input: 'Book the flight to Rome' }), 's')).toBeDefined()
    expect(matcher.match(responsesQuery({ input: 'please book a flight' }), 's')).toBeUndefined()
  })

  it('gives successive replies of a list, then stops matching', () => {
    const rules: ScenarioRule[] = [
      { reply: [{ error: { status: 429 } }, { text: 'second try works' }] },
      { reply: { text: 'after the list' } },
    ]
    const matcher = createRuleMatcher(rules, 'a.yaml')
    const query = responsesQuery({ input: 'x' })
    expect(matcher.match(query, 's')).toMatchObject({ ruleIndex: 0, replyIndex: 0, reply: { error: { status: 429 } } })
    expect(matcher.match(query, 's')).toMatchObject({ ruleIndex: 0, replyIndex: 1 })
    expect(matcher.match(query, 's')).toMatchObject({ ruleIndex: 1 })
  })

  it('limits a rule with times, per session', () => {
    const matcher = createRuleMatcher([{ times: 1, reply: { text: 'once' } }], 'a.yaml')
    const query = responsesQuery({ input: 'x' })
    expect(matcher.match(query, 'a')).toBeDefined()
    expect(matcher.match(query, 'a')).toBeUndefined()
    expect(matcher.match(query, 'b')).toBeDefined()
    matcher.reset('a')
    expect(matcher.match(query, 'a')).toBeDefined()
  })

  it('counts turns per session, so parallel sessions keep their own order', () => {
    const rules: ScenarioRule[] = [
      { match: { turn: 1 }, reply: { text: 'turn one' } },
      { match: { turn: 2 }, reply: { text: 'turn two' } },
    ]
    const matcher = createRuleMatcher(rules, 'a.yaml')
    const query = responsesQuery({ input: 'x' })
    expect(matcher.match(query, 'left')?.reply).toEqual({ text: 'turn one' })
    expect(matcher.match(query, 'right')?.reply).toEqual({ text: 'turn one' })
    expect(matcher.match(query, 'left')?.reply).toEqual({ text: 'turn two' })
    expect(matcher.match(query, 'left')).toBeUndefined()
    expect(matcher.match(query, 'right')?.reply).toEqual({ text: 'turn two' })
  })

  it('derives a stable seed from file, rule, reply and use', () => {
    const matcher = createRuleMatcher([{ reply: { text: 'a' } }], 'cassettes/a.yaml')
    const query = responsesQuery({ input: 'x' })
    expect(matcher.match(query, 's')?.seed).toBe('cassettes/a.yaml#0.0.0')
    expect(matcher.match(query, 's')?.seed).toBe('cassettes/a.yaml#0.0.1')
  })

  it('matches tool results by call_id and by the name of the call in the same input', () => {
    const matcher = createRuleMatcher(
      [
        { match: { tool_result: { call_id: 'call_9' } }, reply: { text: 'by id' } },
        { match: { tool_result: 'get_weather' }, reply: { text: 'by name' } },
      ],
      'a.yaml',
    )
    const withResult = (callId: string) =>
      responsesQuery({
        input: [
          { role: 'user', content: 'weather?' },
          { type: 'function_call', call_id: callId, name: 'get_weather', arguments: '{}' },
          { type: 'function_call_output', call_id: callId, output: 'sunny' },
        ],
      })
    expect(matcher.match(withResult('call_9'), 's')?.reply).toEqual({ text: 'by id' })
    expect(matcher.match(withResult('call_1'), 's')?.reply).toEqual({ text: 'by name' })
    expect(matcher.match(responsesQuery({ input: 'no tools' }), 's')).toBeUndefined()
    const chat = chatQuery({
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_2', content: 'sunny' },
      ],
    })
    expect(matcher.match(chat, 's')?.reply).toEqual({ text: 'by name' })
  })

  it('recognises results of calls it handed out when the request chains with previous_response_id', () => {
    const rules: ScenarioRule[] = [
      { match: { tool_result: 'lookup' }, reply: { text: 'done' } },
      { reply: { tool_calls: [{ name: 'lookup', arguments: { q: 'x' } }] } },
    ]
    const matcher = createRuleMatcher(rules, 'a.yaml')
    const first = matcher.match(responsesQuery({ input: 'find x' }), 's')
    expect(first?.ruleIndex).toBe(1)
    const callId = toolCallId(first?.seed ?? '', 0)
    const chained = responsesQuery({ previous_response_id: 'resp_1', input: [{ type: 'function_call_output', call_id: callId, output: 'found' }] })
    expect(matcher.match(chained, 's')?.reply).toEqual({ text: 'done' })
    expect(matcher.match(chained, 'other-session')?.ruleIndex).toBe(1)
  })

  it('gives a hit back: the same turn, the same reply and the same seed come again', () => {
    const rules: ScenarioRule[] = [
      { match: { turn: 1 }, reply: { text: 'turn one' } },
      { times: 1, reply: [{ text: 'first' }, { text: 'second' }] },
    ]
    const matcher = createRuleMatcher(rules, 'a.yaml')
    const query = responsesQuery({ input: 'x' })
    expect(matcher.match(query, 's')?.ruleIndex).toBe(0)
    const refused = matcher.match(query, 's')
    expect(refused).toMatchObject({ ruleIndex: 1, reply: { text: 'first' } })
    matcher.giveBack('s', refused)
    expect(matcher.explain(query, 's')).toContain('turn 1 of session "s"')
    expect(matcher.match(query, 's')).toEqual(refused)
    expect(matcher.match(query, 's')).toBeUndefined()
  })

  it('gives back a turn that no rule of the file answered', () => {
    const matcher = createRuleMatcher([{ match: { turn: 2 }, reply: { text: 'turn two' } }], 'a.yaml')
    const query = responsesQuery({ input: 'x' })
    expect(matcher.match(query, 's')).toBeUndefined()
    expect(matcher.match(query, 's')).toBeDefined()
    matcher.giveBack('s')
    expect(matcher.match(query, 's')?.reply).toEqual({ text: 'turn two' })
  })

  it('forgets the tool calls of a hit given back, and keeps those handed out before it', () => {
    const rules: ScenarioRule[] = [
      { match: { tool_result: 'lookup' }, reply: { text: 'done' } },
      { match: { tool_result: 'search' }, reply: { text: 'searched' } },
      { match: { input_contains: 'find' }, times: 1, reply: { tool_calls: [{ name: 'lookup', call_id: 'call_1' }] } },
      { match: { input_contains: 'again' }, reply: { tool_calls: [{ name: 'search', call_id: 'call_1' }] } },
    ]
    const matcher = createRuleMatcher(rules, 'a.yaml')
    const chained = responsesQuery({ previous_response_id: 'resp_1', input: [{ type: 'function_call_output', call_id: 'call_1', output: 'ok' }] })
    matcher.match(responsesQuery({ input: 'find x' }), 's')
    const refused = matcher.match(responsesQuery({ input: 'again' }), 's')
    expect(refused?.ruleIndex).toBe(3)
    matcher.giveBack('s', refused)
    expect(matcher.match(chained, 's')?.reply).toEqual({ text: 'done' })
  })

  it('gives nothing back to a session reset since the match', () => {
    const matcher = createRuleMatcher([{ times: 1, reply: { text: 'once' } }], 'a.yaml')
    const query = responsesQuery({ input: 'x' })
    const hit = matcher.match(query, 's')
    matcher.reset('s')
    matcher.giveBack('s', hit)
    expect(matcher.match(query, 's')).toBeDefined()
    expect(matcher.match(query, 's')).toBeUndefined()
  })

  it('matches headers case-insensitively and bodies as JSON subsets', () => {
    const matcher = createRuleMatcher(
      [
        { match: { header: { 'X-Test-Case': 'checkout' } }, reply: { text: 'by header' } },
        { match: { body: { tools: [{ name: 'search' }], store: false } }, reply: { text: 'by body' } },
      ],
      'a.yaml',
    )
    expect(matcher.match(responsesQuery({ input: 'x' }, { 'x-test-case': 'checkout' }), 's')?.reply).toEqual({ text: 'by header' })
    const body = { input: 'x', store: false, tools: [{ type: 'function', name: 'other' }, { type: 'function', name: 'search' }] }
    expect(matcher.match(responsesQuery(body), 's')?.reply).toEqual({ text: 'by body' })
    expect(matcher.match(responsesQuery({ ...body, store: true }), 's')).toBeUndefined()
  })

  it('matches an endpoint given as a path', () => {
    const matcher = createRuleMatcher([{ match: { endpoint: '/v1/embeddings' }, reply: { text: 'x' } }], 'a.yaml')
    expect(matcher.match({ method: 'POST', path: '/v1/embeddings', headers: {}, body: {}, scope: 's' }, 's')).toBeDefined()
    expect(matcher.match(responsesQuery({ input: 'x' }), 's')).toBeUndefined()
  })

  it('explains, rule by rule, why a request is not answered', () => {
    const rules: ScenarioRule[] = [
      { name: 'weather', match: { model: 'gpt-5*' }, reply: { text: 'a' } },
      { name: 'once', times: 1, reply: { text: 'b' } },
    ]
    const matcher = createRuleMatcher(rules, 'cassettes/a.yaml')
    const query = responsesQuery({ model: 'gpt-4o', input: 'hi' })
    matcher.match(query, 's')
    expect(matcher.match(query, 's')).toBeUndefined()
    const explanation = matcher.explain(query, 's')
    expect(explanation).toContain('cassettes/a.yaml')
    expect(explanation).toContain('rule 1 "weather": model "gpt-4o" does not match "gpt-5*"')
    expect(explanation).toContain('rule 2 "once": used up (answered 1 time in this session)')
  })
})
