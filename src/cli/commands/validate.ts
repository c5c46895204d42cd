/**
 * `tapedeck validate`: check recorded OpenAI traffic (cassettes, vcrpy cassettes, SSE text,
 * JSON-lines events, JSON bodies) against the protocol schemas and the stream rules, and the
 * `rules:` of scenario files as the server loads them plus the streams they produce.
 * Exit 0 when everything is valid, 1 on any violation, 2 on bad usage or unreadable input (a
 * rule the server would refuse included).
 * @module
 */
import { Option, type Command } from 'commander'
import {
  classifyInteraction,
  collectInputFiles,
  INPUT_EXTENSIONS,
  readInput,
  validateInteraction,
  VALIDATION_PROFILES,
  type InputProblem,
  type ValidationProfile,
} from '../../validation/index.js'
import { errorMessage, isTapedeckError } from '../../errors.js'
import { USAGE_EXIT_CODE, type CliIo } from '../cli-io.js'
import { formatHumanReport, formatJsonReport, sizeOf, type StreamVerdict, type ValidateReport } from './validate-report.js'
import { ruleTargets, type RuleTargets } from './validate-rules.js'

interface ValidateFlags {
  profile: ValidationProfile
  json?: boolean
  quiet?: boolean
}

/** Exit code when some stream or body has a violation. */
const VIOLATION_EXIT_CODE = 1

/**
 * Register `validate` on the program.
 *
 * @example
 * registerValidateCommand(program, io)
 * await program.parseAsync(['validate', '--profile', 'strict', 'cassettes/'], { from: 'user' })
 */
export function registerValidateCommand(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('Check OpenAI traffic against the protocol: JSON Schemas plus the stream rules of docs/compliance.md.')
    .argument(
      '<paths...>',
      `files or folders (folders are searched for ${INPUT_EXTENSIONS.join(', ')})`,
    )
    .addOption(
      new Option(
        '--profile <profile>',
        'strict: the current specification; wire: what real traffic does (documented relaxations)',
      )
        .choices(VALIDATION_PROFILES)
        .default('wire'),
    )
    .option('--json', 'print a JSON report instead of text')
    .option('-q, --quiet', 'print only failures and the summary')
    .addHelpText(
      'after',
      `
Reads tapedeck cassettes, vcrpy cassettes (only api.openai.com /v1 requests), raw SSE text,
JSON-lines event files, a JSON array of events, and single JSON bodies (Response, chat
completion, error).

Scenario files (cassettes with rules:, with or without interactions) are checked in two
steps: the rules as the server checks them at load (an error names file:line:column and counts
as unreadable input), then every rule's replies as the streams tapedeck expand writes for them,
reported as file#rule[i].

Exit codes: 0 all valid, 1 some violation, 2 bad usage or unreadable input.

Examples:
  $ tapedeck validate cassettes/
  $ tapedeck validate --profile strict recordings/checkout.yaml
  $ tapedeck validate --profile strict scenarios/quickstart.yaml
  $ tapedeck validate --json stream.sse > report.json
  $ tapedeck validate -q ../shared/corpus/pydantic-ai`,
    )
    .action(async (paths: string[], flags: ValidateFlags) => {
      const report = await runValidate(paths, flags.profile)
      if (flags.json === true) {
        io.stdout(formatJsonReport(report))
      } else {
        io.stdout(formatHumanReport(report, { quiet: flags.quiet === true }))
        for (const problem of report.problems) io.stderr(`error ${problem.message}\n`)
      }
      io.setExitCode(exitCodeOf(report))
    })
}

async function runValidate(paths: readonly string[], profile: ValidationProfile): Promise<ValidateReport> {
  const { files, problems } = await collectInputFiles(paths)
  if (files.length === 0 && problems.length === 0) {
    problems.push({
      file: paths.join(' '),
      message: `Failed to find input files in ${paths.join(', ')}: no ${INPUT_EXTENSIONS.join(', ')} files.`,
    })
  }
  const verdicts: StreamVerdict[] = []
  let skipped = 0
  for (const file of files) {
    const read = await readTargets(file, problems)
    if (read === undefined) continue
    skipped += read.skipped
    for (const target of read.targets) {
      const kind = classifyInteraction(target.interaction)
      if (kind === undefined) {
        skipped++
        continue
      }
      try {
        const result = validateInteraction(target.interaction, { profile })
        verdicts.push({ file, label: target.label, kind, size: sizeOf(target.interaction), result })
      } catch (error) {
        // Input never crashes the command: an unexpected throw is reported like unreadable input.
        const reason = errorMessage(error)
        problems.push({ file, message: `Failed to validate ${target.label}: ${reason}. This is a tapedeck bug; please report it.` })
      }
    }
  }
  return { profile, files: files.length, verdicts, skipped, problems }
}

/**
 * What one file holds to validate: its recorded streams and bodies, plus for a scenario cassette
 * the interactions its rules produce. Undefined, with the reason added to `problems`, when the
 * file cannot be read or the server would refuse its rules.
 */
async function readTargets(file: string, problems: InputProblem[]): Promise<RuleTargets | undefined> {
  try {
    const parsed = await readInput(file)
    if (parsed.scenario === undefined) return { targets: parsed.targets, skipped: 0 }
    const rules = ruleTargets(parsed.scenario.cassette, parsed.scenario.text, file)
    return { targets: [...parsed.targets, ...rules.targets], skipped: rules.skipped }
  } catch (error) {
    return reportProblem(problems, file, error)
  }
}

/** Every expected failure is a TapedeckError; anything else is still reported, never thrown. */
function reportProblem(problems: InputProblem[], file: string, error: unknown): undefined {
  const message = isTapedeckError(error) ? error.message : `Failed to read "${file}": ${errorMessage(error)}.`
  problems.push({ file, message })
  return undefined
}

function exitCodeOf(report: ValidateReport): number {
  if (report.problems.length > 0) return USAGE_EXIT_CODE
  return report.verdicts.some((verdict) => !verdict.result.valid) ? VIOLATION_EXIT_CODE : 0
}
