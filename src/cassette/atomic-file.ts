/**
 * Crash-safe file writes for the cassette store: every write goes to a temporary file in the same
 * folder, is fsynced, and is renamed over the target, so that a crash at any moment leaves the old
 * or the new file, never a torn one.
 *
 * @note With src/cassette/fs-cassette-store.ts, the only files of src/cassette that touch the file
 * system.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
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
 * Insert `bytes` at byte `offset` of `file`, atomically: the file's first `offset` bytes are
 * copied by the kernel (no copy through this process, however large the file), then `bytes` and
 * `tail` (what the file holds after `offset`) are written after them. The caller knows the file's
 * content from its own last write, so nothing is read.
 *
 * @throws TapedeckError `TAPEDECK_CASSETTE_WRITE`, with the file left as it was.
 *
 * @example
 * await insertAtomically('cassettes/a.yaml', plan.offsetBytes, Buffer.from(itemsYaml), tail)
 */
export async function insertAtomically(file: string, offset: number, bytes: Buffer, tail: Buffer): Promise<void> {
  const temp = tempName(file)
  try {
    // The copy keeps the file's mode (and is a cheap reflink where the file system has them);
    // EXCL, like 'wx', never reuses a leftover temporary file.
    await copyFile(file, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE)
    const handle = await open(temp, 'r+')
    try {
      await handle.writev([bytes, tail], offset)
      await handle.truncate(offset + bytes.length + tail.length)
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
