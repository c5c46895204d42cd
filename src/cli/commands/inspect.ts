/**
 * `tapedeck inspect <cassette>`: a table of a cassette's interactions (endpoint, transport,
 * status, model, events, duration, tokens, validator verdict), then each violation found.
 * @module
 */
import { Option, type Command } from 'commander'
import type { Cassette } from '../../cassette/model.js'
import { VALIDATION_PROFILES, type ValidationProfile } from '../../validation/index.js'
import { USAGE_EXIT_CODE, type CliIo } from '../cli-io.js'
import { readCassetteArgument } from './cassette-file.js'
import { formatInspectTable, inspectRow, type InspectRow } from './inspect-rows.js'

interface InspectFlags {
  profile: ValidationProfile
  json?: boolean
}

/** Violations listed per interaction before "and n more". */
const VIOLATIONS_SHOWN = 5

/**
 * Register `inspect` on the program.
 *
 * @example
 * registerInspectCommand(program, io)
 * await program.parseAsync(['inspect', 'scenarios/quickstart.expanded.yaml'], { from: 'user' })
 */
export function registerInspectCommand(program: Command, io: CliIo): void {
  program
    .command('inspect')
    .description(
      "Show a cassette's interactions as a table, each with the stream validator's verdict.",
    )
    .argument('<cassette>', 'a tapedeck cassette (.yaml)')
    .addOption(
      new Option(
        '--profile <profile>',
        'validator profile: wire (what real traffic does) or strict (the specification)',
      )
        .choices(VALIDATION_PROFILES)
        .default('wire'),
    )
    .option('--json', 'print the rows as JSON')
    .addHelpText(
      'after',
      `
Columns: # (an asterisk marks synthetic interactions), endpoint (WS for a WebSocket connection),
transport (http, sse, websocket), status, model, events (events, chunks or server frames), duration,
tokens (input/output from the recorded usage), verdict (ok, FAIL (n violations), or - when the
validator does not check that endpoint). Violations are listed below the table.

Exit codes: 0 (whatever the verdicts: use tapedeck validate to gate on them), 2 when the cassette
cannot be read.

Examples:
  $ tapedeck inspect tests/cassettes/checkout.yaml
  $ tapedeck inspect --profile strict scenarios/quickstart.expanded.yaml
  $ tapedeck inspect --json tests/cassettes/checkout.yaml | jq '.[] | select(.verdict != "ok")'`,
    )
    .action(async (file: string, flags: InspectFlags) => {
      const read = await readCassetteArgument(file, io)
      if (read === undefined) return io.setExitCode(USAGE_EXIT_CODE)
      const { cassette } = read
      const rows = cassette.interactions.map((interaction, index) =>
        inspectRow(interaction, index, flags.profile),
      )
      if (flags.json === true) io.stdout(`${JSON.stringify(rows, null, 2)}\n`)
      else io.stdout(describeCassette(file, cassette, rows, flags.profile))
      io.setExitCode(0)
    })
}

function describeCassette(
  file: string,
  cassette: Cassette,
  rows: readonly InspectRow[],
  profile: ValidationProfile,
): string {
  const rules = cassette.rules?.length ?? 0
  const header =
    `${file}: ${rows.length} interaction${rows.length === 1 ? '' : 's'}` +
    (rules === 0 ? '' : `, ${rules} rule${rules === 1 ? '' : 's'}`) +
    ` (profile ${profile})\n`
  if (rows.length === 0) return header
  const lines = [header, formatInspectTable(rows)]
  if (rows.some((row) => row.synthetic)) lines.push('* synthetic (generated from scenario rules)\n')
  for (const row of rows) {
    if (row.violations.length === 0) continue
    lines.push(`\nInteraction ${row.index}:\n`)
    for (const violation of row.violations.slice(0, VIOLATIONS_SHOWN)) {
      const turn = violation.turn === undefined ? '' : `turn ${violation.turn} `
      lines.push(
        `  ${turn}event ${violation.index}${violation.pointer === '' ? '' : ` ${violation.pointer}`}: [${violation.rule}] ${violation.message}\n`,
      )
    }
    const more = row.violations.length - VIOLATIONS_SHOWN
    if (more > 0) lines.push(`  … and ${more} more (tapedeck validate ${file})\n`)
  }
  return lines.join('')
}
