/**
 * The mode a test suite runs in: `TAPEDECK_MODE=record npm test` re-records every cassette, CI
 * replays strictly, and a local run replays what is recorded and records what is new.
 * @module
 */
import { ENV_VARS } from '../config/settings.js'
import { TapedeckError } from '../errors.js'
import { isCiEnvironment, type ModeEnvironment } from '../server/mode.js'
import { MODES, type Mode } from '../server/options.js'

/**
 * The environment variable that sets the mode of a test run: the CLI's, so one variable switches
 * both.
 *
 * @example
 * process.env[MODE_ENV_VAR] // 'record' in `TAPEDECK_MODE=record npm test`
 */
export const MODE_ENV_VAR = ENV_VARS.mode

/**
 * Decide the mode: the `mode` option, else `TAPEDECK_MODE`, else `replay` in CI, else `auto`.
 *
 * @example
 * resolveHelperMode(undefined, { TAPEDECK_MODE: 'record' }) // 'record'
 * resolveHelperMode(undefined, { CI: 'true' })              // 'replay'
 * resolveHelperMode(undefined, {})                          // 'auto'
 */
export function resolveHelperMode(explicit: Mode | undefined, env: ModeEnvironment): Mode {
  if (explicit !== undefined) return explicit
  const fromEnv = env[MODE_ENV_VAR]?.trim()
  if (fromEnv !== undefined && fromEnv !== '') {
    if ((MODES as readonly string[]).includes(fromEnv)) return fromEnv as Mode
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to read the environment variable ${MODE_ENV_VAR}: unknown mode "${fromEnv}". ` +
        `Use one of ${MODES.map((mode) => `"${mode}"`).join(', ')}, or unset it.`,
    )
  }
  return isCiEnvironment(env) ? 'replay' : 'auto'
}
