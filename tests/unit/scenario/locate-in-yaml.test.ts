import { describe, expect, it } from 'vitest'
import { locateInYaml } from '../../../src/scenario/locate-in-yaml.js'

const text = [
  'version: 1', // 1
  'rules:', // 2
  '  - name: greet', // 3
  '    reply:', // 4
  '      text: hello', // 5
  '  - reply: { tool_calls: [ { name: f } ] }', // 6
].join('\n')

describe('locateInYaml', () => {
  it('resolves a map entry to the position of its key', () => {
    const locate = locateInYaml(text)
    expect(locate('/rules/0/reply/text')).toEqual({ line: 5, column: 7 })
    expect(locate('/rules/0/name')).toEqual({ line: 3, column: 5 })
  })

  it('resolves list entries, also in flow style', () => {
    const locate = locateInYaml(text)
    expect(locate('/rules/1')).toEqual({ line: 6, column: 5 })
    expect(locate('/rules/1/reply/tool_calls/0/name')).toEqual({ line: 6, column: 30 })
  })

  it('falls back to the deepest existing node for a key that is missing', () => {
    const locate = locateInYaml(text)
    expect(locate('/rules/0/reply/refusal')).toEqual({ line: 4, column: 5 })
  })

  it('answers the document start for the empty pointer and undefined for a malformed one', () => {
    const locate = locateInYaml(text)
    expect(locate('')).toEqual({ line: 1, column: 1 })
    expect(locate('rules')).toBeUndefined()
  })
})
