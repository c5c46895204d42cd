/**
 * Run the command of `tapedeck run` as a child process with the terminal's stdio, forwarding
 * Ctrl-C and SIGTERM to it, and turn how it ended into an exit code.
 * @module
 */
import { spawn } from 'node:child_process'
import { constants } from 'node:os'

/** How the child ended. */
export type ChildOutcome =
  | { kind: 'exited'; code: number }
  | { kind: 'signalled'; signal: NodeJS.Signals; code: number }
  | { kind: 'not-started'; message: string; code: number }

/** Exit code when the command cannot be started (as shells use for "command not found"). */
const NOT_STARTED_EXIT_CODE = 127

/**
 * Run `command` (no shell: the first word is the program) and resolve when it has ended.
 *
 * @example
 * const outcome = await runChild(['node', 'examples/openai-http.mjs'], { ...process.env, OPENAI_BASE_URL: url })
 * outcome.code // the code to exit with
 */
export function runChild(
  command: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ChildOutcome> {
  const [program, ...args] = command
  if (program === undefined) {
    return Promise.resolve({
      kind: 'not-started',
      message: 'no command was given',
      code: NOT_STARTED_EXIT_CODE,
    })
  }
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: 'inherit', env })
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal)
    }
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
    for (const signal of signals) process.on(signal, forward)
    const done = (outcome: ChildOutcome) => {
      for (const signal of signals) process.off(signal, forward)
      resolve(outcome)
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ENOENT' ? 'the program was not found on PATH' : error.message
      done({ kind: 'not-started', message: reason, code: NOT_STARTED_EXIT_CODE })
    })
    child.once('exit', (code, signal) => {
      if (signal === null) done({ kind: 'exited', code: code ?? 1 })
      else done({ kind: 'signalled', signal, code: 128 + (constants.signals[signal] ?? 0) })
    })
  })
}
