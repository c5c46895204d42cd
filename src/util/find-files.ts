/**
 * Walk a folder for the files tapedeck reads: the server's `--scenarios` folders (the cassette
 * store), `validate` and `import`. One walk for all of them, so that `validate <folder>` checks the
 * files the server loads, in the order it loads them (which decides the recording or rule that
 * answers first).
 * @module
 */
import { readdir, realpath, stat } from 'node:fs/promises'
import type { Dirent } from 'node:fs'
import { join } from 'node:path'

/**
 * Every file under `folder` whose name `accept` takes, recursively, sorted by path.
 *
 * "Sorted by path" is the documented order of `--scenarios` folders: the paths below `folder`,
 * written with `/`, compared character code by character code. It does not depend on the
 * platform or the locale, so a folder loads in the same order on every machine: `A.yaml` before
 * `a-b.yaml` before `a.yaml` before `a/b.yaml`. Names starting with `.` (hidden files and folders)
 * and `node_modules` folders are skipped. Symbolic links are followed, except a link back into a
 * folder being walked, so a link loop ends. Errors (a missing `folder`, no permission) are thrown
 * as they come from `node:fs`, with their `code`.
 *
 * @example
 * await findFiles('cassettes', (name) => /\.ya?ml$/i.test(name)) // ['cassettes/a.yaml', 'cassettes/sub/b.yml']
 */
export async function findFiles(folder: string, accept: (name: string) => boolean): Promise<string[]> {
  const found: string[] = []
  await walk(folder, '', new Set([await realpath(folder)]), accept, found)
  // Default sort compares UTF-16 code units: no locale, and the same on every platform because
  // the paths are '/'-separated here and only joined with the platform's separator afterwards.
  return found.sort().map((path) => join(folder, path))
}

async function walk(
  root: string,
  under: string,
  ancestors: ReadonlySet<string>,
  accept: (name: string) => boolean,
  found: string[],
): Promise<void> {
  const here = join(root, under)
  for (const entry of await readdir(here, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue
    const path = under === '' ? entry.name : `${under}/${entry.name}`
    const full = join(here, entry.name)
    if (await isFolder(entry, full)) {
      if (entry.name === 'node_modules') continue
      const real = await realpath(full)
      if (!ancestors.has(real)) await walk(root, path, new Set([...ancestors, real]), accept, found)
    } else if (accept(entry.name)) {
      found.push(path)
    }
  }
}

/** A folder, or a link to one; a dangling link is not. */
async function isFolder(entry: Dirent, full: string): Promise<boolean> {
  if (entry.isDirectory()) return true
  if (!entry.isSymbolicLink()) return false
  const target = await stat(full).catch(() => undefined)
  return target?.isDirectory() === true
}
