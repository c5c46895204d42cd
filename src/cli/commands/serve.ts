/**
 * `tapedeck serve`: start the server and keep it up until SIGINT or SIGTERM, which write the
 * recordings still queued before exiting 0.
 * @module
 */
import type { Command } from 'commander'
import type { SettingFlags, Settings } from '../../config/index.js'
import { DEFAULT_CLI_PORT, type RunningTapedeck } from '../../index.js'
import type { CliIo } from '../cli-io.js'
import { addSettingsOptions, typedSettingFlags } from './settings-options.js'
import {
  processEnvironment,
  startFromSettings,
  type CommandEnvironment,
} from './start-from-settings.js'
import { errorMessage } from '../../errors.js'

interface ServeFlags {
  quiet?: boolean
  verbose?: boolean
}

/** Resolves when the process is asked to stop. */
export type ShutdownSignal = () => Promise<string>

/**
 * Register `serve` on the program. Its settings resolve like `run`'s (flags > TAPEDECK_*
 * environment variables > config file > defaults), except that it listens on 8787 by default.
 *
 * @example
 * registerServeCommand(program, io)
 * await program.parseAsync(['node', 'tapedeck', 'serve', '--cassette', 'hello.yaml'])
 */
export function registerServeCommand(
  program: Command,
  io: CliIo,
  waitForShutdown: ShutdownSignal = processSignals,
  environment: CommandEnvironment = processEnvironment(),
): void {
  const command = program
    .command('serve')
    .description(
      'Serve OpenAI traffic on a local port, replayed from cassettes or recorded into them ' +
        '(point OPENAI_BASE_URL at the printed URL).',
    )
  addSettingsOptions(command, { defaultPort: String(DEFAULT_CLI_PORT) })
    .option('-q, --quiet', 'log errors only (no per-request lines)')
    .option('--verbose', 'also log debug lines (which recording answered, why a request was forwarded)')
    .addHelpText(
      'after',
      [
        '',
        'One line per request goes to stderr (method, path, transport, outcome, status, duration).',
        'Settings also come from TAPEDECK_* environment variables and tapedeck.config.yaml',
        '(flags > environment > config file > defaults; docs/configuration.md).',
        '',
        'Examples:',
        '  $ tapedeck serve --cassette tests/cassettes/checkout.yaml',
        '  $ tapedeck serve --mode record --cassette tests/cassettes/checkout.yaml --redact-pattern "acct_[0-9]+"',
        '  $ CI=true tapedeck serve --cassette tests/cassettes/checkout.yaml   # replay only',
        '  $ tapedeck serve --scenarios scenarios --port 0 --timing recorded',
        '  $ tapedeck serve --mode replay --cassette agent.yaml --on-miss synthesize --synthesize-with lorem',
        '  $ OPENAI_BASE_URL=http://127.0.0.1:8787/v1 npm test',
      ].join('\n'),
    )
    .action(async (flags: ServeFlags, self: Command) => {
      await serve(flags, typedSettingFlags(self), {
        io,
        waitForShutdown,
        environment,
        version: program.version() ?? '0.0.0',
      })
    })
}

interface ServeContext {
  io: CliIo
  waitForShutdown: ShutdownSignal
  environment: CommandEnvironment
  version: string
}

async function serve(
  flags: ServeFlags,
  settingFlags: SettingFlags,
  context: ServeContext,
): Promise<void> {
  const { io } = context
  const start = await startFromSettings({ ...context, flags, settingFlags, port: DEFAULT_CLI_PORT })
  if (start.kind === 'failed') {
    io.setExitCode(start.exitCode)
    return
  }
  const { tapedeck, settings, logger } = start
  logger.info(describeStart(settings, tapedeck))
  if (tapedeck.upstream === undefined && settings.cassette.length === 0 && settings.scenarios === undefined) {
    logger.warn('No cassette loaded (use --cassette <file> or --scenarios <dir>): every request will miss.')
  }
  // Listen for signals before announcing the URL: a caller that stops us as soon as it reads the
  // line must find the handlers in place, or the default action kills us before the last flush.
  const shutdown = context.waitForShutdown()
  io.stdout(`tapedeck listening on ${tapedeck.baseURL}\n`)
  const signal = await shutdown
  logger.info(`${signal} received, shutting down.`)
  try {
    await tapedeck.close()
  } catch (error) {
    logger.error(`Failed to write every recording before exiting: ${errorMessage(error)}`)
    io.setExitCode(1)
    return
  }
  logger.info(describeStop(tapedeck))
  io.setExitCode(0)
}

/** `mode auto (CI not set), upstream https://api.openai.com/v1, cassette a.yaml (12 interactions)` */
function describeStart(settings: Settings, tapedeck: RunningTapedeck): string {
  const parts = [`mode ${settings.mode} (${settings.modeReason})`]
  if (tapedeck.upstream === undefined) parts.push('upstream: not contacted (replay)')
  else if (tapedeck.mode === 'replay') parts.push(`upstream ${tapedeck.upstream} (misses are forwarded, not recorded)`)
  else parts.push(`upstream ${tapedeck.upstream}`)
  const target = tapedeck.recording
  if (target !== undefined) {
    const held = target.interactions === 0 ? 'new or empty' : `${target.interactions} interaction${target.interactions === 1 ? '' : 's'}`
    const fate = tapedeck.mode === 'record' ? ', replaced by what this run records' : ''
    parts.push(`cassette ${target.file} (${held}${fate})`)
  } else if (tapedeck.mode === 'passthrough') parts.push('nothing recorded')
  return parts.join(', ')
}

/** `Stopped: 2 hits, 1 miss, 0 of 3 recorded exchanges unused, 1 rule answer, 1 synthesized.` */
function describeStop(tapedeck: RunningTapedeck): string {
  const stats = tapedeck.stats()
  const hits = `${stats.hits} ${stats.hits === 1 ? 'hit' : 'hits'}`
  const misses = `${stats.misses} ${stats.misses === 1 ? 'miss' : 'misses'}`
  // Rule and synthesized answers are neither hits nor misses; name them when there were any.
  const ruleHits = stats.ruleHits ?? 0
  const rules = ruleHits > 0 ? `, ${ruleHits} rule ${ruleHits === 1 ? 'answer' : 'answers'}` : ''
  const synthesized = (stats.synthesized ?? 0) > 0 ? `, ${stats.synthesized ?? 0} synthesized` : ''
  const upstream =
    stats.forwarded === undefined ? '' : `, ${stats.forwarded} forwarded, ${stats.recorded ?? 0} recorded`
  return `Stopped: ${hits}, ${misses}, ${stats.unused} of ${stats.exchanges} recorded exchanges unused${rules}${synthesized}${upstream}.`
}

function processSignals(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
