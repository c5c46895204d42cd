/**
 * Runs `tapedeck serve` as the built bin (`node dist/cli/main.js`) in the background, with a
 * controlled environment (no inherited TAPEDECK_*, OPENAI_*, CI or colour variables), and
 * collects its output.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))
const children: ChildProcessWithoutNullStreams[] = []

/** A background `serve`. */
export interface Serving {
  child: ChildProcessWithoutNullStreams
  stdout: () => string
  stderr: () => string
  exit: Promise<number | null>
  /** Resolves with the base URL once the listening line is printed. */
  started: Promise<string>
  /** Resolves once stderr matches. */
  stderrMatching: (pattern: RegExp) => Promise<string>
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>
}

/**
 * Start `tapedeck serve <args>`. `env` is the whole environment besides PATH.
 */
export function startServe(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Serving {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', ...options.env }
  const child = spawn(process.execPath, [bin, 'serve', ...args], {
    stdio: 'pipe',
    env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  let onStderr: () => void = () => {}
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    onStderr()
  })
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /tapedeck listening on (http:\/\/\S+\/v1)\n/.exec(stdout)
      if (match?.[1] !== undefined) resolve(match[1])
    })
    void exit.then((code) => reject(new Error(`tapedeck exited with ${code} before listening: ${stderr}`)))
  })
  // Tests that expect an early exit never await `started`.
  started.catch(() => undefined)
  const stderrMatching = async (pattern: RegExp) => {
    while (!pattern.test(stderr)) {
      if (child.exitCode !== null) throw new Error(`tapedeck exited; stderr: ${stderr}`)
      await new Promise<void>((resolve) => (onStderr = resolve))
    }
    return stderr
  }
  const stop = async () => {
    child.kill('SIGTERM')
    return exit
  }
  return { child, stdout: () => stdout, stderr: () => stderr, exit, started, stderrMatching, stop }
}

/** Kill what is still running (call from afterEach). */
export function killServes(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
}
