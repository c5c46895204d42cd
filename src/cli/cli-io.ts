/**
 * Where CLI commands write and how they report their exit code, injected so that commands can
 * run in-process in tests.
 * @module
 */
import type { Logger, LogLevel } from '../index.js'

/** The CLI's output port. */
export interface CliIo {
  /** Results (for `serve`: the listening line). */
  stdout(text: string): void
  /** Diagnostics. */
  stderr(text: string): void
  setExitCode(code: number): void
}

/** Exit code of a usage error (bad flag, bad value). */
export const USAGE_EXIT_CODE = 2

/** What guardedWriter needs of `process.stdout` or `process.stderr`. */
export interface OutputStream {
  write(text: string): boolean
  on(event: 'error', listener: (error: Error) => void): unknown
}

/** Errors that mean the reader is gone (`| head` has read enough, a pager was quit). */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED'])

/**
 * A writer to `stream` that a failing stream does not crash. When the reader goes away early
 * (`tapedeck … | head`), output to the stream stops quietly and the command ends with its own
 * exit code, as a Unix tool stops writing; without this, Node throws the EPIPE as an unhandled
 * `error` event with a stack trace. Any other write error (a full disk) also stops output to the
 * stream and goes to `onFailure`, once.
 *
 * @example
 * const stdout = guardedWriter(process.stdout, (error) => reportWriteFailure(error))
 * stdout('Usage: tapedeck …\n') // fine even when `| head -1` has already closed the pipe
 */
export function guardedWriter(stream: OutputStream, onFailure: (error: Error) => void): (text: string) => void {
  let open = true
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!open) return
    open = false
    if (!READER_GONE.has(error.code ?? '')) onFailure(error)
  })
  return (text) => {
    if (open) stream.write(text)
  }
}

/**
 * A logger that writes `[tapedeck] …` lines to the CLI's stderr, up to a verbosity level.
 *
 * @example
 * const logger = createCliLogger(io, 'info') // debug lines are dropped
 */
export function createCliLogger(io: CliIo, level: LogLevel): Logger {
  const order: LogLevel[] = ['error', 'warn', 'info', 'debug']
  const limit = order.indexOf(level)
  const at = (messageLevel: LogLevel) => (message: string) => {
    if (order.indexOf(messageLevel) <= limit) io.stderr(`[tapedeck] ${message}\n`)
  }
  return {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    enabled: (messageLevel) => order.indexOf(messageLevel) <= limit,
  }
}
