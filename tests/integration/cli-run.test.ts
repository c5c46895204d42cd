/**
 * `tapedeck run -- <command>`: the command gets OPENAI_BASE_URL (and a placeholder key in
 * replay), tapedeck exits with its exit code, prints a summary, and the --fail-on-* flags turn
 * misses and unused recordings into a failure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { startFakeOpenAI } from '../support/fake-openai.js'
import { fixturePath } from './replay-support.js'
import { runCli } from './cli-support.js'

const app = ['node', 'tests/fixtures/cli/chat-app.mjs']
const chatJson = fixturePath('chat-json')

describe('tapedeck run', () => {
  it('runs the command against tapedeck with OPENAI_BASE_URL and a placeholder key, and prints a summary', async () => {
    const result = await runCli(['run', '--mode', 'replay', '--cassette', chatJson, '--', ...app])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^OPENAI_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/v1$/m)
    expect(result.stdout).toContain('OPENAI_API_KEY=sk-tapedeck-placeholder')
    expect(result.stdout).toContain('answer=Paris.')
    expect(result.stderr).toContain(
      '[tapedeck] Summary: 1 hit, 0 misses, 0 recorded, 0 synthesized, 0 unused.',
    )
  })

  it("keeps the command's own OPENAI_API_KEY", async () => {
    const result = await runCli(['run', '--mode', 'replay', '--cassette', chatJson, '--', ...app], {
      env: { OPENAI_API_KEY: 'sk-mine' },
    })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('OPENAI_API_KEY=sk-mine')
  })

  it("exits with the command's exit code", async () => {
    const result = await runCli(['run', '--mode', 'replay', '--cassette', chatJson, '--', ...app], {
      env: { CHAT_EXIT: '7' },
    })
    expect(result.code).toBe(7)
    expect(result.stdout).toContain('answer=Paris.')
    expect(result.stderr).toContain('Summary: 1 hit')
  })

  it('replays by default in CI (no --mode)', async () => {
    const result = await runCli(['run', '--cassette', chatJson, '--', ...app], {
      env: { CI: 'true' },
    })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('mode replay (CI is set)')
    expect(result.stdout).toContain('OPENAI_API_KEY=sk-tapedeck-placeholder')
  })

  it('counts misses, and --fail-on-miss fails a command that succeeded', async () => {
    const env = { CHAT_MISS: '1' }
    const lenient = await runCli(
      ['run', '--mode', 'replay', '--cassette', chatJson, '--', ...app],
      { env },
    )
    expect(lenient.code).toBe(0)
    expect(lenient.stdout).toContain('miss=404 tapedeck_replay_no_match')
    expect(lenient.stderr).toContain('Summary: 1 hit, 1 miss, 0 recorded, 0 synthesized, 0 unused.')

    const strict = await runCli(
      ['run', '--mode', 'replay', '--fail-on-miss', '--cassette', chatJson, '--', ...app],
      { env },
    )
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('--fail-on-miss: 1 request missed.')
  })

  it('lists unused recordings, and --fail-on-unused fails a command that succeeded', async () => {
    const cassettes = ['--cassette', chatJson, '--cassette', fixturePath('responses-json')]
    const lenient = await runCli(['run', '--mode', 'replay', ...cassettes, '--', ...app])
    expect(lenient.code).toBe(0)
    expect(lenient.stderr).toContain(
      'Summary: 1 hit, 0 misses, 0 recorded, 0 synthesized, 2 unused.',
    )
    expect(lenient.stderr).toContain(`${fixturePath('responses-json')} interaction 0 (http)`)
    expect(lenient.stderr).toContain(`${fixturePath('responses-json')} interaction 1 (http)`)

    const strict = await runCli([
      'run',
      '--mode',
      'replay',
      '--fail-on-unused',
      ...cassettes,
      '--',
      ...app,
    ])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('--fail-on-unused: 2 recordings were never used.')

    const allUsed = await runCli([
      'run',
      '--mode',
      'replay',
      '--fail-on-unused',
      '--fail-on-miss',
      '--cassette',
      chatJson,
      '--',
      ...app,
    ])
    expect(allUsed.code).toBe(0)
  })

  it('passes options after the command through to it, with or without --', async () => {
    const echo = ['node', '-e', 'console.log(process.argv.slice(1).join(" "))', '--', '--port', 'x']
    for (const separator of [['--'], []]) {
      const result = await runCli([
        'run',
        '--mode',
        'replay',
        '--cassette',
        chatJson,
        ...separator,
        ...echo,
      ])
      expect(result.code).toBe(0)
      expect(result.stdout.trim()).toBe('--port x')
    }
  })

  it('exits 127 when the command cannot be started', async () => {
    const result = await runCli([
      'run',
      '--mode',
      'replay',
      '--cassette',
      chatJson,
      '--',
      'no-such-program-tapedeck-test',
    ])
    expect(result.code).toBe(127)
    expect(result.stderr).toContain(
      'Failed to run "no-such-program-tapedeck-test": the program was not found on PATH.',
    )
  })

  it('exits 2 on a bad setting, before running anything', async () => {
    const result = await runCli(['run', '--port', 'eighty', '--', ...app])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Failed to read --port: "eighty" is not a port.')
    expect(result.stdout).toBe('')
  })

  it('records through the command in record mode, writes the cassette before exiting, and counts it', async () => {
    const upstream = await startFakeOpenAI()
    const folder = mkdtempSync(join(tmpdir(), 'tapedeck-run-record-'))
    const cassette = join(folder, 'recorded.yaml')
    try {
      const result = await runCli(
        ['run', '--mode', 'record', '--upstream', upstream.url, '--cassette', cassette, '--', ...app],
        { env: { OPENAI_API_KEY: 'sk-real-looking-key' } },
      )
      expect(result.stderr).toContain('Summary: 0 hits, 0 misses, 1 recorded, 0 synthesized, 0 unused.')
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('OPENAI_API_KEY=sk-real-looking-key') // no placeholder when forwarding
      expect(upstream.requests).toHaveLength(1)
      const written = parseCassette(readFileSync(cassette, 'utf8'), cassette)
      expect(written.interactions).toEqual([
        expect.objectContaining({ transport: 'http', request: expect.objectContaining({ path: '/v1/chat/completions' }) }),
      ])
      expect(readFileSync(cassette, 'utf8')).not.toContain('sk-real-looking-key')
    } finally {
      await upstream.close()
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
