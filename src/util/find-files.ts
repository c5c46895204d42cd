/**
 * Walk a folder for the files a command reads (`validate`, `import`): recursively, in sorted
 * order, skipping dot-folders and node_modules.
 * @module
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Every file under `folder` whose name `accept` takes, sorted by path segment.
 *
 * @example
 * await findFiles('cassettes', (name) => /\.ya?ml$/i.test(name)) // ['cassettes/a.yaml', 'cassettes/sub/b.yml']
 */
export async function findFiles(folder: string, accept: (name: string) => boolean): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true })
  entries.sort((a, b) => a.name.localeCompare(b.name))
  const found: string[] = []
  for (const entry of entries) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') found.push(...(await findFiles(path, accept)))
    } else if (accept(entry.name)) {
      found.push(path)
    }
  }
  return found
}
