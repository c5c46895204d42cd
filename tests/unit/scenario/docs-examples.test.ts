/**
 * The examples of docs/scenarios.md, parsed from the page itself so the documentation cannot
 * drift: each one loads, and its flow plays out through the rule matcher, the generator and the
 * real openai SDK (over a custom fetch standing in for the server's HTTP transport).
 */
import { readFileSync } from 'node:fs'
import OpenAI, { APIError } from 'openai'
import type { ResponseInputItem } from 'openai/resources/responses/responses'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { ReplayQuery } from '../../../src/replay/types.js'
import { locateInYaml } from '../../../src/scenario/locate-in-yaml.js'
import { parseRules } from '../../../src/scenario/parse-rules.js'
import { createRuleMatcher, type RuleMatcher } from '../../../src/scenario/rule-matcher.js'
import { expandChat } from '../../../src/synthetic/expand-chat.js'
import { expandResponses } from '../../../src/synthetic/expand-responses.js'
import type { JsonObject } from '../../../src/util/json.js'
import { payloads, responsesViolations, sseBody } from '../synthetic/sdk-harness.js'

const DOC = new URL('../../../docs/scenarios.md', import.meta.url)

function examples(): Map<string, string> {
  const text = readFileSync(DOC, 'utf8')
  const found = new Map<string, string>()
  for (const match of text.matchAll(/```yaml\n(# example: ([\w-]+)\n[\s\S]*?)```/g)) {
    found.set(match[2] ?? '', match[1] ?? '')
  }
  return found
}

function matcherFor(name: string): RuleMatcher {
  const text = examples().get(name)
  if (text === undefined) throw new Error(`docs/scenarios.md has no example "${name}"`)
  const document = parse(text) as { rules?: unknown }
  return createRuleMatcher(parseRules(document.rules, locateInYaml(text), `docs/${name}.yaml`), `docs/${name}.yaml`)
}

/** An OpenAI client answered by the rules, as the server's HTTP transport will answer it. */
function clientFor(matcher: RuleMatcher, requests: ReplayQuery[] = []): OpenAI {
  const fakeFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
    const path = url.pathname
    const headers = Object.fromEntries(new Headers(init?.headers).entries())
    const body = JSON.parse(String(init?.body ?? '{}')) as JsonObject
    const query: ReplayQuery = { method: init?.method ?? 'POST', path, headers, body, scope: headers['x-tapedeck-scope'] ?? 'default' }
    requests.push(query)
    const hit = matcher.match(query, query.scope)
    if (hit === undefined) {
      const error = { error: { message: matcher.explain(query, query.scope), type: 'invalid_request_error', param: null, code: 'tapedeck_no_match' } }
      return new Response(JSON.stringify(error), { status: 400, headers: { 'content-type': 'application/json', 'x-should-retry': 'false' } })
    }
    const context = { request: body, seed: hit.seed, stream: body['stream'] === true }
    const answer = path.endsWith('/chat/completions') ? expandChat(hit.reply, context) : expandResponses(hit.reply, context)
    const text = answer.kind === 'json' ? JSON.stringify(answer.body) : sseBody(answer.events)
    return new Response(text, { status: answer.status, headers: answer.headers })
  }
  return new OpenAI({ apiKey: 'sk-test', baseURL: 'http://127.0.0.1:9/v1', fetch: fakeFetch })
}

describe('docs/scenarios.md examples', () => {
  it('all load without error', () => {
    const found = examples()
    expect([...found.keys()]).toEqual(['tool-loop', 'custom-tool', 'rate-limit-retry', 'mid-stream-failure', 'websocket-chain'])
    for (const name of found.keys()) expect(() => matcherFor(name)).not.toThrow()
  })

  it('tool-loop: two parallel tool calls, then the answer once the results are in', async () => {
    const client = clientFor(matcherFor('tool-loop'))
    const tools = [{ type: 'function' as const, name: 'get_weather', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } } } }]
    const input: ResponseInputItem[] = [{ role: 'user', content: 'What is the weather in Paris and Rome?' }]
    const first = await client.responses.stream({ model: 'gpt-5.5', input, tools }).finalResponse()
    const calls = first.output.flatMap((item) => (item.type === 'function_call' ? [item] : []))
    expect(first.output[0]?.type).toBe('reasoning')
    expect(calls.map((call) => JSON.parse(call.arguments) as unknown)).toEqual([
      { city: 'Paris', unit: 'celsius' },
      { city: 'Rome', unit: 'celsius' },
    ])
    const followUp: ResponseInputItem[] = [
      ...input,
      ...calls,
      ...calls.map((call) => ({ type: 'function_call_output' as const, call_id: call.call_id, output: 'sunny' })),
    ]
    const second = await client.responses.stream({ model: 'gpt-5.5', input: followUp, tools }).finalResponse()
    expect(second.output_text).toBe('It is sunny in Paris (24°C) and raining in Rome (17°C).')
    expect(second.usage).toMatchObject({ input_tokens: 120, output_tokens: 18 })
    const chainedClient = clientFor(matcherFor('tool-loop'))
    const planned = await chainedClient.responses.create({ model: 'gpt-5.5', input, tools })
    const results = planned.output.flatMap((item) =>
      item.type === 'function_call' ? [{ type: 'function_call_output' as const, call_id: item.call_id, output: 'sunny' }] : [],
    )
    const chained = await chainedClient.responses.create({ model: 'gpt-5.5', previous_response_id: planned.id, input: results, tools })
    expect(chained.output_text).toBe('It is sunny in Paris (24°C) and raining in Rome (17°C).')
  })

  it('custom-tool: a freeform tool call the SDK streams, then the answer to its output', async () => {
    const client = clientFor(matcherFor('custom-tool'))
    const tools = [{ type: 'custom' as const, name: 'run_sql' }]
    const input: ResponseInputItem[] = [{ role: 'user', content: 'How many orders are open?' }]
    const inputDeltas: string[] = []
    const stream = client.responses.stream({ model: 'gpt-5.5', input, tools })
    stream.on('response.custom_tool_call_input.delta', (event) => inputDeltas.push(event.delta))
    const first = await stream.finalResponse()
    const call = first.output.find((item) => item.type === 'custom_tool_call')
    expect(call).toMatchObject({ type: 'custom_tool_call', name: 'run_sql', input: "SELECT count(*) FROM orders WHERE status = 'open';" })
    expect(inputDeltas.join('')).toBe("SELECT count(*) FROM orders WHERE status = 'open';")
    const matcher = matcherFor('custom-tool')
    const request = { model: 'gpt-5.5', input: 'How many orders are open?', stream: true }
    const hit = matcher.match({ method: 'POST', path: '/v1/responses', headers: {}, body: request, scope: 's' }, 's')
    expect(responsesViolations(expandResponses(hit?.reply ?? {}, { request, seed: hit?.seed ?? '', stream: true }))).toEqual([])
    if (call?.type !== 'custom_tool_call') throw new Error('expected a custom tool call')
    const followUp: ResponseInputItem[] = [...input, call, { type: 'custom_tool_call_output', call_id: call.call_id, output: '42' }]
    const second = await client.responses.create({ model: 'gpt-5.5', input: followUp, tools })
    expect(second.output_text).toBe('There are 42 open orders.')
  })

  it('rate-limit-retry: the SDK retries the 429 by itself and gets the answer, once per session', async () => {
    const requests: ReplayQuery[] = []
    const client = clientFor(matcherFor('rate-limit-retry'), requests)
    const answer = await client.responses.create({ model: 'gpt-5', input: 'Summarise this.' }, { headers: { 'x-tapedeck-scope': 'test-a' } })
    expect(answer.output_text).toBe('Here is your summary.')
    expect(requests).toHaveLength(2)
    const noRetry = clientFor(matcherFor('rate-limit-retry')).withOptions({ maxRetries: 0 })
    const failure = await noRetry.responses.create({ model: 'gpt-5', input: 'x' }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError)
    expect((failure as APIError).headers?.get('retry-after-ms')).toBe('10')
  })

  it('mid-stream-failure: twelve events, then an error the SDK raises while streaming', async () => {
    const matcher = matcherFor('mid-stream-failure')
    const request = { model: 'gpt-5', input: 'Tell me a long story', stream: true }
    const hit = matcher.match({ method: 'POST', path: '/v1/responses', headers: {}, body: request, scope: 's' }, 's')
    const answer = expandResponses(hit?.reply ?? {}, { request, seed: hit?.seed ?? '', stream: true })
    const types = payloads(answer).map((event) => event['type'])
    expect(types.slice(12)).toEqual(['error', 'response.failed'])
    expect(responsesViolations(answer)).toEqual([])
    const client = clientFor(matcherFor('mid-stream-failure'))
    const stream = client.responses.stream({ model: 'gpt-5', input: 'Tell me a long story' })
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(APIError)
  })

  it('websocket-chain: the second turn chains from the first response id and carries the tool result', () => {
    const matcher = matcherFor('websocket-chain')
    const connection = 'ws-connection-1'
    const turn = (body: JsonObject) => {
      const hit = matcher.match({ method: 'GET', path: '/v1/responses', headers: {}, body, scope: connection }, connection)
      if (hit === undefined) throw new Error(matcher.explain({ method: 'GET', path: '/v1/responses', headers: {}, body, scope: connection }, connection))
      const answer = expandResponses(hit.reply, { request: body, seed: hit.seed, stream: true, transport: 'websocket' })
      expect(responsesViolations(answer, true)).toEqual([])
      return payloads(answer).at(-1)?.['response'] as JsonObject
    }
    const first = turn({ type: 'response.create', model: 'gpt-5', store: false, input: [{ role: 'user', content: 'Where is order A-1042?' }] })
    expect(first).toMatchObject({ id: 'resp_ws_lookup_1', output: [{ type: 'function_call', name: 'lookup_order', call_id: 'call_lookup_1' }] })
    const second = turn({
      type: 'response.create',
      model: 'gpt-5',
      store: false,
      previous_response_id: 'resp_ws_lookup_1',
      input: [{ type: 'function_call_output', call_id: 'call_lookup_1', output: '{"status":"shipped"}' }],
    })
    expect(second).toMatchObject({ previous_response_id: 'resp_ws_lookup_1', status: 'completed' })
    expect(((second['output'] as JsonObject[])[0]?.['content'] as JsonObject[])[0]).toMatchObject({ text: 'Order A-1042 shipped yesterday and arrives on Friday.' })
  })
})
