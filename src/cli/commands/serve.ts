/**
 * `tapedeck serve`: start the server and keep it up until SIGINT or SIGTERM.
 * @module
 */
import { InvalidArgumentError, Option, type Command } from 'commander'
import {
  DEFAULT_CLI_PORT,
  DEFAULT_OPTIONS,
  MODES,
  ON_EXHAUSTED_POLICIES,
  ON_MISS_STRATEGIES,
  isTapedeckError,
  resolveTiming,
  startTapedeck,
  type Mode,
  type OnExhausted,
  type OnMiss,
  type RunningTapedeck,
  type TimingOption,
} from '../../index.js'
import { createCliLogger, USAGE_EXIT_CODE, type CliIo } from '../cli-io.js'

/** The levels `--validate` accepts (validation on load comes with the validator). */
export const VALIDATE_LEVELS = ['warn', 'error', 'off'] as const

interface ServeFlags {
  port: number
  host: string
  cassette?: string[]
  scenarios?: string
  mode: Mode
  upstream?: string
  timing: TimingOption
  onExhausted?: OnExhausted
  onMiss: OnMiss
  validate: (typeof VALIDATE_LEVELS)[number]
  quiet?: boolean
  verbose?: boolean
}

/** Resolves when the process is asked to stop. */
export type ShutdownSignal = () => Promise<string>

/**
 * Register `serve` on the program.
 *
 * @example
 * registerServeCommand(program, io)
 * await program.parseAsync(['node', 'tapedeck', 'serve', '--cassette', 'hello.yaml'])
 */
export function registerServeCommand(
  program: Command,
  io: CliIo,
  waitForShutdown: ShutdownSignal = processSignals,
): void {
  program
    .command('serve')
    .description('Serve recorded OpenAI traffic on a local port (point OPENAI_BASE_URL at the printed URL).')
    .addOption(
      new Option('-p, --port <port>', 'port to listen on; 0 picks a free port')
        .default(DEFAULT_CLI_PORT)
        .argParser(parsePort),
    )
    .option('--host <host>', 'interface to listen on', DEFAULT_OPTIONS.host)
    .option('--cassette <file>', 'a cassette to replay (repeat the flag for several)', collect)
    .option('--scenarios <dir>', 'replay every cassette (*.yaml) under this folder')
    .addOption(
      new Option('--mode <mode>', 'what to do with requests').choices(MODES).default(DEFAULT_OPTIONS.mode),
    )
    .option('--upstream <url>', 'the OpenAI API to record from (unused in replay mode)')
    .addOption(
      new Option('--timing <timing>', 'instant, recorded, or a speed multiplier (2 = twice as fast)')
        .default(DEFAULT_OPTIONS.timing)
        .argParser(parseTiming),
    )
    .addOption(
      new Option(
        '--on-exhausted <policy>',
        "when a request's recordings are used up (default: the cassette's setting, else error)",
      ).choices(ON_EXHAUSTED_POLICIES),
    )
    .addOption(
      new Option('--on-miss <strategy>', 'what a request without a recording gets')
        .choices(ON_MISS_STRATEGIES)
        .default(DEFAULT_OPTIONS.onMiss),
    )
    .addOption(
      new Option('--validate <level>', 'cassette validation on load')
        .choices(VALIDATE_LEVELS)
        .default('warn'),
    )
    .option('-q, --quiet', 'log errors only')
    .option('--verbose', 'log every request')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ tapedeck serve --cassette tests/cassettes/checkout.yaml',
        '  $ tapedeck serve --scenarios scenarios --port 0 --timing recorded',
        '  $ OPENAI_BASE_URL=http://127.0.0.1:8787/v1 npm test',
      ].join('\n'),
    )
    .action(async (flags: ServeFlags) => {
      await serve(flags, io, waitForShutdown)
    })
}

async function serve(flags: ServeFlags, io: CliIo, waitForShutdown: ShutdownSignal): Promise<void> {
  const logger = createCliLogger(io, flags.quiet === true ? 'error' : flags.verbose === true ? 'debug' : 'info')
  let tapedeck: RunningTapedeck
  try {
    tapedeck = await startTapedeck({
      port: flags.port,
      host: flags.host,
      cassette: flags.cassette ?? [],
      ...(flags.scenarios === undefined ? {} : { scenarios: flags.scenarios }),
      mode: flags.mode,
      timing: flags.timing,
      ...(flags.onExhausted === undefined ? {} : { onExhausted: flags.onExhausted }),
      onMiss: flags.onMiss,
      logger,
    })
  } catch (error) {
    if (!isTapedeckError(error)) throw error
    io.stderr(`[tapedeck] ${error.message}\n`)
    io.setExitCode(error.code === 'TAPEDECK_OPTIONS_INVALID' ? USAGE_EXIT_CODE : 1)
    return
  }
  if (flags.cassette === undefined && flags.scenarios === undefined) {
    logger.warn('No cassette loaded (use --cassette <file> or --scenarios <dir>): every request will miss.')
  }
  io.stdout(`tapedeck listening on ${tapedeck.baseURL}\n`)
  const signal = await waitForShutdown()
  logger.info(`${signal} received, shutting down.`)
  await tapedeck.close()
  const stats = tapedeck.stats()
  const hits = `${stats.hits} ${stats.hits === 1 ? 'hit' : 'hits'}`
  const misses = `${stats.misses} ${stats.misses === 1 ? 'miss' : 'misses'}`
  logger.info(`Stopped: ${hits}, ${misses}, ${stats.unused} of ${stats.exchanges} recorded exchanges unused.`)
  io.setExitCode(0)
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

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

function parsePort(value: string): number {
  const port = Number(value)
  if (/^\d+$/.test(value) && port <= 65535) return port
  throw new InvalidArgumentError('Use a port number from 0 to 65535 (0 picks a free port).')
}

function parseTiming(value: string): TimingOption {
  try {
    const timing = resolveTiming(value)
    return timing.kind === 'instant' ? 'instant' : value === 'recorded' ? 'recorded' : timing.speed
  } catch {
    throw new InvalidArgumentError('Use instant, recorded, or a positive speed multiplier such as 2 or 0.5.')
  }
}
