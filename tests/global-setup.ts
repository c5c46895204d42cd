/**
 * Builds `dist/` once before the integration tests, so that CLI tests run the real bin
 * (`node dist/cli/main.js`). Skipped when dist is newer than every source file.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'dist', 'cli', 'main.js')

function newestSourceTime(folder: string): number {
  let newest = 0
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs)
  }
  return newest
}

export function setup(): void {
  if (existsSync(bin) && statSync(bin).mtimeMs >= newestSourceTime(join(root, 'src'))) return
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    })
  } catch (error) {
    // tsc still emits when another module has a type error; only a missing bin is fatal here.
    if (!existsSync(bin)) throw error
  }
}
