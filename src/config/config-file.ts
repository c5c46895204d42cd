/**
 * The config file: `tapedeck.config.yaml`, `.yml` or `.json` in the working folder (or the file
 * named by `--config` / `TAPEDECK_CONFIG`). Every mistake is reported with file:line:column, and
 * an unknown key with the closest known one.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { errorMessage, formatLocation, TapedeckError } from '../errors.js'
import { didYouMean } from '../util/did-you-mean.js'
import { locateInYaml } from '../scenario/locate-in-yaml.js'
import { CONFIG_FILE_NAMES, REDACT_KEYS, SETTING_KEYS, type SettingKey } from './settings.js'
import { settingError, type OriginValue, type SettingOrigin } from './setting-values.js'

/** The raw values of a config file, each with where it was written. */
export interface ConfigFileLayer {
  file: string
  values: Partial<Record<Exclude<SettingKey, 'redact'>, OriginValue>>
  redact: Partial<Record<(typeof REDACT_KEYS)[number], OriginValue>>
}

/**
 * The config file to read: `explicit` when given (it must exist), else the one of
 * CONFIG_FILE_NAMES present in `cwd`, else undefined.
 *
 * @throws TapedeckError `TAPEDECK_CONFIG_INVALID` when the explicit file is missing or when
 * `cwd` holds two config files.
 *
 * @example
 * await findConfigFile('/repo') // '/repo/tapedeck.config.yaml'
 */
export async function findConfigFile(cwd: string, explicit?: string): Promise<string | undefined> {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit)
    if ((await readText(path)) === undefined) {
      throw new TapedeckError(
        'TAPEDECK_CONFIG_INVALID',
        `Failed to read the config file "${explicit}": it does not exist. Check the path given to --config or TAPEDECK_CONFIG.`,
        { file: explicit },
      )
    }
    return path
  }
  const present: string[] = []
  for (const name of CONFIG_FILE_NAMES) {
    if ((await readText(join(cwd, name))) !== undefined) present.push(name)
  }
  if (present.length > 1) {
    throw new TapedeckError(
      'TAPEDECK_CONFIG_INVALID',
      `Failed to pick a config file: ${present.join(' and ')} are both in ${cwd}. Keep one of them.`,
      { file: join(cwd, present[0] ?? '') },
    )
  }
  return present[0] === undefined ? undefined : join(cwd, present[0])
}

/**
 * Read and check a config file. `label` is the name used in messages.
 *
 * @throws TapedeckError `TAPEDECK_CONFIG_INVALID` with file, line and column.
 *
 * @example
 * const layer = await loadConfigFile('/repo/tapedeck.config.yaml', 'tapedeck.config.yaml')
 * layer.values.port?.value // 9000
 */
export async function loadConfigFile(path: string, label: string): Promise<ConfigFileLayer> {
  const text = await readText(path)
  if (text === undefined) {
    throw new TapedeckError(
      'TAPEDECK_CONFIG_INVALID',
      `Failed to read the config file "${label}": it cannot be read.`,
      { file: label },
    )
  }
  return parseConfigText(text, label)
}

/**
 * Parse config text (YAML, or JSON when `file` ends in `.json`).
 *
 * @example
 * parseConfigText('mode: replay\nport: 9000\n', 'tapedeck.config.yaml').values.mode?.value // 'replay'
 */
export function parseConfigText(text: string, file: string): ConfigFileLayer {
  const document = file.endsWith('.json') ? parseJson(text, file) : parseYaml(text, file)
  const locate = locateInYaml(text)
  const origin = (pointer: string): SettingOrigin => {
    const at = locate(pointer)
    return {
      kind: 'config',
      file,
      pointer: pointer === '' ? '/' : pointer,
      line: at?.line,
      column: at?.column,
    }
  }
  const layer: ConfigFileLayer = { file, values: {}, redact: {} }
  if (document === undefined || document === null) return layer
  if (!isRecord(document)) {
    throw settingError(
      origin(''),
      'the file must hold a mapping of settings',
      `Write keys such as "mode: replay". Known keys: ${SETTING_KEYS.join(', ')}.`,
    )
  }
  for (const [key, value] of Object.entries(document)) {
    const pointer = `/${key}`
    if (key === 'redact') {
      readRedact(value, pointer, origin, layer)
    } else if (isSettingKey(key)) {
      layer.values[key] = { value, origin: origin(pointer) }
    } else {
      throw unknownKey(key, SETTING_KEYS, origin(pointer))
    }
  }
  return layer
}

function readRedact(
  value: unknown,
  pointer: string,
  origin: (pointer: string) => SettingOrigin,
  layer: ConfigFileLayer,
): void {
  if (!isRecord(value)) {
    throw settingError(
      origin(pointer),
      '"redact" must be a mapping',
      `Use keys ${REDACT_KEYS.join(', ')}, each a list.`,
    )
  }
  for (const [key, item] of Object.entries(value)) {
    const at = `${pointer}/${key}`
    if (!(REDACT_KEYS as readonly string[]).includes(key)) {
      throw unknownKey(key, REDACT_KEYS, origin(at))
    }
    layer.redact[key as (typeof REDACT_KEYS)[number]] = { value: item, origin: origin(at) }
  }
}

function unknownKey(key: string, known: readonly string[], origin: SettingOrigin): TapedeckError {
  const suggestion = didYouMean(key, known)
  const hint = `${suggestion === undefined ? '' : `Did you mean "${suggestion}"? `}Known keys: ${known.join(', ')}.`
  return settingError(origin, `unknown key "${key}"`, hint)
}

function parseYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false })
  const error = document.errors[0]
  if (error !== undefined) {
    const at = lineCounter.linePos(error.pos[0])
    throw syntaxError(
      file,
      at.line,
      at.col,
      error.message.split('\n')[0] ?? error.code,
      'Fix the YAML (indent with spaces, close every quote and bracket).',
    )
  }
  return document.toJS() as unknown
}

function parseJson(text: string, file: string): unknown {
  try {
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown)
  } catch (error) {
    const message = errorMessage(error)
    const { line, column } = jsonErrorPosition(text, message)
    const reason = message
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '')
    throw syntaxError(
      file,
      line,
      column,
      reason,
      'Fix the JSON (no trailing commas, no comments, keys in double quotes).',
    )
  }
}

/** Node 20 says "at position N", later versions "(line L column C)". */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(message)
  if (lineColumn !== null) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) }
  const position = /at position (\d+)/.exec(message)
  const offset = position === null ? text.length : Number(position[1])
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }
}

function syntaxError(
  file: string,
  line: number,
  column: number,
  reason: string,
  hint: string,
): TapedeckError {
  return new TapedeckError(
    'TAPEDECK_CONFIG_INVALID',
    `Failed to read the config file ${formatLocation({ file, line, column })}: ${reason}. ${hint}`,
    { file, line, column },
  )
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch {
    return undefined
  }
}

function isSettingKey(key: string): key is Exclude<SettingKey, 'redact'> {
  return (SETTING_KEYS as readonly string[]).includes(key) && key !== 'redact'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
