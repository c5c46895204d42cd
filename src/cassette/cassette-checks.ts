/**
 * The hook through which recorded content is checked when a cassette is loaded (the stream
 * validator plugs in here; `--validate warn|error|off`). The hook reports findings by JSON
 * pointer; this module locates them in the file and warns or fails. Pure apart from the logger.
 * @module
 */
import { TapedeckError, formatLocation } from '../errors.js'
import type { Logger } from '../util/logger.js'
import type { Cassette } from './model.js'
import type { CassetteLocator } from './yaml-locate.js'

/** What to do with findings: log them, refuse the cassette, or not check at all. */
export type CassetteCheckMode = 'warn' | 'error' | 'off'

/**
 * The modes, for option parsing and help text.
 *
 * @example
 * new Option('--validate <mode>').choices(CASSETTE_CHECK_MODES)
 */
export const CASSETTE_CHECK_MODES: readonly CassetteCheckMode[] = ['warn', 'error', 'off']

/** One problem found in a cassette's content. */
export interface CassetteFinding {
  /** JSON pointer into the cassette, e.g. `/interactions/3/response/events/7/data`. */
  pointer: string
  /** What is wrong, e.g. `sequence_number 7 follows 5`. */
  message: string
}

/** Checks a loaded cassette; returns no findings when all is well. */
export type CassetteCheck = (cassette: Cassette) => CassetteFinding[]

/** Findings shown with their line and column; the rest are counted (warn) or listed unlocated (error). */
const MAX_LOCATED = 20

/**
 * Run a check on a loaded cassette and apply the mode.
 *
 * @throws TapedeckError `TAPEDECK_CASSETTE_INVALID` in `error` mode when there are findings.
 *
 * @example
 * const { cassette, locate } = readCassetteText(text, file)
 * applyCassetteCheck({ cassette, locate, file, check: validateStreams, mode: 'warn', logger })
 */
export function applyCassetteCheck(options: {
  cassette: Cassette
  locate: CassetteLocator
  file: string
  check: CassetteCheck | undefined
  mode: CassetteCheckMode
  logger: Logger
}): void {
  const { cassette, locate, file, check, mode, logger } = options
  if (check === undefined || mode === 'off') return
  const findings = check(cassette)
  if (findings.length === 0) return
  const located = findings.slice(0, MAX_LOCATED).map((finding) => finding.pointer)
  const positions = locate.many?.(located, 'value') ?? located.map((pointer) => locate(pointer, 'value'))
  const lines = findings.map((finding, index) => {
    const position = positions[index]
    const where = formatLocation({ file, line: position?.line, column: position?.column })
    return { text: `${where}: ${finding.pointer}: ${finding.message}`, position, finding }
  })
  if (mode === 'warn') {
    // A cassette with a systematic problem has it in every interaction: a screenful says so.
    for (const line of lines.slice(0, MAX_LOCATED)) logger.warn(line.text)
    const more = lines.length - MAX_LOCATED
    if (more > 0) {
      logger.warn(
        `${file}: ${more} more finding${more === 1 ? '' : 's'} not shown. ` +
          `List them all with: tapedeck validate ${file}`,
      )
    }
    return
  }
  const first = lines[0]
  const more = lines.length > 1 ? `\n${lines.slice(1).map((line) => `  ${line.text}`).join('\n')}` : ''
  throw new TapedeckError(
    'TAPEDECK_CASSETTE_INVALID',
    `${first?.text ?? file}. Fix the recorded events or re-record the cassette; ` +
      `load it with --validate warn to use it anyway (${lines.length} finding${lines.length === 1 ? '' : 's'}).${more}`,
    {
      file,
      ...(first?.finding === undefined ? {} : { pointer: first.finding.pointer }),
      ...(first?.position === undefined ? {} : { line: first.position.line, column: first.position.column }),
    },
  )
}
