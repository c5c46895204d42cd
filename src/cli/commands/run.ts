/**
 * `tapedeck run [options] -- <command...>`: start tapedeck on a free port, run the command with
 * `OPENAI_BASE_URL` pointing at it, stop tapedeck (writing recordings), print a summary, and
 * exit with the command's exit code (or 1 for a `--fail-on-*` condition).
 * @module
 */
import type { Command } from 'commander'
import type { SettingFlags } from '../../config/index.js'
import type { RunningTapedeck } from '../../server/options.js'
import type { CliIo } from '../cli-io.js'
import { runChild } from './run-child.js'
import {
  processEnvironment,
  startFromSettings,
  type CommandEnvironment,
} from './start-from-settings.js'
import { countsOf, formatRunSummary, runExitCode } from './run-summary.js'
import { addSettingsOptions, typedSettingFlags } from './settings-options.js'
import type { Logger } from '../../util/logger.js'
import { errorMessage } from '../../errors.js'
import { PLACEHOLDER_API_KEY } from '../../protocol/placeholder-key.js'

interface RunFlags {
  failOnMiss?: boolean
  failOnUnused?: boolean
  quiet?: boolean
  verbose?: boolean
}

/**
 * Register `run` on the program.
 *
 * @example
 * registerRunCommand(program, io)
 * await program.parseAsync(['run', '--cassette', 'a.yaml', '--', 'npm', 'test'], { from: 'user' })
 */
export function registerRunCommand(
  program: Command,
  io: CliIo,
  environment: CommandEnvironment = processEnvironment(),
): void {
  const command = program
    .command('run')
    .description(
      'Run a command against tapedeck: start it on a free port, set OPENAI_BASE_URL for the command, ' +
        'and exit with its exit code after printing a summary (hits, misses, recorded, synthesized, unused).',
    )
    .argument('<command...>', 'the command to run, after --')
    .passThroughOptions()
  addSettingsOptions(command, { defaultPort: '0 (a free port)' })
    .option('--fail-on-miss', 'exit 1 when any request missed, even if the command succeeded')
    .option(
      '--fail-on-unused',
      'exit 1 when any recording was never used, even if the command succeeded',
    )
    .option('-q, --quiet', 'print errors and the summary only')
    .option('--verbose', 'also print debug lines')
    .addHelpText(
      'after',
      `
The command runs without a shell, with OPENAI_BASE_URL=http://127.0.0.1:<port>/v1 and, when
nothing goes upstream (replay) and OPENAI_API_KEY is not set, a placeholder key. The summary
(hits, misses, recorded, synthesized, unused recordings) goes to stderr.

Exit code: the command's own; 1 when it succeeded but --fail-on-miss or --fail-on-unused applies;
2 for bad usage or configuration; 127 when the command cannot be started.

Examples:
  $ tapedeck run --cassette tests/cassettes/agent.yaml -- npm test
  $ tapedeck run --mode replay --fail-on-miss --fail-on-unused --cassette scenarios/quickstart.expanded.yaml -- node examples/openai-http.mjs
  $ tapedeck run --mode record --cassette tests/cassettes/agent.yaml -- npx vitest run tests/agent.test.ts
  $ TAPEDECK_MODE=replay tapedeck run --scenarios scenarios -- sh -c "npm test && npm run e2e"`,
    )
    .action(async (commandWords: string[], flags: RunFlags, self: Command) => {
      io.setExitCode(
        await run(commandWords, flags, typedSettingFlags(self), {
          io,
          environment,
          version: program.version() ?? '0.0.0',
        }),
      )
    })
}

interface RunContext {
  io: CliIo
  environment: CommandEnvironment
  version: string
}

async function run(
  commandWords: string[],
  flags: RunFlags,
  settingFlags: SettingFlags,
  context: RunContext,
): Promise<number> {
  const { io, environment } = context
  const start = await startFromSettings({ ...context, flags, settingFlags, port: 0 })
  if (start.kind === 'failed') return start.exitCode
  const { tapedeck, settings, logger } = start
  logger.info(
    `mode ${settings.mode} (${settings.modeReason}); running ${commandWords.join(' ')} with OPENAI_BASE_URL=${tapedeck.baseURL}`,
  )
  const outcome = await runChild(commandWords, childEnvironment(environment.env, tapedeck))
  if (outcome.kind === 'not-started') {
    const program = commandWords[0] ?? ''
    logger.error(`Failed to run "${program}": ${outcome.message}. Check the command after --.`)
  }
  if (outcome.kind === 'signalled') logger.warn(`The command was ended by ${outcome.signal}.`)
  const closed = await closeQuietly(tapedeck, logger)
  const counts = countsOf(tapedeck.stats())
  for (const line of formatRunSummary(counts)) io.stderr(`[tapedeck] ${line}\n`)
  const exit = runExitCode(outcome.code, counts, {
    miss: flags.failOnMiss === true,
    unused: flags.failOnUnused === true,
  })
  if (exit.reason !== undefined) io.stderr(`[tapedeck] ${exit.reason}\n`)
  return exit.code === 0 && !closed ? 1 : exit.code
}

/**
 * The command's environment: OPENAI_BASE_URL, and a placeholder key when it has none and
 * nothing goes upstream (a key that would be forwarded must be a real one).
 */
function childEnvironment(env: CommandEnvironment['env'], tapedeck: RunningTapedeck): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...env, OPENAI_BASE_URL: tapedeck.baseURL }
  const key = env['OPENAI_API_KEY']
  if (tapedeck.upstream === undefined && (key === undefined || key === '')) {
    childEnv['OPENAI_API_KEY'] = PLACEHOLDER_API_KEY
  }
  return childEnv
}

async function closeQuietly(tapedeck: RunningTapedeck, logger: Logger): Promise<boolean> {
  try {
    await tapedeck.close()
    return true
  } catch (error) {
    logger.error(
      `Failed to write every recording: ${errorMessage(error)}`,
    )
    return false
  }
}
