/**
 * `tapedeck serve`: start the server and keep it up until SIGINT or SIGTERM, which write the
 * recordings still queued before exiting 0.
 * @module
 */
import { InvalidArgumentError, Option, type Command } from 'commander'
import { resolveMode, type ResolvedMode } from '../../server/mode.js'
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
  type TapedeckOptions,
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
  mode?: Mode
  upstream?: string
  redactHeader?: string[]
  redactPointer?: string[]
  redactPattern?: string[]
  timing: TimingOption
  onExhausted?: OnExhausted
  onMiss: OnMiss
  synthesizeWith?: SynthesizeGenerator
  recordSynthesized?: boolean
  validate: (typeof VALIDATE_LEVELS)[number]
  quiet?: boolean
  verbose?: boolean
}

/** Where `--on-miss synthesize` takes its texts from. */
type SynthesizeGenerator = NonNullable<NonNullable<TapedeckOptions['synthesize']>['generator']>

/** Resolves when the process is asked to stop. */
export type ShutdownSignal = () => Promise<string>

/** The environment `serve` reads (`CI`), injectable for tests. */
export type ServeEnvironment = Readonly<Record<string, string | undefined>>

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
  env: ServeEnvironment = process.env,
): void {
  program
    .command('serve')
    .description(
      'Serve OpenAI traffic on a local port, replayed from cassettes or recorded into them ' +
        '(point OPENAI_BASE_URL at the printed URL).',
    )
    .addOption(
      new Option('-p, --port <port>', 'port to listen on; 0 picks a free port')
        .default(DEFAULT_CLI_PORT)
        .argParser(parsePort),
    )
    .option('--host <host>', 'interface to listen on', DEFAULT_OPTIONS.host)
    .option(
      '--cassette <file>',
      'a cassette to replay (repeat the flag for several); record and auto record into the first',
      collect,
    )
    .option('--scenarios <dir>', 'replay every cassette (*.yaml) under this folder')
    .addOption(
      new Option(
        '--mode <mode>',
        'replay, record, auto or passthrough (default: auto with a --cassette, replay in CI or without one)',
      ).choices(MODES),
    )
    .option('--upstream <url>', 'the OpenAI API to forward to', DEFAULT_OPTIONS.upstream)
    .option('--redact-header <name...>', 'also redact these request/response headers and query parameters')
    .option('--redact-pointer <pointer...>', 'also redact these JSON pointers in bodies, events and frames')
    .option('--redact-pattern <regex...>', 'also redact every match of these regular expressions')
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
      new Option('--on-miss <strategy>', 'what a request no recording and no rule answers gets (replay)')
        .choices(ON_MISS_STRATEGIES)
        .default(DEFAULT_OPTIONS.onMiss),
    )
    .addOption(
      new Option(
        '--synthesize-with <generator>',
        'texts of --on-miss synthesize: echo, lorem or fixed:<text> (default: echo)',
      ).argParser(parseGenerator),
    )
    .option(
      '--record-synthesized',
      'append synthesized answers to the first --cassette (marked synthetic: true) to replay them later',
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
        '  $ tapedeck serve --mode record --cassette tests/cassettes/checkout.yaml --redact-pattern "acct_[0-9]+"',
        '  $ CI=true tapedeck serve --cassette tests/cassettes/checkout.yaml   # replay only',
        '  $ tapedeck serve --scenarios scenarios --port 0 --timing recorded',
        '  $ tapedeck serve --mode replay --cassette agent.yaml --on-miss synthesize --synthesize-with lorem',
        '  $ OPENAI_BASE_URL=http://127.0.0.1:8787/v1 npm test',
      ].join('\n'),
    )
    .action(async (flags: ServeFlags) => {
      await serve(flags, { io, waitForShutdown, env, version: program.version() ?? '0.0.0' })
    })
}

interface ServeContext {
  io: CliIo
  waitForShutdown: ShutdownSignal
  env: ServeEnvironment
  version: string
}

async function serve(flags: ServeFlags, context: ServeContext): Promise<void> {
  const { io } = context
  const logger = createCliLogger(io, flags.quiet === true ? 'error' : flags.verbose === true ? 'debug' : 'info')
  const resolved = resolveMode({ explicit: flags.mode, env: context.env, recordTarget: flags.cassette?.[0] })
  let tapedeck: RunningTapedeck
  try {
    tapedeck = await startTapedeck({
      port: flags.port,
      host: flags.host,
      cassette: flags.cassette ?? [],
      ...(flags.scenarios === undefined ? {} : { scenarios: flags.scenarios }),
      mode: resolved.mode,
      ...(flags.upstream === undefined ? {} : { upstream: flags.upstream }),
      redact: {
        ...(flags.redactHeader === undefined ? {} : { headers: flags.redactHeader }),
        ...(flags.redactPointer === undefined ? {} : { pointers: flags.redactPointer }),
        ...(flags.redactPattern === undefined ? {} : { patterns: flags.redactPattern }),
      },
      record: { recordedWith: `tapedeck ${context.version}` },
      timing: flags.timing,
      ...(flags.onExhausted === undefined ? {} : { onExhausted: flags.onExhausted }),
      onMiss: flags.onMiss,
      synthesize: {
        ...(flags.synthesizeWith === undefined ? {} : { generator: flags.synthesizeWith }),
        record: flags.recordSynthesized === true,
      },
      logger,
    })
  } catch (error) {
    if (!isTapedeckError(error)) throw error
    io.stderr(`[tapedeck] ${error.message}\n`)
    io.setExitCode(error.code === 'TAPEDECK_OPTIONS_INVALID' ? USAGE_EXIT_CODE : 1)
    return
  }
  logger.info(describeStart(resolved, tapedeck))
  if (tapedeck.upstream === undefined && flags.cassette === undefined && flags.scenarios === undefined) {
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
    logger.error(`Failed to write every recording before exiting: ${error instanceof Error ? error.message : String(error)}`)
    io.setExitCode(1)
    return
  }
  logger.info(describeStop(tapedeck))
  io.setExitCode(0)
}

/** `mode auto (CI not set), upstream https://api.openai.com/v1, cassette a.yaml (12 interactions)` */
function describeStart(resolved: ResolvedMode, tapedeck: RunningTapedeck): string {
  const parts = [`mode ${resolved.mode} (${resolved.reason})`]
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

function describeStop(tapedeck: RunningTapedeck): string {
  const stats = tapedeck.stats()
  const hits = `${stats.hits} ${stats.hits === 1 ? 'hit' : 'hits'}`
  const misses = `${stats.misses} ${stats.misses === 1 ? 'miss' : 'misses'}`
  const upstream =
    stats.forwarded === undefined ? '' : `, ${stats.forwarded} forwarded, ${stats.recorded ?? 0} recorded`
  return `Stopped: ${hits}, ${misses}, ${stats.unused} of ${stats.exchanges} recorded exchanges unused${upstream}.`
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

function parseGenerator(value: string): SynthesizeGenerator {
  if (value === 'echo' || value === 'lorem') return value
  if (value.startsWith('fixed:')) return { fixed: value.slice('fixed:'.length) }
  throw new InvalidArgumentError('Use echo, lorem, or fixed:<text> (for example fixed:"All good.").')
}

function parseTiming(value: string): TimingOption {
  try {
    const timing = resolveTiming(value)
    return timing.kind === 'instant' ? 'instant' : value === 'recorded' ? 'recorded' : timing.speed
  } catch {
    throw new InvalidArgumentError('Use instant, recorded, or a positive speed multiplier such as 2 or 0.5.')
  }
}
