/**
 * Crash-safe file writes for the cassette store: every write goes to a temporary file in the same
 * folder, is fsynced, and is renamed over the target, so that a crash at any moment leaves the old
 * or the new file, never a torn one. Inserts keep the replaced file as a shadow for the next one,
 * so appending to a large cassette costs the new bytes, not a copy of the file.
 *
 * @note With src/cassette/fs-cassette-store.ts, the only files of src/cassette that touch the file
 * system.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, link, mkdir, open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { errorMessage, TapedeckError } from '../errors.js'

/**
 * Write `text` as the whole new content of `file`, atomically; the file keeps its mode.
 *
 * @throws TapedeckError `TAPEDECK_CASSETTE_WRITE`, with the file left as it was.
 *
 * @example
 * await writeAtomically('cassettes/a.yaml', stringifyCassette(cassette))
 */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = tempName(file)
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
    await commit(temp, file)
  } catch (error) {
    throw await failed(file, temp, error)
  }
}

/**
 * The file as it was before the last insert, kept under a temporary name (a hard link to the
 * inode the last insert replaced): the next insert writes the missing bytes into it and renames
 * it over the file, instead of copying the whole file again.
 */
export interface Shadow {
  path: string
  /** Where its new items go, in bytes. */
  offset: number
  /** The bytes the last insert added at `offset`, which it still lacks. */
  lag: Buffer
}

/**
 * Insert `bytes` at byte `offset` of `file`, atomically, and return the shadow of the file as it
 * was (or undefined where the file system has no hard links). The caller knows the file's
 * content from its own last write, so nothing is read: `tail` is what the file holds after
 * `offset`.
 *
 * Without a shadow, the file is copied by the kernel (no copy through this process; a cheap
 * reflink where the file system has them) and `bytes` and `tail` are written into the copy. With
 * the shadow of the previous insert (still there, and still its inode's only name), only that
 * insert's bytes, `bytes` and `tail` are written: the cost of an insert no longer grows with the
 * file. Either way the result is fsynced and renamed over the file, so a crash leaves the old or
 * the new file, never a torn one.
 *
 * @throws TapedeckError `TAPEDECK_CASSETTE_WRITE`, with the file left as it was (and the shadow
 * given, if any, removed).
 *
 * @example
 * let shadow = await insertAtomically('cassettes/a.yaml', offset, Buffer.from(itemsYaml), tail)
 * shadow = await insertAtomically('cassettes/a.yaml', offset + itemsYaml.length, next, tail, shadow)
 */
export async function insertAtomically(
  file: string,
  offset: number,
  bytes: Buffer,
  tail: Buffer,
  shadow?: Shadow,
): Promise<Shadow | undefined> {
  const usable = shadow === undefined ? undefined : await openShadow(shadow)
  const temp = usable === undefined ? tempName(file) : usable.shadow.path
  let kept: string | undefined
  try {
    // EXCL, like 'wx', never reuses a leftover temporary file.
    if (usable === undefined) await copyFile(file, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE)
    const start = usable?.shadow.offset ?? offset
    const pieces = usable === undefined ? [bytes, tail] : [usable.shadow.lag, bytes, tail]
    const handle = usable?.handle ?? (await open(temp, 'r+'))
    try {
      await handle.writev(pieces, start)
      await handle.truncate(start + pieces.reduce((total, piece) => total + piece.length, 0))
      await handle.sync()
    } finally {
      await handle.close()
    }
    kept = await keepUnderTempName(file)
    await commit(temp, file)
    return kept === undefined ? undefined : { path: kept, offset, lag: bytes }
  } catch (error) {
    if (kept !== undefined) await rm(kept, { force: true }).catch(() => {})
    throw await failed(file, temp, error)
  }
}

/**
 * Remove a shadow the caller will not use (the file was rewritten, or the store closes).
 *
 * @example
 * await dropShadow(state.shadow)
 */
export async function dropShadow(shadow: Shadow | undefined): Promise<void> {
  if (shadow !== undefined) await rm(shadow.path, { force: true }).catch(() => {})
}

/**
 * The shadow opened for writing, or undefined (and the shadow removed) when it cannot be used:
 * it was deleted meanwhile (a clean-up of temporary files), or its inode has gained another name
 * (a backup tool's hard link), which writing into it in place would change too. The insert then
 * copies the file instead of failing the batch.
 */
async function openShadow(shadow: Shadow): Promise<{ shadow: Shadow; handle: FileHandle } | undefined> {
  const handle = await open(shadow.path, 'r+').catch(() => undefined)
  const links = await handle?.stat().then((stats) => stats.nlink, () => undefined)
  if (handle !== undefined && links === 1) return { shadow, handle }
  await handle?.close().catch(() => {})
  await dropShadow(shadow)
  return undefined
}

/** A second name for the file's current inode, so that it survives the rename over the file. */
async function keepUnderTempName(file: string): Promise<string | undefined> {
  const name = tempName(file)
  try {
    await link(file, name)
    return name
  } catch {
    // No hard links here (some network and FAT file systems): inserts copy the file instead.
    return undefined
  }
}

/**
 * Remove temporary files left by a process that died mid-write (`<file>.tmp-<pid>-<random>`).
 *
 * @example
 * await removeStaleTemps('cassettes/a.yaml')
 */
export async function removeStaleTemps(file: string): Promise<void> {
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

function tempName(file: string): string {
  return `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
}

async function commit(temp: string, file: string): Promise<void> {
  await rename(temp, file)
  await syncFolder(dirname(file))
}

async function failed(file: string, temp: string, error: unknown): Promise<TapedeckError> {
  await rm(temp, { force: true }).catch(() => {})
  const reason = errorMessage(error)
  return new TapedeckError(
    'TAPEDECK_CASSETTE_WRITE',
    `Failed to write cassette "${file}": ${reason}. Check that the folder is writable and the disk is not full.`,
    { file, cause: error },
  )
}

/** Make the rename itself durable. Not every platform can open a folder; that is fine. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined)
  if (handle === undefined) return
  await handle.sync().catch(() => {})
  await handle.close()
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as { code?: unknown } | null)?.code === 'EPERM'
  }
}
