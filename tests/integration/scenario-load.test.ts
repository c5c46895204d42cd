/**
 * A malformed scenario is refused when the server starts, naming the file, line, column, JSON
 * pointer and a hint: through startTapedeck (a TapedeckError) and through `tapedeck serve` (exit
 * code 1, the message on stderr).
 */
import { spawn } from 'node:child_process'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { TapedeckError } from '../../src/errors.js'
import { startTapedeck } from '../../src/server/create-server.js'
import type { TapedeckOptions } from '../../src/server/options.js'
import { scenarioFixture, tempFolder, writeCassette } from './scenario-support.js'

const bin = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

/** The error startTapedeck rejects with. */
async function startError(options: TapedeckOptions): Promise<TapedeckError> {
  const error = await startTapedeck({ mode: 'replay', ...options }).then(
    async (tapedeck) => {
      await tapedeck.close()
      throw new Error('tapedeck started')
    },
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(TapedeckError)
  return error as TapedeckError
}

const CASES = [
  {
    fixture: 'bad-unknown-key.yaml',
    line: 8,
    column: 7,
    pointer: '/rules/0/reply/txt',
    says: 'unknown key "txt" in "reply" of rule 1. Did you mean "text"?',
  },
  {
    fixture: 'bad-wrong-type.yaml',
    line: 6,
    column: 5,
    pointer: '/rules/0/times',
    says: '"times" of rule 1 must be an integer.',
  },
  {
    fixture: 'bad-regex.yaml',
    line: 7,
    column: 7,
    pointer: '/rules/0/match/input_matches',
    says: 'the regular expression of rule 1 does not compile',
  },
  {
    fixture: 'bad-tool-call.yaml',
    line: 9,
    column: 11,
    pointer: '/rules/0/reply/tool_calls/0',
    says: 'has no "name". A tool call needs the name of the tool it calls',
  },
]

describe('malformed scenarios', () => {
  it.each(CASES)('refuses $fixture at load with file:line:column and a hint', async (bad) => {
    const file = scenarioFixture(bad.fixture)
    const error = await startError({ cassette: file })
    expect(error.code).toBe('TAPEDECK_SCENARIO_INVALID')
    expect(error).toMatchObject({ file, line: bad.line, column: bad.column, pointer: bad.pointer })
    expect(error.message).toContain(`Failed to load the scenario rules at ${file}:${bad.line}:${bad.column} (${bad.pointer}): `)
    expect(error.message).toContain(bad.says)
  })

  it('refuses a bad scenario found in a --scenarios folder', async () => {
    const folder = tempFolder()
    writeCassette(folder, 'good.yaml', 'version: 1\nrules:\n  - reply: { text: Fine. }\n')
    cpSync(scenarioFixture('bad-regex.yaml'), join(folder, 'sub', 'bad.yaml'), { recursive: true })
    const error = await startError({ scenarios: folder })
    expect(error).toMatchObject({ code: 'TAPEDECK_SCENARIO_INVALID', line: 7, column: 7 })
    expect(error.message).toContain(join(folder, 'sub', 'bad.yaml'))
  })

  it('refuses bad rules in the cassette auto mode records into', async () => {
    const folder = tempFolder()
    const file = join(folder, 'target.yaml')
    cpSync(scenarioFixture('bad-unknown-key.yaml'), file)
    const error = await startError({ mode: 'auto', cassette: file, upstream: 'http://127.0.0.1:9' })
    expect(error).toMatchObject({ code: 'TAPEDECK_SCENARIO_INVALID', file, line: 8, column: 7 })
  })

  it('refuses bad rules of an in-memory cassette, by pointer', async () => {
    const text = 'version: 1\nrules:\n  - reply: { tool_calls: [{ arguments: {} }] }\n'
    const error = await startError({ cassettes: [{ file: 'memory.yaml', cassette: parseCassette(text, 'memory.yaml') }] })
    expect(error).toMatchObject({ code: 'TAPEDECK_SCENARIO_INVALID', pointer: '/rules/0/reply/tool_calls/0' })
  })

  it('makes `tapedeck serve` exit 1 with the located message on stderr', async () => {
    const file = scenarioFixture('bad-unknown-key.yaml')
    const child = spawn(process.execPath, [bin, 'serve', '--mode', 'replay', '--port', '0', '--cassette', file], {
      stdio: 'pipe',
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(1)
    expect(stderr).toContain(`[tapedeck] Failed to load the scenario rules at ${file}:8:7 (/rules/0/reply/txt)`)
    expect(stderr).toContain('Did you mean "text"?')
  })
})
