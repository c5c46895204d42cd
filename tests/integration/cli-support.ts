/**
 * Runs the built CLI (`node dist/cli/main.js`, built by tests/global-setup.ts) to completion, as
 * a user or CI would, and collects its output.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The repository root, the working folder of every CLI run unless told otherwise. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

const bin = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))

/** How a CLI run ended. */
export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Run `tapedeck <args>`. `env` replaces the environment (plus PATH); OPENAI_* and TAPEDECK_*
 * variables of the test runner are never inherited.
 */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<CliResult> {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', ...options.env }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}
