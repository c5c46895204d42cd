/**
 * The CLI's per-request log line (`POST /v1/responses sse hit 200 12ms`) and a logger that
 * writes it next to the ordinary `[tapedeck] …` lines, in colour only on a terminal.
 * @module
 */
import type { Logger, LogLevel, RequestLogEvent, RequestOutcome } from '../util/logger.js'
import { createCliLogger, type CliIo } from './cli-io.js'

export type { RequestLogEvent, RequestOutcome } from '../util/logger.js'

const OUTCOME_COLOURS: Record<RequestOutcome, string> = {
  hit: '32', // green
  rule: '32', // green
  recorded: '36', // cyan
  synthesized: '35', // magenta
  forwarded: '34', // blue
  miss: '33', // yellow
  error: '31', // red
}

/**
 * Format one request line, padded so that successive lines form columns.
 *
 * @example
 * formatRequestLine({ method: 'POST', path: '/v1/responses', transport: 'sse', outcome: 'hit', status: 200, durationMs: 12 }, { colour: false })
 * // 'POST /v1/responses sse       hit         200 12ms'
 */
export function formatRequestLine(event: RequestLogEvent, options: { colour: boolean }): string {
  const outcome = event.outcome.padEnd(11)
  const paint = (code: string, text: string) =>
    options.colour ? `\u001b[${code}m${text}\u001b[0m` : text
  const parts = [
    `${event.method} ${event.path}`,
    event.transport.padEnd(9),
    paint(OUTCOME_COLOURS[event.outcome], outcome),
    event.status === undefined ? '---' : String(event.status),
    `${Math.round(event.durationMs)}ms`,
  ]
  if (event.detail !== undefined) parts.push(paint('2', event.detail))
  return parts.join(' ')
}

/**
 * Whether to colour stderr: only on a terminal, never with `NO_COLOR`, always with `FORCE_COLOR`
 * (other than `0`).
 *
 * @example
 * shouldColour({ isTTY: process.stderr.isTTY }, process.env)
 */
export function shouldColour(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const force = env['FORCE_COLOR']
  if (force !== undefined && force !== '') return force !== '0'
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false
  return stream.isTTY === true
}

/**
 * The CLI logger (createCliLogger) with request lines: written at `info`, so `--quiet` hides
 * them and the default shows them. A quiet logger has no `request` at all, so the server skips
 * timing and describing requests nobody will read about.
 *
 * @example
 * const logger = createRequestLogger(io, { level: 'info', colour: shouldColour(process.stderr, process.env) })
 * logger.request?.({ method: 'POST', path: '/v1/responses', transport: 'sse', outcome: 'miss', status: 404, durationMs: 3 })
 */
export function createRequestLogger(
  io: CliIo,
  options: { level: LogLevel; colour: boolean },
): Logger {
  const base = createCliLogger(io, options.level)
  if (options.level !== 'info' && options.level !== 'debug') return base
  return {
    ...base,
    request(event) {
      io.stderr(`[tapedeck] ${formatRequestLine(event, { colour: options.colour })}\n`)
    },
  }
}

/**
 * The log level of the `--quiet` and `--verbose` flags.
 *
 * @example
 * logLevelOf({ quiet: true }) // 'error'
 */
export function logLevelOf(flags: { quiet?: boolean; verbose?: boolean }): LogLevel {
  if (flags.quiet === true) return 'error'
  return flags.verbose === true ? 'debug' : 'info'
}
