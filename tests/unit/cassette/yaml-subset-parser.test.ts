import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { emitYaml } from '../../../src/cassette/yaml-emitter.js'
import { locateInYamlSubset, parseYamlSubset } from '../../../src/cassette/yaml-subset-parser.js'
import type { JsonValue } from '../../../src/util/json.js'
import { AWKWARD_STRINGS } from './sample-cassette.js'

/** A small deterministic PRNG (mulberry32), so that the generated cases are the same every run. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomValue(next: () => number, depth: number): JsonValue {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const kind = depth > 3 ? Math.floor(next() * 4) : Math.floor(next() * 7)
  switch (kind) {
    case 0:
      return pick(AWKWARD_STRINGS)
    case 1:
      return pick([0, -0, 1, -7, 3.25, 1e21, 1e-7, 2 ** 53, 0.1 + 0.2])
    case 2:
      return pick([true, false, null])
    case 3:
      return `${pick(AWKWARD_STRINGS)}${pick(['', ' x', '\n', ':'])}`
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1))
    default: {
      const object: Record<string, JsonValue> = {}
      const size = Math.floor(next() * 4)
      for (let index = 0; index < size; index++) object[pick(AWKWARD_STRINGS)] = randomValue(next, depth + 1)
      return object
    }
  }
}

function emit(value: JsonValue): string {
  return emitYaml(value, 0)
}

describe('yaml subset parser', () => {
  it('reads 200 generated documents exactly like the yaml package does', () => {
    const next = random(42)
    let read = 0
    for (let index = 0; index < 200; index++) {
      const value = { root: randomValue(next, 0), list: [randomValue(next, 1), randomValue(next, 1)] }
      const text = emit(value)
      expect(parse(text), text).toEqual(value)
      const fast = parseYamlSubset(text)
      if (fast === undefined) continue
      read++
      expect(fast.value, text).toEqual(value)
    }
    // Only keys over 1024 characters (none here) leave the subset: everything was read fast.
    expect(read).toBe(200)
  })

  it('reads every awkward string as a value, a key and a list item', () => {
    for (const text of AWKWARD_STRINGS) {
      const values: JsonValue[] = [{ value: text }, { [text]: 1 }, { list: [text, text] }, { a: { b: text }, c: 1 }]
      for (const value of values) {
        expect(parseYamlSubset(emit(value))?.value).toEqual(value)
      }
    }
  })

  it('reads hand edits: comments, other indentation, quoted keys, same-column lists', () => {
    const text = [
      '# header comment',
      'version: 1   # trailing comment',
      '',
      'meta:',
      '    "quoted key": \'it\'\'s\'',
      "    'single': \"double \\u00e9\"",
      'interactions:',
      '- transport: http',
      '  # comment inside',
      '  request:',
      '      method: POST',
      '      empty:',
      '  list:',
      '  -   a',
      '  - - nested',
      '    - list',
      '  -',
      '    - under dash',
      '  text: |+',
      '     keep',
      '',
      '  end: ~',
      '',
    ].join('\n')
    expect(parseYamlSubset(text)?.value).toEqual(parse(text))
  })

  it('reads a byte order mark, CRLF line ends and a missing final line break', () => {
    const text = '\ufeffa: 1\r\nb:\r\n  - x\r\n  - |-\r\n    y\r\n    z\r\nc: end'
    expect(parseYamlSubset(text)?.value).toEqual({ a: 1, b: ['x', 'y\nz'], c: 'end' })
  })

  it('gives up on constructs it does not read exactly like the yaml package', () => {
    const outside = [
      'a: &anchor 1\nb: *anchor\n',
      'a: !!str 1\n',
      'a: [1, 2]\n',
      'a: {b: 1}\n',
      'a: >\n  folded\n',
      'a: |2\n   indented\n',
      'a: multi\n  line plain\n',
      'a: "multi\n  line quoted"\n',
      'a: 1\na: 2\n',
      '---\na: 1\n',
      '%YAML 1.2\n---\na: 1\n',
      'a:\tb\n',
      '\ta: 1\n',
      'a: 0x1F\n',
      'a: .inf\n',
      '? a\n: b\n',
      '1: one\n',
      'true: yes\n',
      '__proto__: x\n',
      '<<: x\n',
      'a: "\\x41"\n',
      'a: b: c\n',
      'a: |\n  text\n   \n  more\n',
      'a:\r  b\n',
      'just a scalar\n',
    ]
    for (const text of outside) expect(parseYamlSubset(text), text).toBeUndefined()
  })

  it('reports where top-level values end, for appending', () => {
    const text = 'version: 1\ninteractions:\n  - a: 1\n    b: |+\n      x\n\n# trailing\n'
    expect(parseYamlSubset(text)?.rootEntries).toEqual([
      { key: 'version', keyColumn: 0, end: 11 },
      { key: 'interactions', keyColumn: 0, end: 53, sequenceIndent: 2 },
    ])
    expect(text.slice(53)).toBe('# trailing\n')
    expect(parseYamlSubset('version: 1\ninteractions: [] # none\n')?.rootEntries[1]).toEqual({
      key: 'interactions',
      keyColumn: 0,
      end: 35,
      emptyListAt: 25,
    })
  })

  it('locates keys and values by JSON pointer', () => {
    const text = 'a:\n  - b: 1\n    c:\n      - x\n  - "d/e": ok\n'
    const found = locateInYamlSubset(text, ['/a/0/b', '/a/0/c/0', '/a/1', '/a/1/d~1e', '/missing'])
    expect(found?.get('/a/0/b')).toEqual({ key: { line: 2, column: 5 }, value: { line: 2, column: 8 } })
    expect(found?.get('/a/0/c/0')).toEqual({ key: { line: 4, column: 7 }, value: { line: 4, column: 9 } })
    expect(found?.get('/a/1')).toEqual({ key: { line: 5, column: 3 }, value: { line: 5, column: 5 } })
    expect(found?.get('/a/1/d~1e')).toEqual({ key: { line: 5, column: 5 }, value: { line: 5, column: 12 } })
    expect(found?.get('/missing')).toEqual({})
  })
})
