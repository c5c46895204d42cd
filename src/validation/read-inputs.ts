/**
 * The file-system edge of `tapedeck validate`: find the input files under the given paths and
 * read each one safely (size limit, binary and encoding checks) before input-formats.ts parses it.
 * @module
 */
import { readFile, stat } from 'node:fs/promises'
import { errorMessage, TapedeckError } from '../errors.js'
import { parseValidationInput, type ParsedInput } from './input-formats.js'
import { findFiles } from '../util/find-files.js'

/**
 * Files with these extensions are picked up when a folder is walked.
 *
 * @example
 * INPUT_EXTENSIONS.includes('.jsonl') // true
 */
export const INPUT_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json', '.jsonl', '.ndjson', '.sse', '.txt']

/**
 * Larger files are refused rather than read into memory.
 *
 * @example
 * await readInput('huge.sse') // throws TAPEDECK_INPUT_UNREADABLE when above MAX_INPUT_BYTES
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024

/** A path that could not be used, and why. */
export interface InputProblem {
  file: string
  message: string
}

/**
 * Expand the paths: files are kept as given, folders are walked as the server walks them
 * (util/find-files.ts: sorted by path, hidden names and node_modules skipped) for files with
 * INPUT_EXTENSIONS.
 *
 * @example
 * const { files, problems } = await collectInputFiles(['cassettes/'])
 */
export async function collectInputFiles(
  paths: readonly string[],
): Promise<{ files: string[]; problems: InputProblem[] }> {
  const files: string[] = []
  const problems: InputProblem[] = []
  for (const path of paths) {
    try {
      const info = await stat(path)
      if (info.isDirectory()) files.push(...(await walk(path)))
      else files.push(path)
    } catch (error) {
      problems.push({
        file: path,
        message: `Failed to read "${path}": ${describeFsError(error)}. Check the path.`,
      })
    }
  }
  return { files, problems }
}

function walk(folder: string): Promise<string[]> {
  return findFiles(folder, (name) => INPUT_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension)))
}

/**
 * Read and parse one input file. Throws a TapedeckError (TAPEDECK_INPUT_UNREADABLE or a
 * cassette error) with the file and the reason. `maxBytes` defaults to MAX_INPUT_BYTES.
 *
 * @example
 * const { format, targets } = await readInput('stream.sse')
 */
export async function readInput(file: string, options: { maxBytes?: number } = {}): Promise<ParsedInput> {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES
  let bytes: Buffer
  try {
    const info = await stat(file)
    if (info.size > maxBytes) {
      throw unreadable(
        file,
        `it is too large (${formatSize(info.size)}; the limit is ${formatSize(maxBytes)})`,
      )
    }
    bytes = await readFile(file)
  } catch (error) {
    if (error instanceof TapedeckError) throw error
    throw unreadable(file, describeFsError(error), error)
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) throw unreadable(
    file,
    `it is not text (a NUL byte at offset ${nul}; binary files cannot be validated)`,
  )
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (cause) {
    throw unreadable(file, 'it is not UTF-8 text', cause)
  }
  return parseValidationInput(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file)
}

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} bytes`
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`
}

function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'ENOENT') return 'no such file or folder'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'it is a folder'
  return errorMessage(error)
}

function unreadable(file: string, reason: string, cause?: unknown): TapedeckError {
  return new TapedeckError(
    'TAPEDECK_INPUT_UNREADABLE',
    `Failed to read "${file}": ${reason}.`,
    { file, ...(cause === undefined ? {} : { cause }) },
  )
}
