#!/usr/bin/env node
/**
 * The `tapedeck` executable: wires the program to the process.
 * @module
 */
import { CommanderError } from 'commander'
import { USAGE_EXIT_CODE, type CliIo } from './cli-io.js'
import { createProgram } from './program.js'

const io: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code
  },
}

try {
  await createProgram(io).parseAsync(process.argv)
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a usage error.
    process.exitCode = error.exitCode === 0 ? 0 : USAGE_EXIT_CODE
  } else {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
    process.stderr.write(`[tapedeck] ${detail}\n`)
    process.exitCode = 1
  }
}
