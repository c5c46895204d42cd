/**
 * The Node examples of examples/ run as a user would run them in CI: through
 * `tapedeck run --mode replay` against the bundled scenarios, with CI=1, no API key and no
 * network. The bundled scenarios are checked too: every file loads, and every `*.expanded.yaml`
 * is what `tapedeck expand` makes of its rules today.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { locateInYaml, parseRules } from '../../src/scenario/index.js'
import { repoRoot, runCli } from './cli-support.js'

function runExample(cassette: string, example: string) {
  return runCli(
    [
      'run',
      '--mode',
      'replay',
      '--fail-on-miss',
      '--cassette',
      `scenarios/${cassette}`,
      '--',
      'node',
      `examples/${example}`,
    ],
    { env: { CI: '1' } },
  )
}

describe('examples', () => {
  it('openai-http.mjs: Responses JSON, a manual tool loop and Chat Completions', async () => {
    const result = await runExample('quickstart.expanded.yaml', 'openai-http.mjs')
    expect(result.stderr).toContain('Summary: 4 hits, 0 misses')
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')).toEqual([
      'responses: Hello, tapedeck! Thanks for making my OpenAI tests fast, free and repeatable.',
      'tool call: get_weather({"city":"Paris"})',
      "tool answer: It's 18°C with light rain in Paris right now, so take an umbrella.",
      'chat: Red, yellow, blue.',
      '',
    ])
  })

  it('openai-sse.mjs: a Responses stream and a Chat Completions stream', async () => {
    const result = await runExample('quickstart.expanded.yaml', 'openai-sse.mjs')
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe(
      "In a shoebox under the stairs, a cassette tape waited thirty years for someone to press play. When a curious girl finally did, her grandmother's voice filled the room, singing the lullaby nobody had written down.",
    )
    expect(lines[1]).toMatch(
      /^responses stream: \d+ text deltas, 58 output tokens, status completed$/,
    )
    expect(lines[2]).toBe('chat stream: One, two, three, four, five.')
  })

  it('openai-websocket.mjs: two ResponsesWS turns chained with previous_response_id', async () => {
    const result = await runExample('quickstart.expanded.yaml', 'openai-websocket.mjs')
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')).toEqual([
      "Nice to meet you, Ada! I'll remember your name for the rest of this conversation.",
      'Your name is Ada.',
      'websocket: 2 turns, second chained to resp_0quickstartws000000000000000001, status completed',
      '',
    ])
  })

  it('agents-websocket.mjs: an Agents SDK tool loop over WebSocket, run to the end', async () => {
    const result = await runExample('agents-weather.expanded.yaml', 'agents-websocket.mjs')
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      'Summary: 2 hits, 0 misses, 0 recorded, 0 synthesized, 0 unused.',
    )
    expect(result.stdout.split('\n')).toEqual([
      'tool: get_weather(Paris)',
      "agent: Yes, take an umbrella, it's 18°C with light rain in Paris today.",
      'agent: 2 model turns',
      '',
    ])
  })

  it('ai-sdk.mjs: the AI SDK streamText over the Responses API', async () => {
    const result = await runExample('ai-sdk.expanded.yaml', 'ai-sdk.mjs')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      "Yesterday's answers\nplay back in the same order;\nthe tests sleep soundly.\nai-sdk: finish reason stop, 19 output tokens\n",
    )
  })
})

describe('bundled scenarios', () => {
  const files = readdirSync(join(repoRoot, 'scenarios')).filter((name) => name.endsWith('.yaml'))
  const ruleFiles = files.filter((name) => !name.endsWith('.expanded.yaml'))

  it.each(files)('scenarios/%s loads, rules included', (name) => {
    const file = `scenarios/${name}`
    const text = readFileSync(join(repoRoot, file), 'utf8')
    const cassette = parseCassette(text, file)
    expect(() => parseRules(cassette.rules, locateInYaml(text), file)).not.toThrow()
    expect(cassette.interactions.length + (cassette.rules?.length ?? 0)).toBeGreaterThan(0)
  })

  it.each(ruleFiles)('scenarios/%s has an up-to-date expanded form', async (name) => {
    const expandedName = name.replace(/\.yaml$/, '.expanded.yaml')
    expect(files).toContain(expandedName)
    const result = await runCli(['expand', `scenarios/${name}`])
    expect(result.code).toBe(0)
    expect(
      result.stdout,
      `regenerate with: tapedeck expand scenarios/${name} --out scenarios/${expandedName}`,
    ).toBe(readFileSync(join(repoRoot, 'scenarios', expandedName), 'utf8'))
  })
})
