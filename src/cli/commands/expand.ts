/**
 * `tapedeck expand <cassette>`: write the fully expanded cassette, every scenario rule's replies
 * as the interactions they produce (`synthetic: true`), to see what the generator sends, or to
 * commit as a recorded-form cassette that replays without rules.
 * @module
 */
import { normalize } from 'node:path'
import type { Command } from 'commander'
import { isTapedeckError } from '../../errors.js'
import { locateInYaml } from '../../scenario/locate-in-yaml.js'
import { parseRules } from '../../scenario/parse-rules.js'
import type { ScenarioRule } from '../../scenario/types.js'
import { USAGE_EXIT_CODE, type CliIo } from '../cli-io.js'
import { readCassetteArgument, writeCassetteOutput } from './cassette-file.js'
import { expandRules } from './expand-rules.js'

/**
 * Register `expand` on the program.
 *
 * @example
 * registerExpandCommand(program, io)
 * await program.parseAsync(['expand', 'scenarios/quickstart.yaml', '--out', 'scenarios/quickstart.expanded.yaml'], { from: 'user' })
 */
export function registerExpandCommand(program: Command, io: CliIo): void {
  program
    .command('expand')
    .description(
      "Write a cassette's scenario rules as the interactions they produce (marked synthetic: true).",
    )
    .argument('<cassette>', 'a cassette with rules')
    .option('--out <file>', 'where to write the expanded cassette (default: stdout)')
    .addHelpText(
      'after',
      `
Every rule's replies become Responses SSE interactions (Chat Completions SSE when the rule's
match.endpoint is chat), after the cassette's recorded interactions; the rules are left out. Each
request is the rule's match.body when it is a mapping (give it the whole request your app sends and
the expanded cassette replays to the app exactly), completed from model, last_user_message or
input_contains, tool_result and header. Ids derive from the path as given, like the server's.

Exit codes: 0 written, 2 when the cassette or its rules cannot be read.

Examples:
  $ tapedeck expand scenarios/quickstart.yaml
  $ tapedeck expand scenarios/quickstart.yaml --out scenarios/quickstart.expanded.yaml
  $ tapedeck expand tests/cassettes/agent.yaml --out /tmp/agent.yaml && tapedeck inspect /tmp/agent.yaml`,
    )
    .action(async (file: string, flags: { out?: string }) => {
      const read = await readCassetteArgument(file, io)
      if (read === undefined) return io.setExitCode(USAGE_EXIT_CODE)
      const source = normalize(file)
      let rules: ScenarioRule[]
      try {
        rules = parseRules(read.cassette.rules, locateInYaml(read.text), source)
      } catch (error) {
        if (!isTapedeckError(error)) throw error
        io.stderr(`[tapedeck] ${error.message}\n`)
        return io.setExitCode(USAGE_EXIT_CODE)
      }
      if (rules.length === 0) {
        io.stderr(`[tapedeck] ${file} has no rules: the output holds its recorded interactions only.\n`)
      }
      const expanded = expandRules(read.cassette, rules, source)
      for (const note of expanded.notes) io.stderr(`[tapedeck] ${note}\n`)
      await writeCassetteOutput(expanded.cassette, flags.out, io)
      io.setExitCode(0)
    })
}
