/**
 * `tapedeck validate` on hand-written scenario files: the rules are checked as the server checks
 * them at load, and the streams they produce are validated like recorded ones, per rule.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { errorMessage } from '../../src/errors.js'
import { checkRulesOf } from '../../src/server/load-cassettes.js'
import { runCli } from './cli-support.js'

const folder = mkdtempSync(join(tmpdir(), 'tapedeck-validate-scenarios-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

function write(name: string, text: string): string {
  const file = join(folder, name)
  writeFileSync(file, text)
  return file
}

/** The message the server refuses `file` with at load. */
async function serverRefusal(file: string): Promise<string> {
  const cassette = parseCassette(readFileSync(file, 'utf8'), file)
  try {
    await checkRulesOf([{ file, cassette }])
  } catch (error) {
    return errorMessage(error)
  }
  throw new Error(`expected the server to refuse ${file}`)
}

describe('tapedeck validate on scenario files', () => {
  it('passes a valid rules-only file, one verdict per reply the rules give', async () => {
    const file = write(
      'rules-only.yaml',
      `version: 1
rules:
  - name: greeting
    match: { model: "gpt-*", last_user_message: Hi }
    reply: { text: Hello there. }
  - name: chat
    match: { endpoint: chat }
    reply: { text: "Red, yellow, blue." }
  - name: two tries
    reply:
      - { error: { status: 429 } }
      - { text: Second time lucky. }
  - name: dropped
    reply: { text: This stream is cut after three events., disconnect_after: 3 }
  - name: embeddings
    match: { endpoint: /v1/embeddings }
    reply: { text: unused }
`,
    )
    const result = await runCli(['validate', '--profile', 'strict', file])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split('\n')
    expect(lines.map((line) => line.replace(/ {2}\(.*$/, ''))).toEqual([
      `ok   ${file}#rule[0] "greeting"`,
      `ok   ${file}#rule[1] "chat"`,
      `ok   ${file}#rule[2].reply[0] "two tries"`,
      `ok   ${file}#rule[2].reply[1] "two tries"`,
      `ok   ${file}#rule[3] "dropped"`,
      '5 checked in 1 file(s): 5 ok, 0 failed, 1 skipped (not a Responses or Chat Completions exchange) (profile: strict)',
    ])
    expect(lines[1]).toContain('(chat sse, ')
    expect(lines[2]).toContain('(error body)')
    expect(lines[4]).toContain('(responses sse, 3 events)')
  })

  it('checks the rules of a cassette that also has recorded interactions', async () => {
    const result = await runCli(['validate', '--json', 'scenarios/quickstart.yaml', 'tests/fixtures/scenarios/agent-weather.yaml'])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout) as { summary: unknown; results: Array<{ label: string; valid: boolean }> }
    expect(report.summary).toEqual({ files: 2, checked: 10, ok: 10, failed: 0, skipped: 0, unreadable: 0 })
    expect(report.results[0]?.label).toBe('scenarios/quickstart.yaml#rule[0] "greeting"')
    expect(report.results.at(-1)?.label).toBe('tests/fixtures/scenarios/agent-weather.yaml#rule[1] "answer from the tool result"')
  })

  it('refuses a rule with a schema error at file:line:column, with the message the server gives', async () => {
    const file = write(
      'typo.yaml',
      `version: 1
rules:
  - name: fine
    reply: { text: Fine. }
  - name: typo
    reply:
      txt: Hello!
`,
    )
    const result = await runCli(['validate', file])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`error Failed to load the scenario rules at ${file}:7:7 (/rules/1/reply/txt): unknown key "txt"`)
    expect(result.stderr).toBe(`error ${await serverRefusal(file)}\n`)
    expect(result.stdout).toBe('0 checked in 1 file(s): 0 ok, 0 failed, 1 unreadable (profile: wire)\n')
  })

  it('refuses a rule the semantic checks refuse, and still validates the other files', async () => {
    const file = write(
      'bad-regex.yaml',
      `version: 1
interactions: []
rules:
  - match: { input_matches: "/weather in ([a-z/i" }
    reply: { text: Sunny. }
`,
    )
    const result = await runCli(['validate', file, 'scenarios/ai-sdk.yaml'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`error ${await serverRefusal(file)}\n`)
    expect(result.stderr).toContain(`${file}:4:14 (/rules/0/match/input_matches)`)
    expect(result.stdout).toContain('ok   scenarios/ai-sdk.yaml#rule[0] "haiku"')
  })

  it('says what a rules-only file lacks to be loaded, as the server does', async () => {
    const file = write('no-version.yaml', 'rules:\n  - match: { model: "gpt-*" }\n    reply: { text: hi }\n')
    const result = await runCli(['validate', file])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `error ${file}:1:1: missing "version": expected the cassette format version (supported: 1). Add "version: 1" at the top of the file.\n`,
    )
  })

  it('fails a rule whose generated stream breaks the protocol, located in the stream', async () => {
    const file = write(
      'bad-id.yaml',
      `version: 1
rules:
  - name: an id the Responses API never sends
    reply: { text: Hi., id: chatcmpl-123 }
`,
    )
    const result = await runCli(['validate', file])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`FAIL ${file}#rule[0] "an id the Responses API never sends"  (responses sse, 9 events, 3 violation(s))`)
    expect(result.stdout).toContain('[schema] expected a string matching /^resp_/, saw "chatcmpl-123" at event 0 (sequence_number 0) /response/id')
    expect(result.stderr).toBe('')
  })

  it('still reports a YAML file without rules or interactions as unreadable', async () => {
    const file = write('neither.yaml', 'version: 1\nname: empty\n')
    const result = await runCli(['validate', file])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`error Failed to read "${file}": it is not a cassette (no \`interactions\` list)`)
  })

  it('reads a vcrpy cassette whose text mentions rules as vcrpy, not as a scenario file', async () => {
    const file = write(
      'vcrpy-other-host.yaml',
      `interactions:
  - request:
      method: POST
      uri: https://example.com/moderate
      body: 'moderation rules: strict'
      headers: {}
    response:
      status: { code: 200, message: OK }
      headers: {}
      body: { string: '{}' }
version: 1
`,
    )
    const result = await runCli(['validate', file])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('0 checked in 1 file(s)')
  })
})
