/**
 * The built CLI with its stdout piped into a reader that stops early (`tapedeck … | head`): output
 * stops quietly, without Node's unhandled `write EPIPE` error and its stack trace.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './cli-support.js'

const bin = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

interface ClosedEarlyRun {
  code: number | null
  stderr: string
}

/**
 * Run `tapedeck <args>` with the reading end of its stdout closed before it writes, like
 * `| head -c 0` or a pager quit at once: every write meets a closed pipe.
 */
function runClosingStdout(args: string[]): Promise<ClosedEarlyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    // Node starts in tens of milliseconds: the pipe is closed long before the CLI writes.
    child.stdout.destroy()
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stderr }))
  })
}

/** Node's report of an unhandled error: the error and a stack frame line. */
const CRASH = /EPIPE|Unhandled|\n\s+at /

describe('CLI output into a pipe closed early', () => {
  it('ends --help quietly with exit code 0', async () => {
    const result = await runClosingStdout(['--help'])
    expect(result.stderr).not.toMatch(CRASH)
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
  })

  it('drops the output of a command once the reader has gone, and keeps its exit code', async () => {
    const result = await runClosingStdout(['expand', 'scenarios/quickstart.yaml'])
    expect(result.stderr).not.toMatch(CRASH)
    expect(result.code).toBe(0)
  })

  it('keeps the verdict of validate as its exit code', async () => {
    const result = await runClosingStdout(['validate', 'tests/fixtures/scenarios/bad-unknown-key.yaml'])
    expect(result.stderr).not.toMatch(CRASH)
    expect(result.stderr).toContain('error Failed to load the scenario rules at tests/fixtures/scenarios/bad-unknown-key.yaml:8:7')
    expect(result.code).toBe(2)
  })

  it('ends quietly in a shell pipeline into head', async () => {
    // pipefail: the pipeline's status is tapedeck's when tapedeck fails.
    const script = 'set -o pipefail; "$0" "$1" --help | head -c 0; "$0" "$1" validate scenarios | head -n 1'
    const child = spawn('bash', ['-c', script, process.execPath, bin], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    expect(stderr).toBe('')
    expect(stdout).toMatch(/^ok {3}scenarios\/\S+#interaction\[0\]/)
    expect(code).toBe(0)
  })
})
