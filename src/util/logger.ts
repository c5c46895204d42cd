/**
 * The logger port. Library code never writes to the console itself; the CLI injects a logger
 * that writes to stderr, tests inject one that collects lines.
 * @module
 */

/** Log levels in increasing order of verbosity. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug'

/**
 * What became of one request: answered from a recording (`hit`), by a scenario rule (`rule`), by
 * the synthetic generator (`synthesized`), not answered (`miss`), sent upstream and recorded
 * (`recorded`) or only sent upstream (`forwarded`), or failed inside tapedeck (`error`).
 */
export type RequestOutcome =
  | 'hit'
  | 'rule'
  | 'synthesized'
  | 'miss'
  | 'recorded'
  | 'forwarded'
  | 'error'

/** One request (or WebSocket turn, or relayed connection), reported once it is answered. */
export interface RequestLogEvent {
  method: string
  /** Path with `/v1`, without the query string. */
  path: string
  transport: 'http' | 'sse' | 'websocket'
  outcome: RequestOutcome
  /** HTTP status sent (absent for WebSocket turns). */
  status?: number
  /** From the start of the request (or turn) to the end of its response. */
  durationMs: number
  /** A short note: the recording or rule that answered, or why it missed. */
  detail?: string
}

/** Where library code sends its diagnostics. */
export interface Logger {
  error(message: string): void
  warn(message: string): void
  info(message: string): void
  debug(message: string): void
  /**
   * Whether lines at `level` are kept; a logger without it keeps every level. Hot paths ask
   * before building a message, so a quiet server does not format lines it drops.
   */
  enabled?(level: LogLevel): boolean
  /** One event per answered request; loggers without it get none (the server skips the work). */
  request?(event: RequestLogEvent): void
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
  enabled: () => false,
}

/**
 * Whether `logger` keeps lines at `level`.
 *
 * @example
 * if (logs(logger, 'debug')) logger.debug(`${method} ${path} → ${describeSource(source)}`)
 */
export function logs(logger: Logger, level: LogLevel): boolean {
  return logger.enabled === undefined || logger.enabled(level)
}

/**
 * A logger that keeps every line and request event in memory, for tests.
 *
 * @example
 * const logger = createMemoryLogger()
 * logger.warn('x')
 * logger.lines // [{ level: 'warn', message: 'x' }]
 */
export function createMemoryLogger(): Logger & {
  lines: Array<{ level: LogLevel; message: string }>
  requests: RequestLogEvent[]
} {
  const lines: Array<{ level: LogLevel; message: string }> = []
  const requests: RequestLogEvent[] = []
  const push = (level: LogLevel) => (message: string) => {
    lines.push({ level, message })
  }
  return {
    lines,
    requests,
    error: push('error'),
    warn: push('warn'),
    info: push('info'),
    debug: push('debug'),
    request: (event) => {
      requests.push(event)
    },
  }
}
