/**
 * The run context every workload receives: durations, repetitions, a temp dir, the cassette
 * writer of the build under test, and starters for server children.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadCassetteWriter } from './cassette-files.mjs'
import { startServer } from './processes.mjs'

/**
 * Build the context from parsed flags.
 *
 * @example
 * const ctx = await createContext({ quick: true, dist: 'dist' })
 * const server = await ctx.startTapedeck({ cassette: file, timing: 'instant' }, 'tapedeck W1')
 */
export async function createContext(flags) {
  const dist = resolve(flags.dist)
  const entry = join(dist, 'index.js')
  if (!existsSync(entry)) {
    throw new Error(`Failed to find ${entry}. Build tapedeck first: npm run build`)
  }
  const { startTapedeck } = await import(pathToFileURL(entry).href)
  if (typeof startTapedeck !== 'function') {
    throw new Error(`Failed to find startTapedeck() in ${entry}. Build the current sources: npm run build`)
  }
  const tmpDir = mkdtempSync(join(tmpdir(), 'tapedeck-bench-'))
  const profileDir = resolve(flags.profileDir)
  if (flags.cpuProf) mkdirSync(profileDir, { recursive: true })
  const writer = await loadCassetteWriter(dist)
  let profiles = 0
  const profileArgs = (label) => {
    if (!flags.cpuProf) return []
    profiles++
    const name = `${String(profiles).padStart(2, '0')}-${label.replace(/\W+/g, '-')}.cpuprofile`
    return ['--cpu-prof', '--cpu-prof-dir', profileDir, '--cpu-prof-name', name]
  }
  const started = new Set()

  const track = async (promise) => {
    const server = await promise
    started.add(server)
    const close = server.close
    server.close = async () => {
      started.delete(server)
      await close()
    }
    return server
  }

  return {
    dist,
    tmpDir,
    writer,
    quick: flags.quick,
    references: flags.references,
    // Many short repetitions rather than a few long ones: on a shared machine, more pairs of
    // back-to-back runs give a steadier paired ratio for the same total time.
    durationSec: flags.quick ? 1 : 3,
    warmupSec: flags.quick ? 0.3 : 1,
    reps: flags.quick ? 1 : 5,
    connections: [1, 16, 64],
    log: (message) => process.stderr.write(`${message}\n`),
    /** Start tapedeck in its own process with `startTapedeck({ port: 0, host, ...options })`. */
    startTapedeck(options, label = 'tapedeck', { execArgv = [] } = {}) {
      const config = { kind: 'tapedeck', dist, options }
      return track(startServer(config, { label, execArgv: [...profileArgs(label), ...execArgv] }))
    },
    /** Start a baseline or fake upstream in its own process. */
    startServer: (config, label) => track(startServer(config, { label, execArgv: profileArgs(label) })),
    /** Stop every server still running and remove the temp dir. */
    async cleanup() {
      await Promise.allSettled([...started].map((server) => server.close()))
      rmSync(tmpDir, { recursive: true, force: true })
    },
  }
}
