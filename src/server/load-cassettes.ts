/**
 * Reads the cassettes a server replays: `--cassette` files and every YAML file under a
 * `--scenarios` folder, through the file-system cassette store. Scenario rules are checked
 * here, so a malformed rule stops the server from starting, with its file, line and column.
 * @module
 */
import { readFile, stat } from 'node:fs/promises'
import type { CassetteCheckMode } from '../cassette/cassette-checks.js'
import { createFsCassetteStore, type FsCassetteStore } from '../cassette/fs-cassette-store.js'
import { streamValidatorCheck } from '../validation/cassette-check.js'
import { TapedeckError } from '../errors.js'
import type { LoadedCassette } from '../replay/exchange-index.js'
import { locateInYaml } from '../scenario/locate-in-yaml.js'
import { parseRules } from '../scenario/parse-rules.js'
import type { Logger } from '../util/logger.js'

/** What to load. */
export interface CassetteSources {
  files?: string[]
  folder?: string | undefined
  logger?: Logger
  /** Stream-validator check on load; default `warn`. */
  validate?: CassetteCheckMode
}

/**
 * The file-system store a server reads its cassettes with, running the stream validator on
 * every cassette it loads (`validate: warn | error | off`).
 *
 * @example
 * const store = cassetteStoreFor({ logger, validate: 'error' })
 */
export function cassetteStoreFor(options: { logger?: Logger; validate?: CassetteCheckMode; flushIntervalMs?: number }): FsCassetteStore {
  const checkMode = options.validate ?? 'warn'
  return createFsCassetteStore({
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
    checkMode,
    ...(checkMode === 'off' ? {} : { check: streamValidatorCheck('wire') }),
  })
}

/**
 * Load the cassettes named by files and a folder, files first. A missing file or folder is an
 * error: replaying nothing by accident would turn every request into a miss.
 *
 * @example
 * const cassettes = await loadCassettes({ files: ['tests/cassettes/hello.yaml'], folder: 'scenarios' })
 */
export async function loadCassettes(sources: CassetteSources): Promise<LoadedCassette[]> {
  const store = cassetteStoreFor(sources)
  const fromFiles = await Promise.all(
    (sources.files ?? []).map(async (file) => {
      const cassette = await store.load(file)
      if (cassette === null) {
        throw unreadable(`Failed to read cassette "${file}": the file does not exist`, file)
      }
      return { file, cassette }
    }),
  )
  await checkRulesOf(fromFiles)
  if (sources.folder === undefined) return fromFiles
  const folder = sources.folder
  const isFolder = await stat(folder).then(
    (stats) => stats.isDirectory(),
    () => false,
  )
  if (!isFolder) {
    throw unreadable(`Failed to read the scenarios folder "${folder}": it is not a folder`, folder)
  }
  const fromFolder = await store.loadDirectory(folder)
  await checkRulesOf(fromFolder)
  return [...fromFiles, ...fromFolder]
}

/**
 * Check the `rules:` of loaded cassettes; the first malformed one is refused with its position.
 *
 * @throws TapedeckError `TAPEDECK_SCENARIO_INVALID` with `file`, `line`, `column` and `pointer`.
 *
 * @example
 * await checkRulesOf([{ file: 'agent.yaml', cassette }])
 * // 'Failed to load the scenario rules at agent.yaml:7:7 (/rules/0/reply/txt): unknown key "txt" …'
 */
export async function checkRulesOf(loaded: readonly LoadedCassette[]): Promise<void> {
  for (const { file, cassette } of loaded) {
    try {
      parseRules(cassette.rules, () => undefined, file)
    } catch (error) {
      // The file is read again only to say where the mistake is.
      const text = await readFile(file, 'utf8').catch(() => undefined)
      if (text === undefined) throw error
      parseRules(cassette.rules, locateInYaml(text), file)
      throw error
    }
  }
}

/**
 * Read and parse one cassette file.
 *
 * @example
 * const { cassette } = await loadCassetteFile('tests/cassettes/hello.yaml')
 */
export async function loadCassetteFile(file: string): Promise<LoadedCassette> {
  const [loaded] = await loadCassettes({ files: [file] })
  if (loaded === undefined) throw unreadable(`Failed to read cassette "${file}"`, file)
  return loaded
}

function unreadable(reason: string, file: string): TapedeckError {
  return new TapedeckError(
    'TAPEDECK_INPUT_UNREADABLE',
    `${reason}. Check the path (relative paths start from the current folder), or record it with ` +
      `tapedeck serve --mode record --cassette ${file}.`,
    { file },
  )
}
