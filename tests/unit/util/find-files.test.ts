import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFsCassetteStore } from '../../../src/cassette/fs-cassette-store.js'
import { stringifyCassette } from '../../../src/cassette/yaml-codec.js'
import { collectYamlInputs } from '../../../src/cli/commands/yaml-inputs.js'
import { findFiles } from '../../../src/util/find-files.js'
import { collectInputFiles } from '../../../src/validation/index.js'

let dir: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tapedeck-find-files-'))
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const isYaml = (name: string) => /\.ya?ml$/i.test(name)

/** Names whose order differs between a per-folder, locale-aware sort and a sort of whole paths. */
const TRICKY = ['a/b.yaml', 'a.yaml', 'a-b.yaml', 'A.yaml', 'ab/x.yaml', 'a/c/d.yml', 'B.yml', 'b/a.yaml']
const TRICKY_SORTED = ['A.yaml', 'B.yml', 'a-b.yaml', 'a.yaml', 'a/b.yaml', 'a/c/d.yml', 'ab/x.yaml', 'b/a.yaml']

async function put(relative: string, text = stringifyCassette({ version: 1, interactions: [] })): Promise<void> {
  const file = join(dir, relative)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, text)
}

describe('findFiles', () => {
  it('sorts whole paths below the folder by character code, whatever the folder nesting or letter case', async () => {
    for (const name of TRICKY) await put(name)
    expect(await findFiles(dir, isYaml)).toEqual(TRICKY_SORTED.map((name) => join(dir, name)))
  })

  it('skips hidden files and folders, node_modules folders and names accept refuses', async () => {
    for (const name of ['keep.yaml', '.hidden.yaml', '.git/x.yaml', 'node_modules/p/c.yaml', 'sub/.#lock.yaml', 'notes.txt']) await put(name)
    expect(await findFiles(dir, isYaml)).toEqual([join(dir, 'keep.yaml')])
  })

  it('follows a link to a folder, and ends at a link back into the walk', async () => {
    await put('shared-source/s.yaml')
    await put('tests/t.yaml')
    await symlink(join(dir, 'shared-source'), join(dir, 'tests', 'shared'), 'dir')
    await symlink(join(dir, 'tests'), join(dir, 'tests', 'loop'), 'dir')
    expect(await findFiles(join(dir, 'tests'), isYaml)).toEqual([join(dir, 'tests', 'shared', 's.yaml'), join(dir, 'tests', 't.yaml')])
  })

  it('throws the file-system error, with its code, for a missing folder', async () => {
    await expect(findFiles(join(dir, 'missing'), isYaml)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('folder walks agree', () => {
  it('the server loads a --scenarios folder in the order validate and import list it', async () => {
    for (const name of TRICKY) await put(name)
    const expected = TRICKY_SORTED.map((name) => join(dir, name))
    const loaded = await createFsCassetteStore().loadDirectory(dir)
    const validated = await collectInputFiles([dir])
    const imported = await collectYamlInputs([dir])
    expect(loaded.map((entry) => entry.file)).toEqual(expected)
    expect(validated.files).toEqual(expected)
    expect(imported.inputs.map((input) => input.file)).toEqual(expected)
  })
})
