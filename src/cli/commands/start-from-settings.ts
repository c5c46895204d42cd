/**
 * What `serve` and `run` share: a request logger from `--quiet`/`--verbose`, settings resolved
 * from flags, TAPEDECK_* variables and the config file, and a started server — or the exit
 * code to end with when the settings or the cassettes are bad.
 * @module
 */
import {
  resolveCliSettings,
  toTapedeckOptions,
  type SettingFlags,
  type Settings,
} from '../../config/index.js'
import { isTapedeckError } from '../../errors.js'
import { startTapedeck } from '../../server/create-server.js'
import type { RunningTapedeck } from '../../server/options.js'
import { USAGE_EXIT_CODE, type CliIo } from '../cli-io.js'
import { createRequestLogger, logLevelOf, shouldColour } from '../log-line.js'
import type { Logger } from '../../util/logger.js'

/** Where a command runs: what `serve` and `run` read from the process, injectable for tests. */
export interface CommandEnvironment {
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  stderrIsTTY: boolean
}

/**
 * The environment of this process, the default of `serve` and `run`.
 *
 * @example
 * registerRunCommand(program, io, processEnvironment())
 */
export function processEnvironment(): CommandEnvironment {
  return { env: process.env, cwd: process.cwd(), stderrIsTTY: process.stderr.isTTY }
}

/** A started server, or the exit code of a failed start (2 for usage, 1 otherwise). */
export type StartOutcome =
  | { kind: 'started'; tapedeck: RunningTapedeck; settings: Settings; logger: Logger }
  | { kind: 'failed'; exitCode: number }

/**
 * Resolve the settings and start tapedeck; a TapedeckError is printed and becomes an exit code.
 *
 * @example
 * const start = await startFromSettings({ io, environment, flags, settingFlags, version, port: 8787 })
 * if (start.kind === 'failed') return io.setExitCode(start.exitCode)
 */
export async function startFromSettings(options: {
  io: CliIo
  environment: CommandEnvironment
  flags: { quiet?: boolean; verbose?: boolean }
  settingFlags: SettingFlags
  version: string
  port: number
}): Promise<StartOutcome> {
  const { io, environment } = options
  const logger = createRequestLogger(io, {
    level: logLevelOf(options.flags),
    colour: shouldColour({ isTTY: environment.stderrIsTTY }, environment.env),
  })
  try {
    const settings = await resolveCliSettings({
      flags: options.settingFlags,
      env: environment.env,
      cwd: environment.cwd,
      defaults: { port: options.port },
    })
    const tapedeck = await startTapedeck(
      toTapedeckOptions(settings, { logger, recordedWith: `tapedeck ${options.version}` }),
    )
    return { kind: 'started', tapedeck, settings, logger }
  } catch (error) {
    if (!isTapedeckError(error)) throw error
    io.stderr(`[tapedeck] ${error.message}\n`)
    const usage = error.code === 'TAPEDECK_OPTIONS_INVALID' || error.code === 'TAPEDECK_CONFIG_INVALID'
    return { kind: 'failed', exitCode: usage ? USAGE_EXIT_CODE : 1 }
  }
}
