/**
 * The settings of the server commands (`serve`, `run`): their names in each layer (flag,
 * environment variable, config-file key), and their defaults. Precedence is one rule for every
 * setting: flags > environment variables > config file > defaults (docs/configuration.md).
 * @module
 */
import type { CassetteCheckMode } from '../cassette/cassette-checks.js'
import type { OnExhausted } from '../cassette/model.js'
import type { RedactionOptions } from '../record/redact.js'
import type { TimingOption } from '../replay/timing.js'
import type { Mode, OnMiss, SynthesizeGenerator } from '../server/options.js'

/** Where a setting's value came from. */
export type SettingSource = 'flag' | 'env' | 'config' | 'default'

/** The settings a server command runs with, every default applied. */
export interface Settings {
  mode: Mode
  /** Why this mode: `set by --mode`, `set by TAPEDECK_MODE`, `CI is set`, … */
  modeReason: string
  /** Cassettes to replay; in `record` and `auto` the first one is recorded into. */
  cassette: string[]
  /** A folder of cassettes to replay, or undefined. */
  scenarios: string | undefined
  port: number
  host: string
  upstream: string
  timing: TimingOption
  onMiss: OnMiss
  /** Where `onMiss: synthesize` takes its texts from; undefined: the library's default (echo). */
  synthesizeWith: SynthesizeGenerator | undefined
  /** Append synthesized answers to the first cassette, marked `synthetic: true`. */
  recordSynthesized: boolean
  /** Overrides every cassette's `match.on_exhausted` when set. */
  onExhausted: OnExhausted | undefined
  /** Cassette validation on load. */
  validate: CassetteCheckMode
  redact: Pick<RedactionOptions, 'headers' | 'pointers' | 'patterns'>
  /** The config file that was read, if any. */
  configFile: string | undefined
  /** Where each setting came from, for diagnostics and tests. */
  sources: Record<SettingKey, SettingSource>
}

/**
 * The settings every layer can set, by their config-file key.
 *
 * @example
 * SETTING_KEYS.includes('onMiss') // true
 */
export const SETTING_KEYS = [
  'mode',
  'cassette',
  'scenarios',
  'port',
  'host',
  'upstream',
  'timing',
  'onMiss',
  'synthesizeWith',
  'recordSynthesized',
  'onExhausted',
  'validate',
  'redact',
] as const

/** A setting's config-file key. */
export type SettingKey = (typeof SETTING_KEYS)[number]

/**
 * The keys allowed inside the config file's `redact` mapping.
 *
 * @example
 * REDACT_KEYS // ['headers', 'pointers', 'patterns']
 */
export const REDACT_KEYS = ['headers', 'pointers', 'patterns'] as const

/**
 * The environment variable of each setting (`redact` has none: use flags or the config file).
 *
 * @example
 * ENV_VARS.onMiss // 'TAPEDECK_ON_MISS'
 */
export const ENV_VARS = {
  mode: 'TAPEDECK_MODE',
  cassette: 'TAPEDECK_CASSETTE',
  scenarios: 'TAPEDECK_SCENARIOS',
  port: 'TAPEDECK_PORT',
  host: 'TAPEDECK_HOST',
  upstream: 'TAPEDECK_UPSTREAM',
  timing: 'TAPEDECK_TIMING',
  onMiss: 'TAPEDECK_ON_MISS',
  synthesizeWith: 'TAPEDECK_SYNTHESIZE_WITH',
  recordSynthesized: 'TAPEDECK_RECORD_SYNTHESIZED',
  onExhausted: 'TAPEDECK_ON_EXHAUSTED',
  validate: 'TAPEDECK_VALIDATE',
} as const satisfies Partial<Record<SettingKey, string>>

/**
 * The environment variable that names a config file to read instead of looking in the folder.
 *
 * @example
 * process.env[CONFIG_ENV_VAR] // 'ci/tapedeck.config.yaml'
 */
export const CONFIG_ENV_VAR = 'TAPEDECK_CONFIG'

/**
 * The flag of each setting, for messages.
 *
 * @example
 * FLAG_NAMES.onMiss // '--on-miss'
 */
export const FLAG_NAMES: Record<SettingKey, string> = {
  mode: '--mode',
  cassette: '--cassette',
  scenarios: '--scenarios',
  port: '--port',
  host: '--host',
  upstream: '--upstream',
  timing: '--timing',
  onMiss: '--on-miss',
  synthesizeWith: '--synthesize-with',
  recordSynthesized: '--record-synthesized',
  onExhausted: '--on-exhausted',
  validate: '--validate',
  redact: '--redact-header/--redact-pointer/--redact-pattern',
}

/**
 * The config file names looked for in the working folder, in this order. Two of them in one
 * folder is an error (which one wins would be a guess).
 *
 * @example
 * CONFIG_FILE_NAMES[0] // 'tapedeck.config.yaml'
 */
export const CONFIG_FILE_NAMES = [
  'tapedeck.config.yaml',
  'tapedeck.config.yml',
  'tapedeck.config.json',
] as const
