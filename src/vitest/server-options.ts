/**
 * The options of the servers the Vitest helper starts (one per run in the global setup, or one
 * per worker). Free of Vitest imports, so the global setup can load it in the main process.
 * @module
 */
import { ENV_VARS } from '../config/settings.js'
import type { TapedeckOptions } from '../server/options.js'

/**
 * The environment variable that names the upstream of servers the helper starts: the CLI's.
 *
 * @example
 * process.env[UPSTREAM_ENV_VAR] // 'http://127.0.0.1:9000/v1'
 */
export const UPSTREAM_ENV_VAR = ENV_VARS.upstream

/**
 * Strict replay for requests outside scopes (every scope names its own mode), and the upstream
 * from `TAPEDECK_UPSTREAM` unless given.
 *
 * @example
 * sharedServerOptions({}, { TAPEDECK_UPSTREAM: 'http://127.0.0.1:9000/v1' })
 * // { mode: 'replay', upstream: 'http://127.0.0.1:9000/v1' }
 */
export function sharedServerOptions(
  options: TapedeckOptions,
  env: Readonly<Record<string, string | undefined>>,
): TapedeckOptions {
  const upstream = options.upstream ?? env[UPSTREAM_ENV_VAR]
  return { mode: 'replay', ...options, ...(upstream === undefined || upstream === '' ? {} : { upstream }) }
}
