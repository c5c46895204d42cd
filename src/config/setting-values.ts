/**
 * Check one setting's value, wherever it came from (flag, environment variable or config file),
 * with one set of rules, and say where a bad value was written. Pure.
 * @module
 */
import { CASSETTE_CHECK_MODES, type CassetteCheckMode } from '../cassette/cassette-checks.js'
import type { OnExhausted } from '../cassette/model.js'
import { TapedeckError, formatLocation } from '../errors.js'
import type { TimingOption } from '../replay/timing.js'
import {
  MODES,
  ON_EXHAUSTED_POLICIES,
  ON_MISS_STRATEGIES,
  type Mode,
  type OnMiss,
  type SynthesizeGenerator,
} from '../server/options.js'

/** Where a value was written. */
export type SettingOrigin =
  | { kind: 'flag'; name: string }
  | { kind: 'env'; name: string }
  | {
      kind: 'config'
      file: string
      pointer: string
      line?: number | undefined
      column?: number | undefined
    }

/** A value and where it was written. */
export interface OriginValue {
  value: unknown
  origin: SettingOrigin
}

/**
 * The error for a bad value: `TAPEDECK_OPTIONS_INVALID` for a flag, `TAPEDECK_CONFIG_INVALID`
 * for an environment variable or the config file (with file, line and column).
 *
 * @example
 * settingError({ kind: 'env', name: 'TAPEDECK_PORT' }, '"x" is not a port', 'Use 0–65535.')
 * // message: 'Failed to read the environment variable TAPEDECK_PORT: "x" is not a port. Use 0–65535.'
 */
export function settingError(origin: SettingOrigin, problem: string, hint: string): TapedeckError {
  const tail = `${problem}. ${hint}`
  if (origin.kind === 'flag') {
    return new TapedeckError('TAPEDECK_OPTIONS_INVALID', `Failed to read ${origin.name}: ${tail}`)
  }
  if (origin.kind === 'env') {
    return new TapedeckError(
      'TAPEDECK_CONFIG_INVALID',
      `Failed to read the environment variable ${origin.name}: ${tail}`,
    )
  }
  const where = formatLocation({ file: origin.file, line: origin.line, column: origin.column })
  return new TapedeckError(
    'TAPEDECK_CONFIG_INVALID',
    `Failed to read the config file ${where} (${origin.pointer}): ${tail}`,
    {
      file: origin.file,
      line: origin.line,
      column: origin.column,
      pointer: origin.pointer,
    },
  )
}

/**
 * A mode name.
 *
 * @example
 * parseMode({ value: 'replay', origin: { kind: 'env', name: 'TAPEDECK_MODE' } }) // 'replay'
 */
export function parseMode(input: OriginValue): Mode {
  return parseChoice(input, MODES)
}

/**
 * A miss strategy.
 *
 * @example
 * parseOnMiss({ value: 'proxy', origin }) // 'proxy'
 */
export function parseOnMiss(input: OriginValue): OnMiss {
  return parseChoice(input, ON_MISS_STRATEGIES)
}

/**
 * An end-of-recordings policy.
 *
 * @example
 * parseOnExhausted({ value: 'repeat_last', origin }) // 'repeat_last'
 */
export function parseOnExhausted(input: OriginValue): OnExhausted {
  return parseChoice(input, ON_EXHAUSTED_POLICIES)
}

/**
 * A validation level.
 *
 * @example
 * parseValidateLevel({ value: 'error', origin }) // 'error'
 */
export function parseValidateLevel(input: OriginValue): CassetteCheckMode {
  return parseChoice(input, CASSETTE_CHECK_MODES)
}

/**
 * A synthesize generator: `echo`, `lorem` or `fixed:<text>` (in the config file also
 * `{ fixed: <text> }`).
 *
 * @example
 * parseGeneratorValue({ value: 'fixed:All good.', origin }) // { fixed: 'All good.' }
 */
export function parseGeneratorValue(input: OriginValue): SynthesizeGenerator {
  const { value } = input
  if (value === 'echo' || value === 'lorem') return value
  if (typeof value === 'string' && value.startsWith('fixed:')) {
    return { fixed: value.slice('fixed:'.length) }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value)
    const fixed = entries.length === 1 ? entries[0] : undefined
    if (fixed !== undefined && fixed[0] === 'fixed' && typeof fixed[1] === 'string') {
      return { fixed: fixed[1] }
    }
  }
  throw settingError(
    input.origin,
    `${describe(value)} is not a generator`,
    'Use echo, lorem, or fixed:<text> (for example fixed:All good.).',
  )
}

/**
 * A yes/no: a boolean, or (from a flag or an environment variable) `true`/`false`/`1`/`0`.
 *
 * @example
 * parseBooleanValue({ value: '1', origin: { kind: 'env', name: 'TAPEDECK_RECORD_SYNTHESIZED' } }) // true
 */
export function parseBooleanValue(input: OriginValue): boolean {
  const { value } = input
  if (typeof value === 'boolean') return value
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined
  if (text === 'true' || text === '1') return true
  if (text === 'false' || text === '0') return false
  throw settingError(input.origin, `${describe(value)} is not a boolean`, 'Use true or false.')
}

/**
 * A port: an integer from 0 to 65535, as a number or a numeric string.
 *
 * @example
 * parsePortValue({ value: '8787', origin }) // 8787
 */
export function parsePortValue(input: OriginValue): number {
  const { value } = input
  const port =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+$/.test(value.trim())
        ? Number(value)
        : Number.NaN
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port
  throw settingError(
    input.origin,
    `${describe(value)} is not a port`,
    'Use a port number from 0 to 65535 (0 picks a free port).',
  )
}

/**
 * A timing: `instant`, `recorded`, or a positive speed multiplier (number or numeric string).
 *
 * @example
 * parseTimingValue({ value: '2', origin }) // 2
 */
export function parseTimingValue(input: OriginValue): TimingOption {
  const { value } = input
  if (value === 'instant' || value === 'recorded') return value
  const speed =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : Number.NaN
  if (Number.isFinite(speed) && speed > 0) return speed
  throw settingError(
    input.origin,
    `${describe(value)} is not a timing`,
    'Use instant, recorded, or a positive speed multiplier such as 2 (twice as fast) or 0.5.',
  )
}

/**
 * A non-empty string (a host, a folder).
 *
 * @example
 * parseTextValue({ value: '0.0.0.0', origin }) // '0.0.0.0'
 */
export function parseTextValue(input: OriginValue): string {
  const { value } = input
  if (typeof value === 'string' && value.trim() !== '') return value
  throw settingError(
    input.origin,
    `${describe(value)} is not a non-empty text`,
    'Write the value as a string.',
  )
}

/**
 * An http(s) URL, such as `https://api.openai.com/v1`.
 *
 * @example
 * parseUrlValue({ value: 'http://127.0.0.1:9000/v1', origin }) // 'http://127.0.0.1:9000/v1'
 */
export function parseUrlValue(input: OriginValue): string {
  const text = parseTextValue(input)
  let protocol: string | undefined
  try {
    protocol = new URL(text).protocol
  } catch {
    protocol = undefined
  }
  if (protocol === 'http:' || protocol === 'https:') return text
  throw settingError(
    input.origin,
    `${describe(text)} is not an http(s) URL`,
    'Use the API base including its root, such as https://api.openai.com/v1.',
  )
}

/**
 * A list of non-empty strings: a list, one string, or (from an environment variable) a
 * comma-separated string.
 *
 * @example
 * parseTextList({ value: 'a.yaml,b.yaml', origin: { kind: 'env', name: 'TAPEDECK_CASSETTE' } }) // ['a.yaml', 'b.yaml']
 */
export function parseTextList(input: OriginValue): string[] {
  const { value, origin } = input
  const items =
    typeof value === 'string' ? (origin.kind === 'env' ? value.split(',') : [value]) : value
  if (Array.isArray(items)) {
    const texts = items.map((item) => (typeof item === 'string' ? item.trim() : ''))
    if (texts.every((text) => text !== '')) return texts
  }
  throw settingError(
    origin,
    `${describe(value)} is not a list of non-empty texts`,
    'Write one text or a list of texts.',
  )
}

function parseChoice<T extends string>(input: OriginValue, choices: readonly T[]): T {
  const { value } = input
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T
  throw settingError(
    input.origin,
    `${describe(value)} is not valid`,
    `Use one of ${choices.join(', ')}.`,
  )
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  return typeof value === 'object'
    ? Array.isArray(value)
      ? 'a list'
      : 'a mapping'
    : JSON.stringify(value)
}
