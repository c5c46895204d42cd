/**
 * Reading a cassette named on the command line and writing a command's cassette to `--out` or
 * stdout, with the messages and exit codes every cassette command shares.
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Cassette } from '../../cassette/model.js'
import { parseCassette, stringifyCassette } from '../../cassette/yaml-codec.js'
import { isTapedeckError } from '../../errors.js'
import type { CliIo } from '../cli-io.js'

/**
 * Read and parse a cassette; on failure print why and return undefined.
 *
 * @example
 * const read = await readCassetteArgument('scenarios/quickstart.yaml', io)
 * if (read === undefined) return io.setExitCode(USAGE_EXIT_CODE)
 */
export async function readCassetteArgument(
  file: string,
  io: CliIo,
): Promise<{ text: string; cassette: Cassette } | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : String(error)
    io.stderr(`[tapedeck] Failed to read "${file}": ${reason}. Check the path.\n`)
    return undefined
  }
  try {
    return { text, cassette: parseCassette(text, file) }
  } catch (error) {
    if (!isTapedeckError(error)) throw error
    io.stderr(`[tapedeck] ${error.message}\n`)
    return undefined
  }
}

/**
 * Write a cassette to `out` (folders created) or, without `out`, to stdout.
 *
 * @example
 * await writeCassetteOutput(expanded, flags.out, io) // 'Wrote scenarios/x.yaml (4 interactions).' on stderr
 */
export async function writeCassetteOutput(
  cassette: Cassette,
  out: string | undefined,
  io: CliIo,
): Promise<void> {
  const text = stringifyCassette(cassette)
  if (out === undefined) {
    io.stdout(text)
    return
  }
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, text)
  const rules = cassette.rules?.length ?? 0
  const interactions = cassette.interactions.length
  io.stderr(
    `[tapedeck] Wrote ${out} (${interactions} interaction${interactions === 1 ? '' : 's'}${rules === 0 ? '' : `, ${rules} rule${rules === 1 ? '' : 's'}`}).\n`,
  )
}
