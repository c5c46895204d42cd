/**
 * Writes fixture cassettes with tapedeck's own YAML writer (`stringifyCassette` from the build
 * under test). Large cassettes (W5's 100,000 interactions take seconds to serialise) are cached
 * in the OS temp dir, keyed by the writer's and the fixtures' source, so only the first run pays.
 */
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const FIXTURES_SOURCE = fileURLToPath(new URL('./fixtures.mjs', import.meta.url))
const CACHE_DIR = join(tmpdir(), 'tapedeck-bench-cache')

/**
 * Load the cassette writer of the build under test.
 *
 * @example
 * const writer = await loadCassetteWriter('/work/main/dist')
 * writer.write(dir, 'w1.yaml', cassette)
 */
export async function loadCassetteWriter(dist) {
  const codecFile = join(dist, 'cassette', 'yaml-codec.js')
  const { stringifyCassette } = await import(pathToFileURL(codecFile).href)
  const cacheKey = createHash('sha256')
    .update(readFileSync(codecFile))
    .update(readFileSync(FIXTURES_SOURCE))
    .digest('hex')
    .slice(0, 16)

  return {
    /** Write `cassette` to `dir/name`; returns the path. */
    write(dir, name, cassette) {
      const file = join(dir, name)
      writeFileSync(file, stringifyCassette(cassette))
      return file
    },
    /** Like write, but reuses a cached copy; `build` is only called on a cache miss. */
    writeCached(dir, name, build) {
      const file = join(dir, name)
      const cached = join(CACHE_DIR, `${cacheKey}-${name}`)
      if (!existsSync(cached)) {
        mkdirSync(CACHE_DIR, { recursive: true })
        writeFileSync(`${cached}.tmp`, stringifyCassette(build()))
        renameSync(`${cached}.tmp`, cached)
      }
      copyFileSync(cached, file)
      return file
    },
  }
}
