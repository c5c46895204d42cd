/**
 * `tapedeck import --from vcrpy --out <dir> <files or folders...>`: convert other tools'
 * cassettes into tapedeck cassettes, one output file per input file (folders are searched
 * recursively and their layout is kept under `--out`).
 * @module
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Option, type Command } from 'commander'
import type { Cassette } from '../../cassette/model.js'
import { stringifyCassette } from '../../cassette/yaml-codec.js'
import { errorMessage, isTapedeckError } from '../../errors.js'
import { vcrpyToCassette } from '../../import/vcrpy.js'
import { USAGE_EXIT_CODE, type CliIo } from '../cli-io.js'
import { collectYamlInputs } from './yaml-inputs.js'

/**
 * The formats `import` reads.
 *
 * @example
 * IMPORT_FORMATS.includes('vcrpy') // true
 */
export const IMPORT_FORMATS = ['vcrpy'] as const

/** An import format. */
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** The outcome of one input file. */
export type ImportedFile =
  | { kind: 'imported'; input: string; output: string; cassette: Cassette }
  | { kind: 'failed'; input: string; message: string }

/** The outcome of an import. */
export interface ImportReport {
  files: ImportedFile[]
  /** Paths that could not be read at all. */
  problems: string[]
}

/**
 * Import every YAML file under `paths` into `out`. A file that fails is reported and the
 * others still convert.
 *
 * @example
 * const report = await importCassettes({ from: 'vcrpy', out: 'tests/cassettes', paths: ['../shared/corpus/pydantic-ai'] })
 * report.files.filter((file) => file.kind === 'failed') // []
 */
export async function importCassettes(input: {
  from: ImportFormat
  out: string
  paths: readonly string[]
}): Promise<ImportReport> {
  const { inputs, problems } = await collectYamlInputs(input.paths)
  const files: ImportedFile[] = []
  const taken = new Set<string>()
  for (const { file, relativeOut } of inputs) {
    const output = join(input.out, relativeOut.replace(/\.yml$/i, '.yaml'))
    if (taken.has(output)) {
      files.push({
        kind: 'failed',
        input: file,
        message: `Failed to import "${file}": another input is also written to ${output}. Import the two folders into different --out folders.`,
      })
      continue
    }
    taken.add(output)
    try {
      const cassette = vcrpyToCassette(await readFile(file, 'utf8'), file)
      await mkdir(dirname(output), { recursive: true })
      await writeFile(output, stringifyCassette(cassette))
      files.push({ kind: 'imported', input: file, output, cassette })
    } catch (error) {
      const message = isTapedeckError(error)
        ? error.message
        : `Failed to import "${file}": ${errorMessage(error)}.`
      files.push({ kind: 'failed', input: file, message })
    }
  }
  return { files, problems }
}

/**
 * Register `import` on the program.
 *
 * @example
 * registerImportCommand(program, io)
 * await program.parseAsync(['import', '--from', 'vcrpy', '--out', 'out', 'cassettes/'], { from: 'user' })
 */
export function registerImportCommand(program: Command, io: CliIo): void {
  program
    .command('import')
    .description(
      'Convert cassettes recorded by other tools into tapedeck cassettes, one per input file.',
    )
    .argument('<paths...>', 'cassette files, or folders searched recursively for .yaml/.yml files')
    .addOption(
      new Option('--from <format>', 'the format of the inputs')
        .choices(IMPORT_FORMATS)
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--out <dir>',
      'the folder to write the tapedeck cassettes to (created when missing)',
    )
    .option('-q, --quiet', 'print failures and the summary only')
    .addHelpText(
      'after',
      `
vcrpy (Python's vcrpy, pytest-recording, pytest-vcr): only requests to api.openai.com under /v1/
are kept; secrets and noise headers are dropped; text/event-stream bodies become SSE interactions
with one entry per event. A folder's layout is kept under --out.

Exit codes: 0 every file converted, 1 some file failed, 2 bad usage or no input found.

Examples:
  $ tapedeck import --from vcrpy --out tests/cassettes tests/cassettes-vcrpy/
  $ tapedeck import --from vcrpy --out imported ../shared/corpus/pydantic-ai
  $ tapedeck import --from vcrpy --out . test_chat.yaml test_stream.yaml`,
    )
    .action(
      async (paths: string[], flags: { from: ImportFormat; out: string; quiet?: boolean }) => {
        const report = await importCassettes({ from: flags.from, out: flags.out, paths })
        for (const problem of report.problems) io.stderr(`[tapedeck] ${problem}\n`)
        let interactions = 0
        for (const file of report.files) {
          if (file.kind === 'failed') {
            io.stderr(`[tapedeck] ${file.message}\n`)
            continue
          }
          interactions += file.cassette.interactions.length
          if (flags.quiet === true) continue
          io.stdout(`${file.input} → ${file.output} (${describeInteractions(file.cassette)})\n`)
        }
        const imported = report.files.filter((file) => file.kind === 'imported').length
        const failed = report.files.length - imported
        io.stdout(
          `Imported ${imported} of ${report.files.length} files (${interactions} interaction${interactions === 1 ? '' : 's'}) into ${flags.out}${failed === 0 ? '' : `; ${failed} failed`}.\n`,
        )
        if (report.files.length === 0) {
          io.stderr(
            `[tapedeck] Failed to find .yaml or .yml files in ${paths.join(', ')}. Check the paths.\n`,
          )
          io.setExitCode(USAGE_EXIT_CODE)
        } else io.setExitCode(report.problems.length > 0 ? USAGE_EXIT_CODE : failed > 0 ? 1 : 0)
      },
    )
}

/** `3 interactions: 2 sse, 1 http` */
function describeInteractions(cassette: Cassette): string {
  const byTransport = new Map<string, number>()
  for (const interaction of cassette.interactions)
    byTransport.set(interaction.transport, (byTransport.get(interaction.transport) ?? 0) + 1)
  const total = cassette.interactions.length
  const parts = [...byTransport].map(([transport, count]) => `${count} ${transport}`)
  return `${total} interaction${total === 1 ? '' : 's'}${parts.length === 0 ? '' : `: ${parts.join(', ')}`}`
}
