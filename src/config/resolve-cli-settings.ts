/**
 * The settings of `serve` and `run`, from four layers with one precedence for every setting:
 * flags > environment variables > config file > defaults.
 * @module
 */
import { isAbsolute, relative, resolve, dirname } from 'node:path'
import { resolveMode, type ModeEnvironment } from '../server/mode.js'
import { DEFAULT_CLI_PORT, DEFAULT_OPTIONS } from '../server/options.js'
import { findConfigFile, loadConfigFile, type ConfigFileLayer } from './config-file.js'
import {
  parseBooleanValue,
  parseGeneratorValue,
  parseMode,
  parseOnExhausted,
  parseOnMiss,
  parsePortValue,
  parseTextList,
  parseTextValue,
  parseTimingValue,
  parseUrlValue,
  parseValidateLevel,
  type OriginValue,
} from './setting-values.js'
import {
  CONFIG_ENV_VAR,
  ENV_VARS,
  FLAG_NAMES,
  REDACT_KEYS,
  SETTING_KEYS,
  type SettingKey,
  type SettingSource,
  type Settings,
} from './settings.js'

/** The settings flags as commander gives them; only flags the user typed should be present. */
export interface SettingFlags {
  /** A config file to read instead of looking in the folder. */
  config?: string
  mode?: string
  cassette?: string | string[]
  scenarios?: string
  port?: string | number
  host?: string
  upstream?: string
  timing?: string | number
  onMiss?: string
  synthesizeWith?: string
  recordSynthesized?: boolean
  onExhausted?: string
  validate?: string
  redactHeader?: string[]
  redactPointer?: string[]
  redactPattern?: string[]
}

/** What {@link resolveCliSettings} reads. */
export interface ResolveCliSettingsInput {
  flags: SettingFlags
  env: ModeEnvironment
  /** The folder the config file is looked for in, and relative paths start from. */
  cwd: string
  /** Per-command defaults: `run` listens on a free port (0), `serve` on 8787. */
  defaults?: { port?: number }
}

type ValueKey = Exclude<SettingKey, 'redact'>

type Layer = Partial<Record<ValueKey, OriginValue>>

/** The settings with one value each: a flag attribute of {@link SettingFlags} by the same name. */
const VALUE_KEYS = SETTING_KEYS.filter((key): key is ValueKey => key !== 'redact')

const REDACT_FLAGS = {
  headers: 'redactHeader',
  pointers: 'redactPointer',
  patterns: 'redactPattern',
} as const

/**
 * Every attribute of {@link SettingFlags}, derived from the setting keys so that a new setting
 * gets its flag read without a second list to update.
 *
 * @example
 * SETTING_FLAG_ATTRIBUTES.includes('redactHeader') // true
 */
export const SETTING_FLAG_ATTRIBUTES: ReadonlyArray<keyof SettingFlags> = [
  'config',
  ...VALUE_KEYS,
  ...Object.values(REDACT_FLAGS),
]

/**
 * Resolve the settings of a server command. Config-file paths are relative to the config file;
 * they are returned relative to `cwd`, like the paths of flags and environment variables.
 *
 * @throws TapedeckError `TAPEDECK_OPTIONS_INVALID` (a bad flag value) or
 * `TAPEDECK_CONFIG_INVALID` (a bad environment variable or config file, with file:line:col).
 *
 * @example
 * const settings = await resolveCliSettings({ flags: { port: '0' }, env: process.env, cwd: process.cwd() })
 * settings.port          // 0 (the flag)
 * settings.sources.port  // 'flag'
 */
export async function resolveCliSettings(input: ResolveCliSettingsInput): Promise<Settings> {
  const { flags, env, cwd } = input
  const explicitConfig = flags.config ?? nonEmpty(env[CONFIG_ENV_VAR])
  const configPath = await findConfigFile(cwd, explicitConfig)
  const file =
    configPath === undefined
      ? undefined
      : await loadConfigFile(configPath, explicitConfig ?? relative(cwd, configPath))
  const layers: Array<{ source: SettingSource; values: Layer }> = [
    { source: 'flag', values: flagLayer(flags) },
    { source: 'env', values: envLayer(env) },
    {
      source: 'config',
      values: file === undefined ? {} : rebasePaths(file, cwd, configPath ?? cwd),
    },
  ]
  const sources = Object.fromEntries(SETTING_KEYS.map((key) => [key, 'default'])) as Record<
    SettingKey,
    SettingSource
  >
  const pick = <T>(
    key: ValueKey,
    parse: (value: OriginValue) => T,
  ): T | undefined => {
    for (const layer of layers) {
      const found = layer.values[key]
      if (found === undefined) continue
      sources[key] = layer.source
      return parse(found)
    }
    return undefined
  }

  const cassette = pick('cassette', parseTextList) ?? []
  const explicitMode = pick('mode', parseMode)
  const mode =
    explicitMode === undefined
      ? resolveMode({ env, recordTarget: cassette[0] })
      : { mode: explicitMode, reason: `set by ${describeSource(sources.mode, 'mode', file)}` }
  return {
    mode: mode.mode,
    modeReason: mode.reason,
    cassette,
    scenarios: pick('scenarios', parseTextValue),
    port: pick('port', parsePortValue) ?? input.defaults?.port ?? DEFAULT_CLI_PORT,
    host: pick('host', parseTextValue) ?? DEFAULT_OPTIONS.host,
    upstream: pick('upstream', parseUrlValue) ?? DEFAULT_OPTIONS.upstream,
    timing: pick('timing', parseTimingValue) ?? DEFAULT_OPTIONS.timing,
    onMiss: pick('onMiss', parseOnMiss) ?? DEFAULT_OPTIONS.onMiss,
    synthesizeWith: pick('synthesizeWith', parseGeneratorValue),
    recordSynthesized: pick('recordSynthesized', parseBooleanValue) ?? false,
    onExhausted: pick('onExhausted', parseOnExhausted),
    validate: pick('validate', parseValidateLevel) ?? DEFAULT_OPTIONS.validate,
    redact: resolveRedact(flags, file, sources),
    configFile: file?.file,
    sources,
  }
}

function flagLayer(flags: SettingFlags): Layer {
  const layer: Layer = {}
  for (const key of VALUE_KEYS) {
    const value = flags[key]
    if (value !== undefined) layer[key] = { value, origin: { kind: 'flag', name: FLAG_NAMES[key] } }
  }
  return layer
}

function envLayer(env: ModeEnvironment): Layer {
  const layer: Layer = {}
  for (const [key, name] of Object.entries(ENV_VARS) as Array<[ValueKey, string]>) {
    const value = nonEmpty(env[name])
    if (value !== undefined) layer[key] = { value, origin: { kind: 'env', name } }
  }
  return layer
}

/** Paths in a config file are relative to the file; the CLI's are relative to `cwd`. */
function rebasePaths(file: ConfigFileLayer, cwd: string, configPath: string): Layer {
  const layer: Layer = { ...file.values }
  const rebase = (path: unknown): unknown =>
    typeof path === 'string' && path !== '' && !isAbsolute(path)
      ? relative(cwd, resolve(dirname(configPath), path)) || '.'
      : path
  const { cassette, scenarios } = file.values
  if (cassette !== undefined) {
    const value = Array.isArray(cassette.value)
      ? cassette.value.map(rebase)
      : rebase(cassette.value)
    layer.cassette = { value, origin: cassette.origin }
  }
  if (scenarios !== undefined) {
    layer.scenarios = { value: rebase(scenarios.value), origin: scenarios.origin }
  }
  return layer
}

function resolveRedact(
  flags: SettingFlags,
  file: ConfigFileLayer | undefined,
  sources: Record<SettingKey, SettingSource>,
): Settings['redact'] {
  const redact: Settings['redact'] = {}
  for (const key of REDACT_KEYS) {
    const flag = flags[REDACT_FLAGS[key]]
    const fromFile = file?.redact[key]
    if (flag !== undefined) {
      redact[key] = parseTextList({
        value: flag,
        origin: {
          kind: 'flag',
          name: `--${REDACT_FLAGS[key].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
        },
      })
      sources.redact = 'flag'
    } else if (fromFile !== undefined) {
      redact[key] = parseTextList(fromFile)
      if (sources.redact === 'default') sources.redact = 'config'
    }
  }
  return redact
}

function describeSource(
  source: SettingSource,
  key: ValueKey,
  file: ConfigFileLayer | undefined,
): string {
  if (source === 'flag') return FLAG_NAMES[key]
  if (source === 'env') return ENV_VARS[key]
  return file?.file ?? 'the config file'
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
