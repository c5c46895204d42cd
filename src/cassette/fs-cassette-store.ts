/**
 * Cassettes on disk: loading (one file or a folder) and record-mode writing. Writes are queued
 * per file, batched (at most `flushIntervalMs` later, longer when the file's last write was
 * slow), serialised (one write per file at a time, in call order) and atomic (temporary file in
 * the same folder, fsync, rename), so that a crash at any moment leaves the old or the new
 * cassette, never a torn one. Appends insert text after the last interaction, so comments and
 * hand edits survive.
 *
 * Appending stays cheap as a cassette grows: an appended interaction is serialised when it is
 * queued (no copy of it is kept), and once this store has written a file it remembers where the
 * next items go (a byte offset and the few bytes after it), so a batch writes only the bytes the
 * file's previous version lacks into that version, kept as a shadow (atomic-file.ts), or into a
 * copy the kernel makes of the file: the file's text is never held in memory.
 *
 * @note With atomic-file.ts, the only files of src/cassette that touch the file system.
 * @module
 */
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { errorMessage, isTapedeckError, TapedeckError } from '../errors.js'
import { findFiles } from '../util/find-files.js'
import { silentLogger, type Logger } from '../util/logger.js'
import { dropShadow, insertAtomically, removeStaleTemps, writeAtomically, type Shadow } from './atomic-file.js'
import { applyAppend, planAppend, type AppendPlan } from './cassette-append.js'
import { applyCassetteCheck, type CassetteCheck, type CassetteCheckMode } from './cassette-checks.js'
import { readCassetteText } from './cassette-reader.js'
import { CASSETTE_VERSION, type Cassette, type Interaction } from './model.js'
import {
  interactionsOf,
  itemsText,
  serialisedAppend,
  startsLine,
  writtenFile,
  type PendingWrite,
  type WrittenFile,
} from './queued-writes.js'
import { stringifyCassette } from './yaml-codec.js'

/** Options of the file-system cassette store. */
export interface FsCassetteStoreOptions {
  logger?: Logger
  /**
   * How long queued writes wait to be batched. Default 200 ms. A file whose last write took
   * long waits up to five times that, at most 1 s (or this interval, when it is longer).
   */
  flushIntervalMs?: number
  /** Checks recorded content on load (the stream validator). */
  check?: CassetteCheck
  /** What a failed check does on load. Default `warn`. */
  checkMode?: CassetteCheckMode
  /**
   * Told after each batch of queued writes is done with, written or failed (the failure is also
   * logged and reported by `flush`): `writes` is how many `append`/`replace` calls it held.
   */
  onBatchDone?: (writes: number) => void
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

interface FileState {
  pending: PendingWrite[]
  timer: NodeJS.Timeout | undefined
  /** The chain of writes to this file; never rejects. */
  writing: Promise<void>
  /** Set once this store wrote the file, and while nothing else changes it. */
  written?: WrittenFile
  /** The indentation of the file's items, as last seen: appends are serialised with it. */
  indent?: number
  /** Replaces queued or being written: appends queued meanwhile cannot be serialised ahead. */
  replacing: number
  /** How long the last write took, to space writes of a large file. */
  lastWriteMs: number
  staleTempsRemoved: boolean
  /** The file before this store's last insert, for the next insert (atomic-file.ts). */
  shadow?: Shadow
}

/** Batches of a file whose writes are slow wait at most this long (or the configured interval). */
const MAX_ADAPTIVE_INTERVAL_MS = 1000

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
      state = { pending: [], timer: undefined, writing: Promise.resolve(), replacing: 0, lastWriteMs: 0, staleTempsRemoved: false }
      files.set(key, state)
    }
    return state
  }

  const enqueue = (file: string, state: FileState, write: PendingWrite) => {
    state.pending.push(write)
    const wait = Math.max(interval, Math.min(MAX_ADAPTIVE_INTERVAL_MS, 5 * state.lastWriteMs))
    state.timer ??= setTimeout(() => startWrite(file, state), wait)
  }

  const openState = (file: string): FileState => {
    if (closed) {
      throw new TapedeckError('TAPEDECK_CASSETTE_WRITE', `Failed to queue a write to cassette "${file}": the store is closed.`, { file })
    }
    return stateOf(file)
  }

  const startWrite = (file: string, state: FileState): Promise<void> => {
    clearTimeout(state.timer)
    state.timer = undefined
    state.writing = state.writing.then(async () => {
      const batch = state.pending.splice(0)
      if (batch.length === 0) return
      const started = performance.now()
      try {
        await writeBatch(file, state, batch)
        if (state.written !== undefined) state.indent = state.written.indent
        logger.debug(`Wrote ${batch.length} change(s) to cassette ${file}`)
      } catch (error) {
        state.written = undefined
        await forgetShadow(state)
        errors.push(error)
        logger.error(errorMessage(error))
      } finally {
        state.replacing -= batch.filter((write) => write.kind === 'replace').length
        state.lastWriteMs = performance.now() - started
        options.onBatchDone?.(batch.length)
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
      const messages = failed.map(errorMessage)
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
    append(file, interaction) {
      const state = openState(file)
      const indent = state.replacing === 0 ? state.indent : undefined
      // The caller may reuse the object: keep its YAML (or, before the layout is known, a copy).
      if (indent === undefined) enqueue(file, state, { kind: 'append', interaction: structuredClone(interaction) })
      else enqueue(file, state, serialisedAppend(file, interaction, indent))
    },
    replace(file, cassette) {
      const state = openState(file)
      state.replacing++
      enqueue(file, state, { kind: 'replace', cassette: structuredClone(cassette) })
    },
    flush,
    async close() {
      closed = true
      try {
        await flush()
      } finally {
        await Promise.all([...files.values()].map((state) => state.writing.then(() => forgetShadow(state))))
      }
    },
  }
}

async function writeBatch(file: string, state: FileState, batch: PendingWrite[]): Promise<void> {
  const invalid = batch.find((write) => write.kind === 'invalid')
  if (invalid !== undefined) throw invalid.error
  if (!state.staleTempsRemoved) {
    state.staleTempsRemoved = true
    await removeStaleTemps(file)
  }
  const replaceAt = batch.findLastIndex((write) => write.kind === 'replace')
  const replaced = batch[replaceAt]
  if (replaced?.kind === 'replace') {
    const appended = batch.slice(replaceAt + 1).flatMap((write) => interactionsOf(file, write))
    const text = stringifyCassette({ ...replaced.cassette, interactions: [...replaced.cassette.interactions, ...appended] })
    return writeText(file, state, text, planAppend(text, file))
  }
  const written = state.written
  const unchanged = written !== undefined && (await isUnchanged(file, written))
  if (written !== undefined && unchanged) {
    const bytes = Buffer.from(itemsText(file, batch, written.indent, written.eol), 'utf8')
    // Taken before the write: a failed insert has removed it.
    const shadow = state.shadow
    state.shadow = undefined
    state.shadow = await insertAtomically(file, written.offset, bytes, written.tail, shadow)
    const after = await stat(file)
    state.written = { ...written, mtimeMs: after.mtimeMs, size: after.size, offset: written.offset + bytes.length }
    return
  }
  // First write of this file, or someone else changed it: read it and insert as planned.
  const current = await readText(file)
  if (current === null) {
    const interactions = batch.flatMap((write) => interactionsOf(file, write))
    const text = stringifyCassette({ version: CASSETTE_VERSION, interactions })
    return writeText(file, state, text, planAppend(text, file))
  }
  const plan = planAppend(current, file)
  if (plan.kind === 'text' && plan.emptyList === undefined && plan.addKey !== true && startsLine(current, plan.offset)) {
    const text = current.slice(0, plan.offset) + itemsText(file, batch, plan.indent, plan.eol) + current.slice(plan.offset)
    return writeText(file, state, text, { ...plan, offset: text.length - (current.length - plan.offset) })
  }
  const interactions = batch.flatMap((write) => interactionsOf(file, write))
  const next = applyAppend(current, file, plan, interactions)
  return writeText(file, state, next.text, next.plan)
}

/** Write a whole text, and remember where the next items go. */
async function writeText(file: string, state: FileState, text: string, plan: AppendPlan): Promise<void> {
  await forgetShadow(state)
  await writeAtomically(file, text)
  const after = await stat(file)
  state.written = writtenFile(text, plan, after)
}

/** Drop the shadow: the file is being rewritten (or was changed by someone else), or the store closes. */
async function forgetShadow(state: FileState): Promise<void> {
  const shadow = state.shadow
  state.shadow = undefined
  await dropShadow(shadow)
}

/** Whether the file is still what this store last wrote (by size and modification time). */
async function isUnchanged(file: string, written: WrittenFile): Promise<boolean> {
  const now = await stat(file).catch(() => undefined)
  return now !== undefined && now.mtimeMs === written.mtimeMs && now.size === written.size
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    // ENOTDIR: a parent of the path is a file, so this file cannot exist either.
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null
    throw new TapedeckError(
      'TAPEDECK_INPUT_UNREADABLE',
      `Failed to read cassette "${file}": ${errorMessage(error)}. Check the path and its permissions.`,
      { file, cause: error },
    )
  }
}

async function listCassetteFiles(dir: string): Promise<string[]> {
  try {
    return await findFiles(dir, (name) => /\.ya?ml$/i.test(name))
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return []
    throw new TapedeckError(
      'TAPEDECK_INPUT_UNREADABLE',
      `Failed to read the cassette folder "${dir}": ${errorMessage(error)}. Check the path and its permissions.`,
      { file: dir, cause: error },
    )
  }
}

function directoryError(dir: string, failures: unknown[], total: number): TapedeckError {
  const first = failures[0]
  const messages = failures.map(errorMessage)
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

