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
