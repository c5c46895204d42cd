/**
 * Settings → the options of `startTapedeck`, so that `serve` and `run` start the server alike.
 * @module
 */
import type { Logger } from '../util/logger.js'
import type { TapedeckOptions } from '../server/options.js'
import type { Settings } from './settings.js'

/**
 * The `startTapedeck` options for resolved settings.
 *
 * @example
 * const tapedeck = await startTapedeck(toTapedeckOptions(settings, { logger, recordedWith: 'tapedeck 0.1.0' }))
 */
export function toTapedeckOptions(
  settings: Settings,
  extras: { logger: Logger; recordedWith: string },
): TapedeckOptions {
  const options: TapedeckOptions = {
    port: settings.port,
    host: settings.host,
    cassette: settings.cassette,
    mode: settings.mode,
    upstream: settings.upstream,
    redact: settings.redact,
    record: { recordedWith: extras.recordedWith },
    timing: settings.timing,
    onMiss: settings.onMiss,
    synthesize: {
      ...(settings.synthesizeWith === undefined ? {} : { generator: settings.synthesizeWith }),
      record: settings.recordSynthesized,
    },
    validate: settings.validate,
    logger: extras.logger,
  }
  if (settings.scenarios !== undefined) options.scenarios = settings.scenarios
  if (settings.onExhausted !== undefined) options.onExhausted = settings.onExhausted
  return options
}
