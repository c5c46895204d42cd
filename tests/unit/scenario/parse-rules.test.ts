import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { isTapedeckError, type TapedeckError } from '../../../src/errors.js'
import { locateInYaml } from '../../../src/scenario/locate-in-yaml.js'
import { parseRules } from '../../../src/scenario/parse-rules.js'

function load(text: string) {
  const document = parse(text) as { rules?: unknown }
  return parseRules(document.rules, locateInYaml(text), 'cassettes/agent.yaml')
}

function refusal(text: string): TapedeckError {
  try {
    load(text)
  } catch (error) {
    if (isTapedeckError(error)) return error
    throw error
  }
  throw new Error('expected the rules to be refused')
}

describe('parseRules', () => {
  it('returns valid rules as written, and [] when there are none', () => {
    const rules = load(`rules:
  - name: weather
    match: { endpoint: responses, model: "gpt-5*", input_contains: weather }
    times: 2
    reply:
      - tool_calls: [{ name: get_weather, arguments: { city: Paris } }]
      - text: It is sunny.
        ttft_ms: 50
        chunking: { chars: 3 }
  - reply: { error: { status: 429, headers: { retry-after-ms: "5" } } }
`)
    expect(rules).toHaveLength(2)
    expect(rules[0]?.match?.model).toBe('gpt-5*')
    expect(rules[0]?.reply).toEqual([
      { tool_calls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
      { text: 'It is sunny.', ttft_ms: 50, chunking: { chars: 3 } },
    ])
    expect(parseRules(undefined, () => undefined, 'x.yaml')).toEqual([])
  })

  it('refuses an unknown key with file, line, column, pointer and a did-you-mean hint', () => {
    const error = refusal('rules:\n  - reply:\n      txt: hi\n')
    expect(error.code).toBe('TAPEDECK_SCENARIO_INVALID')
    expect(error).toMatchObject({ file: 'cassettes/agent.yaml', line: 3, column: 7, pointer: '/rules/0/reply/txt' })
    expect(error.message).toContain('cassettes/agent.yaml:3:7')
    expect(error.message).toContain('unknown key "txt"')
    expect(error.message).toContain('Did you mean "text"?')
  })

  it('suggests keys for swapped letters and for rule-level keys', () => {
    expect(refusal('rules:\n  - mtach: {}\n    reply: { text: a }\n').message).toContain('Did you mean "match"?')
    expect(refusal('rules:\n  - reply: { txet: a }\n').message).toContain('Did you mean "text"?')
    expect(refusal('rules:\n  - match: { inpt_contains: a }\n    reply: {}\n').message).toContain('Did you mean "input_contains"?')
  })

  it('refuses a wrong type and says where', () => {
    const error = refusal('rules:\n  - reply:\n      text: 3\n')
    expect(error.pointer).toBe('/rules/0/reply/text')
    expect(error.line).toBe(3)
    expect(error.message).toContain('must be a string')
  })

  it('refuses a regex that does not compile, at the regex', () => {
    const error = refusal('rules:\n  - match:\n      input_matches: "(unclosed"\n    reply: { text: x }\n')
    expect(error).toMatchObject({ pointer: '/rules/0/match/input_matches', line: 3, column: 7 })
    expect(error.message).toContain('does not compile')
  })

  it('refuses a tool call without a name, with a hint', () => {
    const error = refusal('rules:\n  - reply:\n      tool_calls:\n        - arguments: { a: 1 }\n')
    expect(error).toMatchObject({ pointer: '/rules/0/reply/tool_calls/0', line: 4, column: 11 })
    expect(error.message).toContain('has no "name"')
    expect(error.message).toContain('A tool call needs the name of the tool')
  })

  it('refuses negative fail_after and disconnect_after', () => {
    expect(refusal('rules:\n  - reply: { text: a, fail_after: -1 }\n').pointer).toBe('/rules/0/reply/fail_after')
    expect(refusal('rules:\n  - reply: { text: a, disconnect_after: -2 }\n').pointer).toBe('/rules/0/reply/disconnect_after')
  })

  it('points into a reply list at the bad reply', () => {
    const error = refusal('rules:\n  - reply:\n      - text: ok\n      - chunking: words\n')
    expect(error.pointer).toBe('/rules/0/reply/1/chunking')
    expect(error.message).toContain('"word", "char"')
  })

  it('refuses keys that exclude each other', () => {
    expect(refusal('rules:\n  - reply: { error: { status: 500 }, text: a }\n').message).toContain('both "error" and "text"')
    expect(refusal('rules:\n  - reply: { text: a, fail_after: 3, disconnect_after: 4 }\n').pointer).toBe('/rules/0/reply/disconnect_after')
    expect(refusal('rules:\n  - reply: { text: a, tbt_ms: 5, tokens_per_second: 9 }\n').pointer).toBe('/rules/0/reply/tokens_per_second')
    expect(refusal('rules:\n  - reply: { output: [{ text: a }], text: b }\n').message).toContain('both "output" and "text"')
    expect(refusal('rules:\n  - reply: { text: a, fail_with: { code: x } }\n').message).toContain('without "fail_after"')
  })

  it('refuses output entries with zero or two keys, duplicate call_ids and impossible usage', () => {
    expect(refusal('rules:\n  - reply: { output: [{ text: a, refusal: b }] }\n').message).toContain('exactly one key')
    const duplicate = refusal('rules:\n  - reply: { tool_calls: [{ name: a, call_id: c1 }, { name: b, call_id: c1 }] }\n')
    expect(duplicate.message).toContain('call_id "c1" twice')
    const usage = refusal('rules:\n  - reply: { text: a, usage: { output_tokens: 2, reasoning_tokens: 5 } }\n')
    expect(usage.pointer).toBe('/rules/0/reply/usage')
  })

  it('takes a custom tool call with input on a Responses rule, and refuses it elsewhere or with arguments', () => {
    const [rule] = load('rules:\n  - match: { endpoint: responses }\n    reply: { tool_calls: [{ name: run_sql, input: SELECT 1 }] }\n')
    expect(rule?.reply).toEqual({ tool_calls: [{ name: 'run_sql', input: 'SELECT 1' }] })
    const anyEndpoint = refusal('rules:\n  - reply: { tool_calls: [{ name: run_sql, input: SELECT 1 }] }\n')
    expect(anyEndpoint.message).toContain('custom tool call "run_sql"')
    expect(anyEndpoint.message).toContain('endpoint: responses')
    expect(anyEndpoint).toMatchObject({ pointer: '/rules/0/reply', line: 2 })
    const both = refusal('rules:\n  - match: { endpoint: responses }\n    reply: { tool_calls: [{ name: f, input: x, arguments: {} }] }\n')
    expect(both.message).toContain('both "input" and "arguments"')
  })

  it('refuses a rules value that is not a list, and a rule without reply', () => {
    expect(refusal('rules: { reply: {} }\n')).toMatchObject({ pointer: '/rules', line: 1 })
    expect(refusal('rules:\n  - name: nothing\n').message).toContain('Every rule needs a reply')
  })

  it('refuses an endpoint that is neither an API nor a path', () => {
    expect(refusal('rules:\n  - match: { endpoint: embeddings }\n    reply: {}\n').message).toContain('"/v1/embeddings"')
  })
})
