import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { collectInputFiles, readInput } from '../../../src/validation/index.js'

const root = mkdtempSync(join(tmpdir(), 'tapedeck-read-inputs-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('collectInputFiles', () => {
  it('walks folders recursively in name order, picks known extensions, and skips dot-folders', () => {
    mkdirSync(join(root, 'walk/b'), { recursive: true })
    mkdirSync(join(root, 'walk/.git'), { recursive: true })
    for (const name of ['walk/z.yaml', 'walk/a.jsonl', 'walk/b/c.sse', 'walk/readme.md', 'walk/.git/x.yaml']) writeFileSync(join(root, name), '')
    return collectInputFiles([join(root, 'walk'), join(root, 'missing.yaml')]).then(({ files, problems }) => {
      expect(files).toEqual([join(root, 'walk/a.jsonl'), join(root, 'walk/b/c.sse'), join(root, 'walk/z.yaml')])
      expect(problems).toEqual([{ file: join(root, 'missing.yaml'), message: `Failed to read "${join(root, 'missing.yaml')}": no such file or folder. Check the path.` }])
    })
  })
})

describe('readInput', () => {
  it('refuses binary files, invalid UTF-8 and files above the size limit with a clear reason', async () => {
    const binary = join(root, 'image.json')
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))
    await expect(readInput(binary)).rejects.toMatchObject({ code: 'TAPEDECK_INPUT_UNREADABLE', message: expect.stringContaining('it is not text (a NUL byte at offset 4') })

    const latin1 = join(root, 'latin1.sse')
    writeFileSync(latin1, Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xe9, 0x0a]))
    await expect(readInput(latin1)).rejects.toMatchObject({ message: expect.stringContaining('it is not UTF-8 text') })

    const big = join(root, 'big.sse')
    writeFileSync(big, 'data: {}\n\n'.repeat(10))
    await expect(readInput(big, { maxBytes: 50 })).rejects.toMatchObject({ message: `Failed to read "${big}": it is too large (100 bytes; the limit is 50 bytes).` })
  })

  it('reads a file, skipping a UTF-8 byte order mark', async () => {
    const file = join(root, 'bom.jsonl')
    writeFileSync(file, `\uFEFF{"type":"response.created","sequence_number":0}\n`)
    const parsed = await readInput(file)
    expect(parsed.format).toBe('jsonl')
  })
})
