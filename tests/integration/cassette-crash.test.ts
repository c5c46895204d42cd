/**
 * Crash safety of cassette writes: a child process appends to one cassette in a loop through the
 * real store (compiled to JavaScript for the child) and is killed with SIGKILL at random moments.
 * After every kill the file must hold a whole cassette: the old or the new one, never a torn one.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFsCassetteStore } from '../../src/cassette/fs-cassette-store.js'
import { parseCassette } from '../../src/cassette/yaml-codec.js'

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)))
let work: string

const CHILD = `
import { createFsCassetteStore } from './dist/cassette/fs-cassette-store.js'
const file = process.argv[2]
const store = createFsCassetteStore({ flushIntervalMs: 0 })
const existing = await store.load(file)
const all = existing?.interactions ?? []
const filler = 'x'.repeat(20000)
for (let n = all.length; ; n++) {
  const interaction = {
    transport: 'http',
    request: { method: 'POST', path: '/v1/responses', body: { n, filler } },
    response: { status: 200, body: { n, text: 'line one\\nline two' } },
  }
  all.push(interaction)
  // Mostly appends; now and then a full rewrite, the other write path.
  if (n % 5 === 4) store.replace(file, { version: 1, name: 'crash test', interactions: all })
  else store.append(file, interaction)
  await store.flush()
  process.stdout.write(n + '\\n')
}
`

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tapedeck-crash-'))
  // The child imports the compiled store; node_modules and schemas/ sit where dist/ expects them.
  await symlink(join(root, 'node_modules'), join(work, 'node_modules'), 'dir')
  await symlink(join(root, 'schemas'), join(work, 'schemas'), 'dir')
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [
    tsc,
    ...['--outDir', join(work, 'dist'), '--rootDir', join(root, 'src')],
    ...['--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--target', 'ES2022', '--lib', 'ES2023'],
    ...['--types', 'node', '--typeRoots', join(root, 'node_modules', '@types'), '--skipLibCheck', '--strict'],
    join(root, 'src', 'cassette', 'fs-cassette-store.ts'),
  ])
  await writeFile(join(work, 'child.mjs'), CHILD)
})

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true })
})

/** Run the child until it has written at least once, then kill it after a random delay. */
function runAndKill(file: string, delayMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(work, 'child.mjs'), file], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    let armed = false
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', () => {
      if (armed) return
      armed = true
      setTimeout(() => child.kill('SIGKILL'), delayMs)
    })
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolvePromise()
      else reject(new Error(`child exited without being killed: ${stderr}`))
    })
  })
}

describe('cassette crash safety', () => {
  it('leaves a whole cassette after SIGKILL at 20 random moments', { timeout: 120_000 }, async () => {
    const file = join(work, 'crash.yaml')
    let previous = 0
    for (let round = 0; round < 20; round++) {
      await runAndKill(file, Math.floor(Math.random() * 60))
      const cassette = parseCassette(await readFile(file, 'utf8'), file)
      const numbers = cassette.interactions.map((interaction) => (interaction.request as unknown as { body: { n: number } }).body.n)
      expect(numbers).toEqual(numbers.map((_, index) => index))
      expect(numbers.length).toBeGreaterThanOrEqual(previous)
      previous = numbers.length
    }
    // The next writer removes the temporary files the killed ones may have left.
    const store = createFsCassetteStore()
    store.append(file, {
      transport: 'http',
      request: { method: 'GET', path: '/v1/models' },
      response: { status: 200 },
    })
    await store.close()
    expect((await readdir(work)).filter((name) => name.includes('.tmp-'))).toEqual([])
  })
})
