/**
 * `tapedeck compact <cassette>`: turn recorded answers into scenario rules with compact replies,
 * for editing by hand; `tapedeck expand` turns them back into streams.
 * @module
 */
import type { Command } from 'commander'
import { USAGE_EXIT_CODE, type CliIo } from '../cli-io.js'
import { readCassetteArgument, writeCassetteOutput } from './cassette-file.js'
import { compactRecordings } from './compact-recordings.js'

/**
 * Register `compact` on the program.
 *
 * @example
 * registerCompactCommand(program, io)
 * await program.parseAsync(['compact', 'tests/cassettes/agent.yaml', '--out', 'agent.rules.yaml'], { from: 'user' })
 */
export function registerCompactCommand(program: Command, io: CliIo): void {
  program
    .command('compact')
    .description(
      'Turn recorded Responses and Chat Completions answers into editable scenario rules (compact replies).',
    )
    .argument('<cassette>', 'a recorded cassette')
    .option('--out <file>', 'where to write the compacted cassette (default: stdout)')
    .addHelpText(
      'after',
      `
Each recorded Responses or Chat Completions exchange (an HTTP or SSE interaction, or a WebSocket
turn) becomes one rule, in recorded order: match is the endpoint, the model (and
previous_response_id) as a body subset, the last user message as input_contains and the last tool
result's call_id; times: 1; reply keeps texts, reasoning summaries, refusals, tool calls with their
call_ids, the response id, model, usage, timing, failures and cuts. Other interactions are kept as
recorded. Annotations, logprobs and encrypted reasoning are not kept.

Exit codes: 0 written, 2 when the cassette cannot be read.

Examples:
  $ tapedeck compact tests/cassettes/agent.yaml
  $ tapedeck compact tests/cassettes/agent.yaml --out tests/cassettes/agent.rules.yaml
  $ tapedeck compact recorded.yaml --out rules.yaml && tapedeck expand rules.yaml --out again.yaml`,
    )
    .action(async (file: string, flags: { out?: string }) => {
      const read = await readCassetteArgument(file, io)
      if (read === undefined) return io.setExitCode(USAGE_EXIT_CODE)
      const compacted = compactRecordings(read.cassette)
      for (const note of compacted.notes) io.stderr(`[tapedeck] ${note}\n`)
      await writeCassetteOutput(compacted.cassette, flags.out, io)
      io.setExitCode(0)
    })
}
