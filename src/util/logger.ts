/**
 * The logger port. Library code never writes to the console itself; the CLI injects a logger
 * that writes to stderr, tests inject one that collects lines.
 * @module
 */

/** Log levels in increasing order of verbosity. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug'

/** Where library code sends its diagnostics. */
export interface Logger {
  error(message: string): void
  warn(message: string): void
  info(message: string): void
  debug(message: string): void
}

/**
 * A logger that drops everything (the default for programmatic use).
 *
 * @example
 * const server = await startTapedeck({ logger: silentLogger })
 */
export const silentLogger: Logger = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
}

/**
 * A logger that keeps every line in memory, for tests.
 *
 * @example
 * const logger = createMemoryLogger()
 * logger.warn('x')
 * logger.lines // [{ level: 'warn', message: 'x' }]
 */
export function createMemoryLogger(): Logger & { lines: Array<{ level: LogLevel; message: string }> } {
  const lines: Array<{ level: LogLevel; message: string }> = []
  const push = (level: LogLevel) => (message: string) => {
    lines.push({ level, message })
  }
  return { lines, error: push('error'), warn: push('warn'), info: push('info'), debug: push('debug') }
}
