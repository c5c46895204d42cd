/**
 * Settings precedence through the real CLI: tapedeck.config.yaml < TAPEDECK_* environment
 * variables < flags, observed on the port the command is given and on the mode line; a broken
 * config file is a usage error (exit 2) that names file:line:column.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { fixturePath } from './replay-support.js'
import { runCli } from './cli-support.js'
import { killServes, startServe } from './cli-serve-support.js'

let cwd: string
const printBaseUrl = ['--', 'node', '-e', 'console.log(process.env.OPENAI_BASE_URL)']

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'tapedeck-cli-config-'))
})

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true })
})

describe('tapedeck settings precedence', () => {
  it('takes a setting from the config file, then an environment variable over it, then a flag over both', async () => {
    const [filePort, envPort, flagPort] = [await freePort(), await freePort(), await freePort()]
    writeFileSync(
      join(cwd, 'tapedeck.config.yaml'),
      `mode: replay\nport: ${filePort}\ncassette: ${fixturePath('chat-json')}\n`,
    )

    const fromFile = await runCli(['run', ...printBaseUrl], { cwd })
    expect(fromFile.code).toBe(0)
    expect(fromFile.stdout.trim()).toBe(`http://127.0.0.1:${filePort}/v1`)
    expect(fromFile.stderr).toContain('mode replay (set by tapedeck.config.yaml)')
    expect(fromFile.stderr).toContain(`${fixturePath('chat-json')} interaction 0 (http)`)

    const fromEnv = await runCli(['run', ...printBaseUrl], {
      cwd,
      env: { TAPEDECK_PORT: String(envPort), TAPEDECK_MODE: 'passthrough' },
    })
    expect(fromEnv.code).toBe(0)
    expect(fromEnv.stdout.trim()).toBe(`http://127.0.0.1:${envPort}/v1`)
    expect(fromEnv.stderr).toContain('mode passthrough (set by TAPEDECK_MODE)')

    const fromFlag = await runCli(
      ['run', '--port', String(flagPort), '--mode', 'replay', ...printBaseUrl],
      {
        cwd,
        env: { TAPEDECK_PORT: String(envPort), TAPEDECK_MODE: 'passthrough' },
      },
    )
    expect(fromFlag.code).toBe(0)
    expect(fromFlag.stdout.trim()).toBe(`http://127.0.0.1:${flagPort}/v1`)
    expect(fromFlag.stderr).toContain('mode replay (set by --mode)')
  })

  it('exits 2 with file:line:column for a broken config file, running nothing', async () => {
    writeFileSync(join(cwd, 'tapedeck.config.yaml'), 'mode: replay\n\ntimming: recorded\n')
    const result = await runCli(['run', ...printBaseUrl], { cwd })
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(
      '[tapedeck] Failed to read the config file tapedeck.config.yaml:3:1 (/timming): unknown key "timming". Did you mean "timing"?',
    )
  })

  it('exits 2 for a bad environment variable', async () => {
    rmSync(join(cwd, 'tapedeck.config.yaml'), { force: true })
    const result = await runCli(['run', ...printBaseUrl], {
      cwd,
      env: { TAPEDECK_ON_MISS: 'shrug' },
    })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'Failed to read the environment variable TAPEDECK_ON_MISS: "shrug" is not valid. Use one of error, synthesize, proxy.',
    )
  })
})

describe('tapedeck serve settings', () => {
  afterEach(killServes)

  /** Start serve, read the URL it listens on, and stop it. */
  async function listeningUrl(args: string[], env: Record<string, string> = {}): Promise<string> {
    const serving = startServe(args, { cwd, env })
    const baseURL = await serving.started
    expect(await serving.stop()).toBe(0)
    return baseURL
  }

  it('resolves like run: config file, then TAPEDECK_PORT over it, then --port over both', async () => {
    const [filePort, envPort, flagPort] = [await freePort(), await freePort(), await freePort()]
    writeFileSync(join(cwd, 'tapedeck.config.yaml'), `mode: replay\nport: ${filePort}\n`)

    expect(await listeningUrl([])).toBe(`http://127.0.0.1:${filePort}/v1`)
    expect(await listeningUrl([], { TAPEDECK_PORT: String(envPort) })).toBe(
      `http://127.0.0.1:${envPort}/v1`,
    )
    expect(
      await listeningUrl(['--port', String(flagPort)], { TAPEDECK_PORT: String(envPort) }),
    ).toBe(`http://127.0.0.1:${flagPort}/v1`)
  })

  it('takes onMiss and synthesizeWith from the config file, and exits 2 for a bad one', async () => {
    writeFileSync(
      join(cwd, 'tapedeck.config.yaml'),
      'mode: replay\nport: 0\nonMiss: synthesize\nsynthesizeWith: "fixed:From the file."\n',
    )
    const serving = startServe([], { cwd })
    const baseURL = await serving.started
    const answer = await chatAnswer(baseURL)
    expect(await serving.stop()).toBe(0)
    expect(answer).toBe('From the file.')
    expect(serving.stderr()).toMatch(/POST \/v1\/chat\/completions http +synthesized +200 \d+ms synthesized\n/)
    expect(serving.stderr()).toContain('Stopped: 0 hits, 0 misses, 0 of 0 recorded exchanges unused, 1 synthesized.')

    writeFileSync(join(cwd, 'tapedeck.config.yaml'), 'port: 0\nsynthesizeWith: shakespeare\n')
    const broken = startServe([], { cwd })
    expect(await broken.exit).toBe(2)
    expect(broken.stderr()).toContain(
      'Failed to read the config file tapedeck.config.yaml:2:1 (/synthesizeWith): "shakespeare" is not a generator.',
    )
    rmSync(join(cwd, 'tapedeck.config.yaml'), { force: true })
  })
})

describe('tapedeck run synthesize flags', () => {
  it('passes --on-miss synthesize and --synthesize-with to the server', async () => {
    rmSync(join(cwd, 'tapedeck.config.yaml'), { force: true })
    const script = `fetch(process.env.OPENAI_BASE_URL + '/chat/completions', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'hi' }] }),
    }).then((r) => r.json()).then((j) => console.log(j.choices[0].message.content))`
    const result = await runCli(
      [
        'run',
        '--mode',
        'replay',
        '--on-miss',
        'synthesize',
        '--synthesize-with',
        'fixed:From the flag.',
        '--',
        'node',
        '-e',
        script,
      ],
      { cwd },
    )
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toBe('From the flag.')
    expect(result.stderr).toContain('1 synthesized')
  })
})

/** Ask for a chat completion and return its text. */
async function chatAnswer(baseURL: string): Promise<unknown> {
  const response = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'hi' }] }),
  })
  const body = (await response.json()) as { choices?: Array<{ message?: { content?: unknown } }> }
  return body.choices?.[0]?.message?.content
}
