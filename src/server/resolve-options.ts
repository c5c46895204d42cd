/**
 * Checks and completes the options of `startTapedeck`: defaults from DEFAULT_OPTIONS, an
 * error listing the valid values for anything unknown.
 * @module
 */
import type { OnExhausted } from '../cassette/model.js'
import { TapedeckError } from '../errors.js'
import { createRedactor, type Redactor } from '../record/redact.js'
import { resolveTiming, type Timing } from '../replay/timing.js'
import { systemClock, type Clock } from '../util/clock.js'
import { CASSETTE_CHECK_MODES, type CassetteCheckMode } from '../cassette/cassette-checks.js'
import { silentLogger, type Logger } from '../util/logger.js'
import { recordsInteractions } from './mode.js'
import {
  DEFAULT_OPTIONS,
  MODES,
  ON_EXHAUSTED_POLICIES,
  ON_MISS_STRATEGIES,
  type Mode,
  type OnMiss,
  type SynthesizeGenerator,
  type SynthesizeOptions,
  type TapedeckOptions,
} from './options.js'

/** The synthesize settings in effect. */
export interface ResolvedSynthesize {
  generator: SynthesizeGenerator
  /** Append synthesized answers to the first cassette file. */
  record: boolean
}

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
  /** Set when misses are synthesized (`replay` mode with `onMiss: 'synthesize'`). */
  synthesize: ResolvedSynthesize | undefined
  /** The upstream base URL, without a trailing slash. */
  upstream: string
  redactor: Redactor
  flushIntervalMs: number
  recordedWith: string
  logger: Logger
  clock: Clock
  maxBodyBytes: number
  validate: CassetteCheckMode
}

/**
 * Apply defaults and validate.
 *
 * @example
 * resolveOptions({ timing: 2 }).timing // { kind: 'recorded', speed: 2 }
 */
export function resolveOptions(options: TapedeckOptions): ResolvedOptions {
  const mode = oneOf('mode', options.mode ?? DEFAULT_OPTIONS.mode, MODES)
  const onMiss = oneOf('onMiss', options.onMiss ?? DEFAULT_OPTIONS.onMiss, ON_MISS_STRATEGIES)
  const cassette = options.cassette
  const files = cassette === undefined ? [] : Array.isArray(cassette) ? cassette : [cassette]
  const synthesizes = mode === 'replay' && onMiss === 'synthesize'
  const synthesize = resolveSynthesize(options.synthesize, synthesizes, files)
  if (recordsInteractions(mode) && files.length === 0) {
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to start in mode "${mode}": there is no cassette to record into. ` +
        'Pass --cassette <file> (the cassette option); it is created when missing. ' +
        'Scenario folders are only read, never recorded into.',
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
  const flushIntervalMs = options.record?.flushIntervalMs ?? DEFAULT_OPTIONS.record.flushIntervalMs
  if (!Number.isFinite(flushIntervalMs) || flushIntervalMs < 0) {
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to resolve "record.flushIntervalMs": ${String(flushIntervalMs)} is not a delay in ms. Use 0 or more.`,
    )
  }
  return {
    port,
    host: options.host ?? DEFAULT_OPTIONS.host,
    files,
    folder: options.scenarios,
    mode,
    timing: resolveTiming(options.timing ?? DEFAULT_OPTIONS.timing),
    onExhausted:
      options.onExhausted === undefined
        ? undefined
        : oneOf('onExhausted', options.onExhausted, ON_EXHAUSTED_POLICIES),
    onMiss,
    synthesize,
    upstream: resolveUpstream(options.upstream ?? DEFAULT_OPTIONS.upstream),
    redactor: createRedactor(options.redact),
    flushIntervalMs,
    recordedWith: options.record?.recordedWith ?? DEFAULT_OPTIONS.record.recordedWith,
    logger: options.logger ?? silentLogger,
    clock: options.clock ?? systemClock,
    maxBodyBytes,
    validate: oneOf('validate', options.validate ?? DEFAULT_OPTIONS.validate, CASSETTE_CHECK_MODES),
  }
}

function resolveSynthesize(
  options: SynthesizeOptions | undefined,
  active: boolean,
  files: readonly string[],
): ResolvedSynthesize | undefined {
  const generator = options?.generator ?? 'echo'
  const fixed = typeof generator === 'object' && generator !== null ? generator.fixed : undefined
  if (generator !== 'echo' && generator !== 'lorem' && typeof fixed !== 'string') {
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to resolve "synthesize.generator": ${JSON.stringify(generator)} is not a generator. ` +
        'Use "echo", "lorem" or { fixed: "<text>" } ' +
        '(on the command line: --synthesize-with fixed:<text>).',
    )
  }
  if (!active) return undefined
  const record = options?.record === true
  if (record && files.length === 0) {
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      'Failed to start with synthesize.record: ' +
        'there is no cassette to record synthesized answers into. ' +
        'Pass --cassette <file> (the cassette option); it is created when missing.',
    )
  }
  return { generator, record }
}

function resolveUpstream(upstream: string): string {
  let url: URL | undefined
  try {
    url = new URL(upstream)
  } catch {
    url = undefined
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to resolve "upstream": ${JSON.stringify(upstream)} is not an http(s) URL. ` +
        'Pass the API base including its root, such as https://api.openai.com/v1.',
    )
  }
  return upstream.replace(/\/+$/, '')
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new TapedeckError(
    'TAPEDECK_OPTIONS_INVALID',
    `Failed to resolve "${name}": unknown value "${value}". ` +
      `Use one of ${allowed.map((item) => `"${item}"`).join(', ')}.`,
  )
}
