/**
 * The `tapedeck` commander program, built around an injected output port.
 * @module
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import type { CliIo } from './cli-io.js'
import { registerCompactCommand } from './commands/compact.js'
import { registerExpandCommand } from './commands/expand.js'
import { registerImportCommand } from './commands/import.js'
import { registerInspectCommand } from './commands/inspect.js'
import { registerRunCommand } from './commands/run.js'
import { registerServeCommand } from './commands/serve.js'
import { registerValidateCommand } from './commands/validate.js'

/**
 * Create the program with every command registered.
 *
 * @example
 * const program = createProgram(io)
 * await program.parseAsync(process.argv)
 */
export function createProgram(io: CliIo): Command {
  const program = new Command('tapedeck')
    .description('Record/replay proxy for the OpenAI API.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    // `run` passes the options after its command through to that command.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
  registerServeCommand(program, io)
  registerRunCommand(program, io)
  registerValidateCommand(program, io)
  registerInspectCommand(program, io)
  registerImportCommand(program, io)
  registerExpandCommand(program, io)
  registerCompactCommand(program, io)
  program.addHelpText(
    'after',
    `
Examples:
  $ tapedeck serve --cassette tests/cassettes/checkout.yaml
  $ tapedeck run --cassette tests/cassettes/checkout.yaml -- npm test
  $ tapedeck inspect tests/cassettes/checkout.yaml
  $ tapedeck validate tests/cassettes/
  $ tapedeck import --from vcrpy --out tests/cassettes tests/cassettes-vcrpy/
  $ tapedeck expand scenarios/quickstart.yaml --out scenarios/quickstart.expanded.yaml

Settings come from flags, then TAPEDECK_* environment variables, then tapedeck.config.yaml
(docs/configuration.md).`,
  )
  return program
}

/** The version in tapedeck's package.json, found from this file upwards (src/ or dist/). */
function packageVersion(): string {
  let folder = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    try {
      const text = readFileSync(join(folder, 'package.json'), 'utf8')
      const manifest = JSON.parse(text) as { name?: unknown; version?: unknown }
      if (manifest.name === 'tapedeck' && typeof manifest.version === 'string') return manifest.version
    } catch {
      // No package.json here: keep climbing.
    }
    const parent = dirname(folder)
    if (parent === folder) return '0.0.0'
    folder = parent
  }
}
