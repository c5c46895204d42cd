/**
 * Settings precedence through the real CLI: tapedeck.config.yaml < TAPEDECK_* environment
 * variables < flags, observed on the port the command is given and on the mode line; a broken
 * config file is a usage error (exit 2) that names file:line:column.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixturePath } from './replay-support.js'
import { runCli } from './cli-support.js'

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
