/**
 * Checks and completes the options of `startTapedeck`: defaults from DEFAULT_OPTIONS, an
 * error listing the valid values for anything unknown.
 * @module
 */
import type { OnExhausted } from '../cassette/model.js'
import { TapedeckError } from '../errors.js'
import { resolveTiming, type Timing } from '../replay/timing.js'
import { systemClock, type Clock } from '../util/clock.js'
import { silentLogger, type Logger } from '../util/logger.js'
import {
  DEFAULT_OPTIONS,
  MODES,
  ON_EXHAUSTED_POLICIES,
  ON_MISS_STRATEGIES,
  type Mode,
  type OnMiss,
  type TapedeckOptions,
} from './options.js'

/** Options with every default applied. */
export interface ResolvedOptions {
  port: number
  host: string
  files: string[]
  folder: string | undefined
  mode: Mode
  timing: Timing
  onExhausted: OnExhausted | undefined
  onMiss: OnMiss
  logger: Logger
  clock: Clock
  maxBodyBytes: number
}

/**
 * Apply defaults and validate.
 *
 * @example
 * resolveOptions({ timing: 2 }).timing // { kind: 'recorded', speed: 2 }
 */
export function resolveOptions(options: TapedeckOptions): ResolvedOptions {
  const mode = oneOf('mode', options.mode ?? DEFAULT_OPTIONS.mode, MODES)
  if (mode !== 'replay') {
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to start in mode "${mode}": it is not implemented yet (it comes with recording). ` +
        'Use mode "replay".',
    )
  }
  const onMiss = oneOf('onMiss', options.onMiss ?? DEFAULT_OPTIONS.onMiss, ON_MISS_STRATEGIES)
  if (onMiss !== 'error') {
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to start with onMiss "${onMiss}": it is not implemented yet (it comes with recording). ` +
        'Use onMiss "error".',
    )
  }
  const port = options.port ?? DEFAULT_OPTIONS.port
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to resolve "port": ${String(port)} is not a port. Use 0–65535 (0 picks a free port).`,
    )
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_OPTIONS.maxBodyBytes
  if (!Number.isFinite(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to resolve "maxBodyBytes": ${String(maxBodyBytes)} is not a positive size in bytes.`,
    )
  }
  const cassette = options.cassette
  return {
    port,
    host: options.host ?? DEFAULT_OPTIONS.host,
    files: cassette === undefined ? [] : Array.isArray(cassette) ? cassette : [cassette],
    folder: options.scenarios,
    mode,
    timing: resolveTiming(options.timing ?? DEFAULT_OPTIONS.timing),
    onExhausted:
      options.onExhausted === undefined
        ? undefined
        : oneOf('onExhausted', options.onExhausted, ON_EXHAUSTED_POLICIES),
    onMiss,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
    maxBodyBytes,
  }
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new TapedeckError(
    'TAPEDECK_OPTIONS_INVALID',
    `Failed to resolve "${name}": unknown value "${value}". ` +
      `Use one of ${allowed.map((item) => `"${item}"`).join(', ')}.`,
  )
}
