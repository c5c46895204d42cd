/**
 * Cassettes on disk: loading (one file or a folder) and record-mode writing. Writes are queued
 * per file, batched (at most `flushIntervalMs` later), serialised (one write per file at a
 * time, in call order) and atomic (temporary file in the same folder, fsync, rename), so that a
 * crash at any moment leaves the old or the new cassette, never a torn one. Appends insert text
 * after the last interaction, so comments and hand edits survive.
 *
 * @note This is the only file of src/cassette that touches the file system.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { TapedeckError, isTapedeckError } from '../errors.js'
import { silentLogger, type Logger } from '../util/logger.js'
import { applyAppend, planAppend, type AppendPlan } from './cassette-append.js'
import { applyCassetteCheck, type CassetteCheck, type CassetteCheckMode } from './cassette-checks.js'
import { readCassetteText } from './cassette-reader.js'
import { CASSETTE_VERSION, type Cassette, type Interaction } from './model.js'
import { stringifyCassette } from './yaml-codec.js'

/** Options of the file-system cassette store. */
export interface FsCassetteStoreOptions {
  logger?: Logger
  /** How long queued writes wait to be batched. Default 200 ms. */
  flushIntervalMs?: number
  /** Checks recorded content on load (the stream validator). */
  check?: CassetteCheck
  /** What a failed check does on load. Default `warn`. */
  checkMode?: CassetteCheckMode
}

/** Cassettes on disk. */
export interface FsCassetteStore {
  /** The cassette in `file`, or null when the file does not exist. */
  load(file: string): Promise<Cassette | null>
  /** Every `*.yaml`/`*.yml` under `dir` (recursively, sorted by path); `[]` when `dir` does not exist. */
  loadDirectory(dir: string): Promise<Array<{ file: string; cassette: Cassette }>>
  /** Queue one interaction to be appended to `file` (created when missing). */
  append(file: string, interaction: Interaction): void
  /** Queue a full rewrite of `file`; later appends continue the new content. */
  replace(file: string, cassette: Cassette): void
  /** Resolves when everything queued so far is on disk; rejects with the write errors since the last flush. */
  flush(): Promise<void>
  /** Flush, then stop the timers. Later appends and replaces are refused. */
  close(): Promise<void>
}

type PendingWrite = { kind: 'append'; interaction: Interaction } | { kind: 'replace'; cassette: Cassette }

interface FileState {
  pending: PendingWrite[]
  timer: NodeJS.Timeout | undefined
  /** The chain of writes to this file; never rejects. */
  writing: Promise<void>
  /** What this store last wrote, to append again without reading and parsing the file. */
  written?: { text: string; plan: AppendPlan | undefined; mtimeMs: number; size: number }
  staleTempsRemoved: boolean
}

/**
 * Create a store that reads and writes cassette files.
 *
 * @example
 * const store = createFsCassetteStore({ logger })
 * store.append('cassettes/chat.yaml', interaction)
 * await store.close() // everything is on disk
 */
export function createFsCassetteStore(options: FsCassetteStoreOptions = {}): FsCassetteStore {
  const logger = options.logger ?? silentLogger
  const interval = options.flushIntervalMs ?? 200
  const files = new Map<string, FileState>()
  let errors: unknown[] = []
  let closed = false

  const load = async (file: string): Promise<Cassette | null> => {
    const text = await readText(file)
    if (text === null) return null
    const { cassette, locate } = readCassetteText(text, file)
    applyCassetteCheck({ cassette, locate, file, check: options.check, mode: options.checkMode ?? 'warn', logger })
    return cassette
  }

  const stateOf = (file: string): FileState => {
    const key = resolve(file)
    let state = files.get(key)
    if (state === undefined) {
      state = { pending: [], timer: undefined, writing: Promise.resolve(), staleTempsRemoved: false }
      files.set(key, state)
    }
    return state
  }

  const enqueue = (file: string, write: PendingWrite) => {
    if (closed) {
      throw new TapedeckError('TAPEDECK_CASSETTE_WRITE', `Failed to queue a write to cassette "${file}": the store is closed.`, { file })
    }
    const state = stateOf(file)
    state.pending.push(write)
    state.timer ??= setTimeout(() => startWrite(file, state), interval)
  }

  const startWrite = (file: string, state: FileState): Promise<void> => {
    clearTimeout(state.timer)
    state.timer = undefined
    state.writing = state.writing.then(async () => {
      const batch = state.pending.splice(0)
      if (batch.length === 0) return
      try {
        await writeBatch(file, state, batch)
        logger.debug(`Wrote ${batch.length} change(s) to cassette ${file}`)
      } catch (error) {
        errors.push(error)
        logger.error(error instanceof Error ? error.message : String(error))
      }
    })
    return state.writing
  }

  const flush = async () => {
    await Promise.all([...files.entries()].map(([file, state]) => startWrite(file, state)))
    const failed = errors
    errors = []
    if (failed.length === 1) throw failed[0]
    if (failed.length > 1) {
      const first = failed[0]
      const messages = failed.map((error) => (error instanceof Error ? error.message : String(error)))
      throw new TapedeckError('TAPEDECK_CASSETTE_WRITE', `Failed ${failed.length} cassette writes:\n  ${messages.join('\n  ')}`, {
        cause: new AggregateError(failed),
        ...(isTapedeckError(first) && first.file !== undefined ? { file: first.file } : {}),
      })
    }
  }

  return {
    load,
    async loadDirectory(dir) {
      const found = await listCassetteFiles(dir)
      const loaded: Array<{ file: string; cassette: Cassette }> = []
      const failures: unknown[] = []
      for (const file of found) {
        try {
          const cassette = await load(file)
          if (cassette !== null) loaded.push({ file, cassette })
        } catch (error) {
          failures.push(error)
        }
      }
      if (failures.length > 0) throw directoryError(dir, failures, found.length)
      return loaded
    },
    append: (file, interaction) => enqueue(file, { kind: 'append', interaction: structuredClone(interaction) }),
    replace: (file, cassette) => enqueue(file, { kind: 'replace', cassette: structuredClone(cassette) }),
    flush,
    async close() {
      closed = true
      await flush()
    },
  }
}

async function writeBatch(file: string, state: FileState, batch: PendingWrite[]): Promise<void> {
  let base: Cassette | undefined
  let appended: Interaction[] = []
  for (const write of batch) {
    if (write.kind === 'replace') {
      base = write.cassette
      appended = []
    } else appended.push(write.interaction)
  }
  let text: string
  let plan: AppendPlan | undefined
  if (base !== undefined) {
    text = stringifyCassette({ ...base, interactions: [...base.interactions, ...appended] })
  } else {
    const current = await currentText(file, state)
    if (current === null) text = stringifyCassette({ version: CASSETTE_VERSION, interactions: appended })
    else {
      ;({ text, plan } = applyAppend(current.text, file, current.plan ?? planAppend(current.text, file), appended))
    }
  }
  if (!state.staleTempsRemoved) {
    state.staleTempsRemoved = true
    await removeStaleTemps(file)
  }
  await writeAtomically(file, text)
  const written = await stat(file)
  state.written = { text, plan, mtimeMs: written.mtimeMs, size: written.size }
}

/** The file's text, from what this store last wrote when the file has not changed since. */
async function currentText(file: string, state: FileState): Promise<{ text: string; plan?: AppendPlan } | null> {
  const written = state.written
  if (written !== undefined) {
    const now = await stat(file).catch(() => undefined)
    if (now !== undefined && now.mtimeMs === written.mtimeMs && now.size === written.size) {
      return written.plan === undefined ? { text: written.text } : { text: written.text, plan: written.plan }
    }
  }
  const text = await readText(file)
  return text === null ? null : { text }
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    // ENOTDIR: a parent of the path is a file, so this file cannot exist either.
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null
    throw new TapedeckError(
      'TAPEDECK_INPUT_UNREADABLE',
      `Failed to read cassette "${file}": ${errorText(error)}. Check the path and its permissions.`,
      { file, cause: error },
    )
  }
}

/**
 * Write a file so that readers (and a crash at any moment) see the old or the new content:
 * temporary file in the same folder, fsync, rename over the target.
 */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  try {
    await mkdir(dirname(file), { recursive: true })
    const mode = await stat(file).then((existing) => existing.mode & 0o777, () => undefined)
    const handle = await open(temp, 'wx')
    try {
      if (mode !== undefined) await handle.chmod(mode)
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
    await syncFolder(dirname(file))
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {})
    throw new TapedeckError(
      'TAPEDECK_CASSETTE_WRITE',
      `Failed to write cassette "${file}": ${errorText(error)}. Check that the folder is writable and the disk is not full.`,
      { file, cause: error },
    )
  }
}

/** Make the rename itself durable. Not every platform can open a folder; that is fine. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined)
  if (handle === undefined) return
  await handle.sync().catch(() => {})
  await handle.close()
}

/** Temporary files left by a process that died mid-write (`<file>.tmp-<pid>-<random>`). */
async function removeStaleTemps(file: string): Promise<void> {
  const prefix = `${basename(file)}.tmp-`
  const names = await readdir(dirname(file)).catch(() => [] as string[])
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const pid = Number(name.slice(prefix.length).split('-')[0])
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      await rm(join(dirname(file), name), { force: true }).catch(() => {})
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return errorCode(error) === 'EPERM'
  }
}

async function listCassetteFiles(dir: string): Promise<string[]> {
  let names: string[]
  try {
    names = await readdir(dir, { recursive: true })
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw new TapedeckError(
      'TAPEDECK_INPUT_UNREADABLE',
      `Failed to read the cassette folder "${dir}": ${errorText(error)}. Check the path and its permissions.`,
      { file: dir, cause: error },
    )
  }
  return names
    .filter((name) => /\.ya?ml$/i.test(name))
    .filter((name) => !name.split(/[\\/]/).some((part) => part.startsWith('.') || part === 'node_modules'))
    .map((name) => join(dir, name))
    .sort()
}

function directoryError(dir: string, failures: unknown[], total: number): TapedeckError {
  const first = failures[0]
  const messages = failures.map((error) => (error instanceof Error ? error.message : String(error)))
  const code = isTapedeckError(first) ? first.code : 'TAPEDECK_CASSETTE_INVALID'
  return new TapedeckError(
    code,
    `Failed to load ${failures.length} of ${total} cassettes in "${dir}":\n  ${messages.join('\n  ')}`,
    {
      cause: failures.length === 1 ? first : new AggregateError(failures),
      ...(isTapedeckError(first) && first.file !== undefined ? { file: first.file } : {}),
      ...(isTapedeckError(first) && first.line !== undefined ? { line: first.line } : {}),
      ...(isTapedeckError(first) && first.column !== undefined ? { column: first.column } : {}),
      ...(isTapedeckError(first) && first.pointer !== undefined ? { pointer: first.pointer } : {}),
    },
  )
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
