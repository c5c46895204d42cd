/**
 * The `tapedeck` commander program, built around an injected output port.
 * @module
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import type { CliIo } from './cli-io.js'
import { registerServeCommand } from './commands/serve.js'

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
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
  registerServeCommand(program, io)
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
