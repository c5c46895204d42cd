/**
 * The options a scope's context is built with: the server's own, with the scope's cassette,
 * mode, miss strategy and upstream in place of the server's files and folders.
 * @module
 */
import { stat } from 'node:fs/promises'
import type { LoadedCassette } from '../../replay/exchange-index.js'
import { DEFAULT_OPTIONS, type TapedeckOptions } from '../options.js'
import type { ScopeSpec } from './scope-spec.js'

/** A scope's options, and the in-memory cassettes it replays. */
export interface ScopeOptions {
  options: TapedeckOptions
  cassettes: LoadedCassette[]
}

/**
 * Derive a scope's options. A scope replays its own cassette only: the server's `cassette`,
 * `scenarios` and in-memory `cassettes` are not inherited. In `replay` a cassette that does not
 * exist yet is an empty one (every request misses and says which file it looked in), so that a
 * test that never calls the API needs no file.
 *
 * @example
 * const { options, cassettes } = await scopeOptions({ upstream, redact }, { cassette: 'a.yaml', mode: 'replay' })
 * createEngineContext(resolveOptions(options), { ...deps, cassettes })
 */
export async function scopeOptions(server: TapedeckOptions, spec: ScopeSpec): Promise<ScopeOptions> {
  const { cassette: _files, scenarios: _folder, cassettes: _inMemory, ...inherited } = server
  const options: TapedeckOptions = { ...inherited, cassette: spec.cassette }
  if (spec.mode !== undefined) options.mode = spec.mode
  if (spec.onMiss !== undefined) options.onMiss = spec.onMiss
  if (spec.upstream !== undefined) options.upstream = spec.upstream
  const replays = (options.mode ?? DEFAULT_OPTIONS.mode) === 'replay'
  // Recording synthesized answers creates the file, as auto does.
  const createsFile = options.onMiss === 'synthesize' && options.synthesize?.record === true
  if (!replays || createsFile || (await isFile(spec.cassette))) return { options, cassettes: [] }
  delete options.cassette
  return { options, cassettes: [{ file: spec.cassette, cassette: { version: 1, interactions: [] } }] }
}

function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  )
}
