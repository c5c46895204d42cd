/**
 * The one error class of tapedeck, with stable codes. Every code has a row in `docs/errors.md`
 * (cause and fix); tests assert on `code`, never only on the text.
 * @module
 */

/**
 * Stable error codes of errors tapedeck throws (loading, options, I/O). Never rename one: users
 * match on them. Errors tapedeck answers with on the wire have their own codes (docs/errors.md).
 */
export type TapedeckErrorCode =
  | 'TAPEDECK_CASSETTE_PARSE'
  | 'TAPEDECK_CASSETTE_INVALID'
  | 'TAPEDECK_CASSETTE_VERSION'
  | 'TAPEDECK_CASSETTE_WRITE'
  | 'TAPEDECK_SCENARIO_INVALID'
  | 'TAPEDECK_CONFIG_INVALID'
  | 'TAPEDECK_OPTIONS_INVALID'
  | 'TAPEDECK_INPUT_UNREADABLE'
  | 'TAPEDECK_UPSTREAM_UNREACHABLE'
  | 'TAPEDECK_INTERNAL'

/** Optional context carried by an error. */
export interface TapedeckErrorOptions {
  cause?: unknown
  /** The file the problem is in, when there is one. */
  file?: string
  /** 1-based line and column in that file. */
  line?: number
  column?: number
  /** JSON pointer of the bad value inside the file or body. */
  pointer?: string
}

/**
 * An error tapedeck raises on purpose: bad input, a replay miss, an unreachable upstream.
 * Messages follow "Failed to X: Y. Fix" so that they say what failed, why and what to do.
 *
 * @example
 * throw new TapedeckError('TAPEDECK_CASSETTE_VERSION',
 *   'Failed to load cassette "a.yaml": version 9 is not supported. Supported versions: 1.',
 *   { file: 'a.yaml', line: 1, column: 10, pointer: '/version' })
 */
export class TapedeckError extends Error {
  readonly code: TapedeckErrorCode
  readonly file: string | undefined
  readonly line: number | undefined
  readonly column: number | undefined
  readonly pointer: string | undefined

  constructor(code: TapedeckErrorCode, message: string, options: TapedeckErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'TapedeckError'
    this.code = code
    this.file = options.file
    this.line = options.line
    this.column = options.column
    this.pointer = options.pointer
  }
}

/**
 * Narrow an unknown thrown value to a TapedeckError.
 *
 * @example
 * try { load() } catch (error) { if (isTapedeckError(error)) console.error(error.code) }
 */
export function isTapedeckError(error: unknown): error is TapedeckError {
  return error instanceof TapedeckError
}

/**
 * Format a location prefix "file:line:column" from whatever parts are known.
 *
 * @example
 * formatLocation({ file: 'a.yaml', line: 3, column: 5 }) // 'a.yaml:3:5'
 */
export function formatLocation(where: { file?: string; line?: number; column?: number }): string {
  const parts: string[] = []
  if (where.file !== undefined) parts.push(where.file)
  if (where.line !== undefined) parts.push(String(where.line))
  if (where.column !== undefined) parts.push(String(where.column))
  return parts.join(':')
}

/**
 * The message of anything thrown: an Error's message, anything else as text.
 *
 * @example
 * errorMessage(new Error('disk full')) // 'disk full'
 * errorMessage('boom')                 // 'boom'
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
