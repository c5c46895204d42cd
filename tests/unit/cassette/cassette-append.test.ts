import { describe, expect, it } from 'vitest'
import type { Interaction } from '../../../src/cassette/model.js'
import { appendInteractions, applyAppend, parseCassette, planAppend, stringifyCassette } from '../../../src/cassette/yaml-codec.js'
import { numberedInteraction, sampleCassette } from './sample-cassette.js'

const HAND_EDITED = [
  '# My chat cassette: keep this comment',
  'version: 1',
  'match:',
  '  ignore: [/metadata]   # flow list, hand-written',
  'interactions:',
  '  # the greeting',
  '  - transport: http',
  '    request:',
  '      method: POST',
  '      path: /v1/responses',
  '      body:',
  '        input: hello   # edited by hand',
  '    response:',
  '      status: 200',
  '      body:',
  '        text: |+',
  '          kept trailing lines',
  '',
  '',
  '# end of file comment',
  '',
].join('\n')

describe('cassette append', () => {
  it('adds interactions after the last one and keeps comments and hand edits byte for byte', () => {
    const text = [
      '# My chat cassette: keep this comment',
      'version: 1',
      'interactions:',
      '  # the greeting',
      '  - transport: http',
      '    request:',
      '      method: POST',
      '      path: /v1/responses',
      '      body:',
      '        input: hello   # edited by hand',
      '    response:',
      '      status: 200',
      '# end of file comment',
      '',
    ].join('\n')
    const appended = appendInteractions(text, 'a.yaml', [numberedInteraction(2)])
    const [before, after] = [text.slice(0, text.indexOf('# end')), text.slice(text.indexOf('# end'))]
    expect(appended.startsWith(before)).toBe(true)
    expect(appended.endsWith(after)).toBe(true)
    expect(appended.slice(before.length, appended.length - after.length)).toBe(
      [
        '  - transport: http',
        '    request:',
        '      method: POST',
        '      path: /v1/responses',
        '      body:',
        '        model: gpt-5.5',
        '        input: request 2',
        '    response:',
        '      status: 200',
        '      body:',
        '        id: resp_2',
        '        output_text: answer 2',
        '',
      ].join('\n'),
    )
    expect(parseCassette(appended, 'a.yaml').interactions.map((interaction) => interaction.request.path)).toEqual([
      '/v1/responses',
      '/v1/responses',
    ])
  })

  it('keeps the trailing lines of a keep-chomped block with the interaction they belong to', () => {
    const text = HAND_EDITED.replace('  ignore: [/metadata]   # flow list, hand-written\n', '  ignore:\n    - /metadata\n')
    const appended = appendInteractions(text, 'a.yaml', [numberedInteraction(2)])
    const cassette = parseCassette(appended, 'a.yaml')
    expect(cassette.interactions[0]).toMatchObject({ response: { body: { text: 'kept trailing lines\n\n\n' } } })
    expect(cassette.interactions[1]).toEqual(numberedInteraction(2))
    expect(appended.startsWith(text.slice(0, text.indexOf('# end')))).toBe(true)
  })

  it('matches the indentation of the existing list', () => {
    const text = 'version: 1\ninteractions:\n- transport: http\n  request: {method: GET, path: /v1/models}\n  response: {status: 200}\n'
    const cassette = parseCassette(appendInteractions(text, 'a.yaml', [numberedInteraction(1)]), 'a.yaml')
    expect(cassette.interactions).toHaveLength(2)
    const fourSpaces = 'version: 1\ninteractions:\n    -   transport: http\n        request:\n            method: GET\n            path: /v1/models\n        response:\n            status: 200\n'
    const appended = appendInteractions(fourSpaces, 'a.yaml', [numberedInteraction(1)])
    expect(appended).toContain('\n    - transport: http\n      request:\n')
    expect(parseCassette(appended, 'a.yaml').interactions[1]).toEqual(numberedInteraction(1))
  })

  it('replaces an empty inline list and keeps its comment', () => {
    const text = '# fresh\nversion: 1\ninteractions: [] # nothing yet\n'
    const appended = appendInteractions(text, 'a.yaml', [numberedInteraction(1)])
    expect(appended.startsWith('# fresh\nversion: 1\ninteractions: # nothing yet\n  - transport: http\n')).toBe(true)
    expect(parseCassette(appended, 'a.yaml').interactions).toEqual([numberedInteraction(1)])
  })

  it('adds the interactions key to a file that only has rules', () => {
    const text = 'version: 1\nrules:\n  - reply:\n      text: Hi # greeting\n'
    const appended = appendInteractions(text, 'a.yaml', [numberedInteraction(1)])
    expect(appended.startsWith(text)).toBe(true)
    expect(parseCassette(appended, 'a.yaml')).toEqual({
      version: 1,
      rules: [{ reply: { text: 'Hi' } }],
      interactions: [numberedInteraction(1)],
    })
  })

  it('appends to text the fast reader cannot map through the yaml document, keeping comments', () => {
    const appended = appendInteractions(HAND_EDITED, 'a.yaml', [numberedInteraction(2)])
    expect(appended).toContain('# My chat cassette: keep this comment')
    expect(appended).toContain('# the greeting')
    expect(appended).toContain('# edited by hand')
    const cassette = parseCassette(appended, 'a.yaml')
    expect(cassette.match).toEqual({ ignore: ['/metadata'] })
    expect(cassette.interactions[1]).toEqual(numberedInteraction(2))
  })

  it('keeps CRLF line ends', () => {
    const text = stringifyCassette({ version: 1, interactions: [numberedInteraction(1)] }).replace(/\n/g, '\r\n')
    const appended = appendInteractions(text, 'a.yaml', [numberedInteraction(2)])
    expect(appended.replace(/\r\n/g, '')).not.toContain('\n')
    expect(parseCassette(appended, 'a.yaml').interactions).toEqual([numberedInteraction(1), numberedInteraction(2)])
  })

  it('gives the same text as a full rewrite when appending to what stringify wrote', () => {
    const cassette = sampleCassette()
    const all = cassette.interactions
    let text = stringifyCassette({ ...cassette, interactions: [] })
    let plan = planAppend(text, 'a.yaml')
    for (const interaction of all) ({ text, plan } = applyAppend(text, 'a.yaml', plan, [interaction]))
    expect(text).toBe(stringifyCassette(cassette))
  })

  it('treats keys set to undefined as absent', () => {
    const interaction = { ...numberedInteraction(1), synthetic: undefined, notes: undefined }
    const appended = appendInteractions('version: 1\ninteractions: []\n', 'a.yaml', [interaction])
    expect(parseCassette(appended, 'a.yaml').interactions).toEqual([numberedInteraction(1)])
  })

  it('refuses an invalid interaction and names the problem', () => {
    const broken = { transport: 'http', request: { method: 'POST', path: '/v1/x' }, response: { status: 'ok' } } as unknown as Interaction
    expect(() => appendInteractions('version: 1\ninteractions: []\n', 'a.yaml', [broken])).toThrow(
      expect.objectContaining({ code: 'TAPEDECK_CASSETTE_WRITE', pointer: '/response/status' }),
    )
  })

  it('refuses to append to text that is not a valid cassette', () => {
    expect(() => appendInteractions('version: 3\ninteractions: []\n', 'a.yaml', [numberedInteraction(1)])).toThrow(
      expect.objectContaining({ code: 'TAPEDECK_CASSETTE_VERSION' }),
    )
  })
})
