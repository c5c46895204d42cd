#!/usr/bin/env node
/**
 * The `tapedeck` executable: wires the program to the process.
 * @module
 */
import { CommanderError } from 'commander'
import { errorMessage } from '../errors.js'
import { guardedWriter, USAGE_EXIT_CODE, type CliIo } from './cli-io.js'
import { createProgram } from './program.js'

// A reader closing the pipe early is not a failure (guardedWriter); a stream that cannot be
// written for another reason loses output, so the run fails.
const stderr = guardedWriter(process.stderr, () => {
  process.exitCode = 1
})
const stdout = guardedWriter(process.stdout, (error) => {
  stderr(`[tapedeck] Failed to write to stdout: ${errorMessage(error)}. The output is incomplete; check where stdout goes (a full disk, a closed file).\n`)
  process.exitCode = 1
})

const io: CliIo = {
  stdout,
  stderr,
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
    io.stderr(`[tapedeck] ${detail}\n`)
    process.exitCode = 1
  }
}
