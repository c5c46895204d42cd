import { spawnSync } from 'node:child_process'
import { link, mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFsCassetteStore } from '../../../src/cassette/fs-cassette-store.js'
import { parseCassette, stringifyCassette } from '../../../src/cassette/yaml-codec.js'
import { createMemoryLogger } from '../../../src/util/logger.js'
import { numberedInteraction, sampleCassette } from './sample-cassette.js'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tapedeck-store-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function readCassette(file: string) {
  return parseCassette(await readFile(file, 'utf8'), file)
}

describe('fs cassette store', () => {
  it('loads null for a missing file and the cassette for an existing one', async () => {
    const store = createFsCassetteStore()
    const file = join(dir, 'a.yaml')
    expect(await store.load(file)).toBeNull()
    await writeFile(file, stringifyCassette(sampleCassette()))
    expect(await store.load(file)).toEqual(sampleCassette())
  })

  it('refuses a path it cannot read as a file', async () => {
    const store = createFsCassetteStore()
    await expect(store.load(dir)).rejects.toMatchObject({ code: 'TAPEDECK_INPUT_UNREADABLE', file: dir })
  })

  it('creates the file and its folder on the first append, and leaves no temporary file', async () => {
    const store = createFsCassetteStore()
    const file = join(dir, 'nested', 'deeper', 'a.yaml')
    store.append(file, numberedInteraction(1))
    await store.flush()
    expect(await readCassette(file)).toEqual({ version: 1, interactions: [numberedInteraction(1)] })
    expect(await readdir(join(dir, 'nested', 'deeper'))).toEqual(['a.yaml'])
  })

  it('writes queued appends on its own within the flush interval', async () => {
    const store = createFsCassetteStore({ flushIntervalMs: 10 })
    const file = join(dir, 'a.yaml')
    store.append(file, numberedInteraction(1))
    expect(await store.load(file)).toBeNull()
    for (let attempt = 0; attempt < 100 && (await store.load(file)) === null; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect((await store.load(file))?.interactions).toEqual([numberedInteraction(1)])
    await store.close()
  })

  it('lands 50 interleaved appends, all of them, in call order', async () => {
    const store = createFsCassetteStore({ flushIntervalMs: 1 })
    const file = join(dir, 'a.yaml')
    const called: number[] = []
    await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        await new Promise((resolve) => setTimeout(resolve, (index * 7) % 11))
        called.push(index)
        store.append(file, numberedInteraction(index))
      }),
    )
    await store.flush()
    expect(called).not.toEqual([...called].sort((a, b) => a - b))
    expect((await readCassette(file)).interactions).toEqual(called.map(numberedInteraction))
    await store.close()
    expect(await readdir(dir)).toEqual(['a.yaml'])
  })

  it('appends without copying the file: the version each batch replaces is kept as the shadow of the next', async () => {
    const store = createFsCassetteStore({ flushIntervalMs: 1 })
    const file = join(dir, 'a.yaml')
    const shadowOf = async () => {
      const names = (await readdir(dir)).filter((name) => name !== 'a.yaml')
      expect(names).toEqual([expect.stringMatching(/^a\.yaml\.tmp-\d+-[0-9a-f]+$/)])
      return join(dir, names[0] ?? '')
    }
    store.append(file, numberedInteraction(0))
    await store.flush()
    for (let index = 1; index < 6; index++) {
      const before = { inode: (await stat(file)).ino, text: await readFile(file, 'utf8') }
      store.append(file, numberedInteraction(index))
      await store.flush()
      // The shadow is the very file the batch replaced (same inode, same text), not a copy.
      const shadow = await shadowOf()
      expect((await stat(shadow)).ino).toBe(before.inode)
      expect(await readFile(shadow, 'utf8')).toBe(before.text)
    }
    expect((await readCassette(file)).interactions).toEqual([0, 1, 2, 3, 4, 5].map(numberedInteraction))
    await store.close()
    expect(await readdir(dir)).toEqual(['a.yaml'])
  })

  it('drops the shadow when the file is changed by someone else, and appends to what they wrote', async () => {
    const store = createFsCassetteStore({ flushIntervalMs: 1 })
    const file = join(dir, 'a.yaml')
    for (const index of [0, 1, 2]) {
      store.append(file, numberedInteraction(index))
      await store.flush()
    }
    await writeFile(file, (await readFile(file, 'utf8')).replace('interactions:\n', 'interactions:\n  # edited meanwhile\n'))
    store.append(file, numberedInteraction(3))
    await store.flush()
    store.append(file, numberedInteraction(4))
    await store.close()
    const text = await readFile(file, 'utf8')
    expect(text).toContain('  # edited meanwhile\n')
    expect((await readCassette(file)).interactions).toEqual([0, 1, 2, 3, 4].map(numberedInteraction))
    expect(await readdir(dir)).toEqual(['a.yaml'])
  })

  it('copies the file instead when its shadow was deleted or gained another name, and loses no batch', async () => {
    const logger = createMemoryLogger()
    const store = createFsCassetteStore({ flushIntervalMs: 1, logger })
    const file = join(dir, 'a.yaml')
    const shadowName = async () => (await readdir(dir)).find((name) => name !== 'a.yaml' && name !== 'backup.yaml') ?? ''
    for (const index of [0, 1]) {
      store.append(file, numberedInteraction(index))
      await store.flush()
    }
    // A clean-up of temporary files removes the shadow between two batches.
    await rm(join(dir, await shadowName()))
    store.append(file, numberedInteraction(2))
    await store.flush()
    // A backup tool hard-links the shadow's inode: writing into it would change the backup too.
    const backup = join(dir, 'backup.yaml')
    await link(join(dir, await shadowName()), backup)
    const backedUp = await readFile(backup, 'utf8')
    store.append(file, numberedInteraction(3))
    await store.close()
    expect(await readFile(backup, 'utf8')).toBe(backedUp)
    expect((await readCassette(file)).interactions).toEqual([0, 1, 2, 3].map(numberedInteraction))
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([])
    expect((await readdir(dir)).sort()).toEqual(['a.yaml', 'backup.yaml'])
  })

  it('keeps a hand-written comment when appending, even one added between writes', async () => {
    const store = createFsCassetteStore()
    const file = join(dir, 'a.yaml')
    await writeFile(file, '# written by hand\nversion: 1\ninteractions: []\n')
    store.append(file, numberedInteraction(1))
    await store.flush()
    const afterFirst = await readFile(file, 'utf8')
    expect(afterFirst.startsWith('# written by hand\nversion: 1\ninteractions:\n  - transport: http\n')).toBe(true)
    const edited = afterFirst.replace('interactions:\n', 'interactions:\n  # about the first one\n')
    await writeFile(file, edited)
    await utimes(file, new Date(), new Date(Date.now() + 5000))
    store.append(file, numberedInteraction(2))
    await store.flush()
    const afterSecond = await readFile(file, 'utf8')
    expect(afterSecond.startsWith(edited)).toBe(true)
    expect((await readCassette(file)).interactions).toEqual([numberedInteraction(1), numberedInteraction(2)])
  })

  it('does not write before the interval or a flush, and everything after flush', async () => {
    const store = createFsCassetteStore({ flushIntervalMs: 60_000 })
    const file = join(dir, 'a.yaml')
    store.append(file, numberedInteraction(1))
    store.append(file, numberedInteraction(2))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(await readdir(dir)).toEqual([])
    await store.close()
    expect((await readCassette(file)).interactions).toEqual([numberedInteraction(1), numberedInteraction(2)])
    expect(() => store.append(file, numberedInteraction(3))).toThrow(expect.objectContaining({ code: 'TAPEDECK_CASSETTE_WRITE' }))
  })

  it('replaces a cassette and continues it with later appends', async () => {
    const store = createFsCassetteStore()
    const file = join(dir, 'a.yaml')
    await writeFile(file, stringifyCassette({ version: 1, interactions: [numberedInteraction(9)] }))
    store.append(file, numberedInteraction(8))
    store.replace(file, { version: 1, name: 'fresh', interactions: [numberedInteraction(1)] })
    store.append(file, numberedInteraction(2))
    await store.flush()
    store.append(file, numberedInteraction(3))
    await store.flush()
    const text = await readFile(file, 'utf8')
    const expected = { version: 1 as const, name: 'fresh', interactions: [1, 2, 3].map(numberedInteraction) }
    expect(text).toBe(stringifyCassette(expected))
  })

  it('reports a failed write on flush and leaves the existing file alone', async () => {
    const logger = createMemoryLogger()
    const store = createFsCassetteStore({ logger })
    const file = join(dir, 'a.yaml')
    const broken = 'version: 7\ninteractions: []\n'
    await writeFile(file, broken)
    store.append(file, numberedInteraction(1))
    await expect(store.flush()).rejects.toMatchObject({ code: 'TAPEDECK_CASSETTE_VERSION', file })
    expect(await readFile(file, 'utf8')).toBe(broken)
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'error', message: expect.stringContaining('version 7') })])
    await writeFile(join(dir, 'not-a-folder'), '')
    store.append(join(dir, 'not-a-folder', 'b.yaml'), numberedInteraction(1))
    await expect(store.flush()).rejects.toMatchObject({ code: 'TAPEDECK_CASSETTE_WRITE' })
    await expect(store.flush()).resolves.toBeUndefined()
  })

  it('removes temporary files left by a process that died mid-write', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid
    const file = join(dir, 'a.yaml')
    await writeFile(`${file}.tmp-${dead}-0badf00d`, 'version: 1\ninteract')
    await writeFile(`${file}.tmp-${process.pid}-0badf00d`, 'in progress elsewhere in this process')
    const store = createFsCassetteStore()
    store.append(file, numberedInteraction(1))
    await store.flush()
    expect((await readdir(dir)).sort()).toEqual(['a.yaml', `a.yaml.tmp-${process.pid}-0badf00d`])
  })

  it('loads every cassette of a folder tree, sorted by path, skipping hidden folders', async () => {
    const store = createFsCassetteStore()
    await mkdir(join(dir, 'b'), { recursive: true })
    await mkdir(join(dir, '.git'), { recursive: true })
    await writeFile(join(dir, 'b', 'one.yml'), stringifyCassette({ version: 1, interactions: [numberedInteraction(1)] }))
    await writeFile(join(dir, 'a.yaml'), stringifyCassette({ version: 1, interactions: [] }))
    await writeFile(join(dir, '.git', 'x.yaml'), 'not: a cassette\n')
    await writeFile(join(dir, 'notes.txt'), 'ignored')
    const loaded = await store.loadDirectory(dir)
    expect(loaded.map((entry) => entry.file)).toEqual([join(dir, 'a.yaml'), join(dir, 'b', 'one.yml')])
    expect(loaded[1]?.cassette.interactions).toEqual([numberedInteraction(1)])
    expect(await store.loadDirectory(join(dir, 'missing'))).toEqual([])
  })

  it('collects the errors of every broken cassette in a folder, each with its location', async () => {
    const store = createFsCassetteStore()
    await writeFile(join(dir, 'a.yaml'), 'version: 1\ninteractions:\n  - transport: grpc\n')
    await writeFile(join(dir, 'b.yaml'), stringifyCassette({ version: 1, interactions: [] }))
    await writeFile(join(dir, 'c.yaml'), 'version: 1\ninteractions: [\n')
    const error = await store.loadDirectory(dir).then(
      () => undefined,
      (failure: unknown) => failure,
    )
    expect(error).toMatchObject({ code: 'TAPEDECK_CASSETTE_INVALID', file: join(dir, 'a.yaml'), line: 3, column: 16 })
    const message = (error as Error).message
    expect(message).toContain('Failed to load 2 of 3 cassettes')
    expect(message).toContain(`${join(dir, 'a.yaml')}:3:16: /interactions/0/transport`)
    expect(message).toMatch(new RegExp(`${join(dir, 'c.yaml').replace(/[.\\/]/g, '\\$&')}:\\d+:\\d+: not valid YAML`))
  })

  it('runs the content check on load: warns with the location, or refuses in error mode', async () => {
    const file = join(dir, 'a.yaml')
    await writeFile(file, stringifyCassette(sampleCassette()))
    const check = () => [{ pointer: '/interactions/1/response/events/1/data/sequence_number', message: 'sequence_number 1 repeats' }]
    const logger = createMemoryLogger()
    const warned = createFsCassetteStore({ logger, check, checkMode: 'warn' })
    expect(await warned.load(file)).toEqual(sampleCassette())
    const text = await readFile(file, 'utf8')
    const line = text.slice(0, text.indexOf('sequence_number: 1\n')).split('\n').length
    expect(logger.lines).toEqual([
      { level: 'warn', message: `${file}:${line}:30: /interactions/1/response/events/1/data/sequence_number: sequence_number 1 repeats` },
    ])
    const strict = createFsCassetteStore({ check, checkMode: 'error' })
    await expect(strict.load(file)).rejects.toMatchObject({ code: 'TAPEDECK_CASSETTE_INVALID', line, column: 30 })
    const off = createFsCassetteStore({ check, checkMode: 'off', logger: createMemoryLogger() })
    expect(await off.load(file)).toEqual(sampleCassette())
  })
})
