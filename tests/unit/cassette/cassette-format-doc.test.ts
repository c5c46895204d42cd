import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseCassette, stringifyCassette } from '../../../src/cassette/yaml-codec.js'

const doc = readFileSync(new URL('../../../docs/cassette-format.md', import.meta.url), 'utf8')
const examples = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '')

describe('docs/cassette-format.md', () => {
  it('has examples of every transport', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6)
    for (const transport of ['http', 'sse', 'websocket']) {
      expect(examples.some((example) => example.includes(`transport: ${transport}`))).toBe(true)
    }
  })

  it('shows only cassettes that load, and that tapedeck would write the same way', () => {
    for (const example of examples) {
      const cassette = parseCassette(example, 'docs/cassette-format.md')
      const withoutComments = example.replace(/ +#.*$/gm, '').replace(/^#.*\n/gm, '')
      expect(stringifyCassette(cassette).replace(/^#.*\n/, ''), example).toBe(withoutComments)
    }
  })
})
