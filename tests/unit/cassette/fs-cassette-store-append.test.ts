import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFsCassetteStore } from '../../../src/cassette/fs-cassette-store.js'
import type { Interaction } from '../../../src/cassette/model.js'
import { parseCassette, stringifyCassette } from '../../../src/cassette/yaml-codec.js'
import { numberedInteraction } from './sample-cassette.js'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tapedeck-store-append-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function appendInBatches(file: string, batches: number[][]): Promise<void> {
  const store = createFsCassetteStore({ flushIntervalMs: 60_000 })
  for (const batch of batches) {
    for (const number of batch) store.append(file, numberedInteraction(number))
    await store.flush()
  }
  await store.close()
}

describe('fs cassette store, repeated appends', () => {
  it('gives the same bytes as writing the cassette in one go, batch after batch', async () => {
    const file = join(dir, 'a.yaml')
    await appendInBatches(file, [[1], [2, 3], [4], [5, 6, 7]])
    const expected = stringifyCassette({ version: 1, interactions: [1, 2, 3, 4, 5, 6, 7].map(numberedInteraction) })
    expect(await readFile(file, 'utf8')).toBe(expected)
    expect(await readdir(dir)).toEqual(['a.yaml'])
  })

  it('keeps what follows the interactions (here the rules) after every append', async () => {
    const file = join(dir, 'a.yaml')
    const rules = 'rules:\n  - when: { input: hello }\n    reply: hi\n'
    await writeFile(file, `version: 1\ninteractions: []\n${rules}`)
    await appendInBatches(file, [[1], [2], [3, 4]])
    const text = await readFile(file, 'utf8')
    expect(text.endsWith(rules)).toBe(true)
    expect(parseCassette(text, file).interactions).toEqual([1, 2, 3, 4].map(numberedInteraction))
  })

  it('writes CRLF line ends into a CRLF file, append after append', async () => {
    const file = join(dir, 'a.yaml')
    await writeFile(file, stringifyCassette({ version: 1, interactions: [numberedInteraction(0)] }).replace(/\n/g, '\r\n'))
    await appendInBatches(file, [[1], [2]])
    const text = await readFile(file, 'utf8')
    expect(text.replace(/\r\n/g, '')).not.toContain('\n')
    expect(parseCassette(text, file).interactions).toEqual([0, 1, 2].map(numberedInteraction))
  })

  it('notices a file changed by someone else between appends, and appends to the new text', async () => {
    const file = join(dir, 'a.yaml')
    const store = createFsCassetteStore({ flushIntervalMs: 60_000 })
    store.append(file, numberedInteraction(1))
    await store.flush()
    const edited = `# edited by hand\n${await readFile(file, 'utf8')}`
    await writeFile(file, edited)
    await utimes(file, new Date(), new Date(Date.now() + 5000))
    store.append(file, numberedInteraction(2))
    await store.close()
    const text = await readFile(file, 'utf8')
    expect(text.startsWith(edited)).toBe(true)
    expect(parseCassette(text, file).interactions).toEqual([1, 2].map(numberedInteraction))
  })

  it('stores an interaction as it was when appended, even if the caller changes it afterwards', async () => {
    const file = join(dir, 'a.yaml')
    const store = createFsCassetteStore({ flushIntervalMs: 60_000 })
    store.append(file, numberedInteraction(1))
    await store.flush()
    const later = numberedInteraction(2)
    store.append(file, later)
    ;(later.request as { path: string }).path = '/v1/changed'
    await store.close()
    expect(parseCassette(await readFile(file, 'utf8'), file).interactions).toEqual([1, 2].map(numberedInteraction))
  })

  it('fails the batch that holds an invalid interaction, writing none of it, and goes on after', async () => {
    const file = join(dir, 'a.yaml')
    const store = createFsCassetteStore({ flushIntervalMs: 60_000 })
    store.append(file, numberedInteraction(1))
    await store.flush()
    store.append(file, numberedInteraction(2))
    store.append(file, { transport: 'http', request: { method: 'POST' } } as unknown as Interaction)
    await expect(store.flush()).rejects.toMatchObject({ code: 'TAPEDECK_CASSETTE_WRITE', file })
    store.append(file, numberedInteraction(3))
    await store.close()
    expect(parseCassette(await readFile(file, 'utf8'), file).interactions).toEqual([1, 3].map(numberedInteraction))
  })
})
