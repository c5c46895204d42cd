import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { parseCassette, stringifyCassette } from '../../../src/cassette/yaml-codec.js'
import type { Cassette, SseInteraction } from '../../../src/cassette/model.js'
import { parseYamlSubset } from '../../../src/cassette/yaml-subset-parser.js'
import { numberedInteraction, sampleCassette } from './sample-cassette.js'

describe('yaml codec', () => {
  it('parses what it writes back to an equal cassette', () => {
    const cassette = sampleCassette()
    expect(parseCassette(stringifyCassette(cassette), 'sample.yaml')).toEqual(cassette)
  })

  it('rewrites an unchanged cassette to identical bytes', () => {
    const text = stringifyCassette(sampleCassette())
    expect(stringifyCassette(parseCassette(text, 'sample.yaml'))).toBe(text)
  })

  it('writes text that the yaml package reads as the same data', () => {
    const cassette = sampleCassette()
    expect(parse(stringifyCassette(cassette))).toEqual(cassette)
  })

  it('writes text entirely inside the fast reader subset, except keys too long for YAML implicit keys', () => {
    const cassette = sampleCassette()
    expect(parseYamlSubset(stringifyCassette(cassette))).toBeUndefined()
    const body = (cassette.interactions[0] as { response: { body: Record<string, unknown> } }).response.body
    delete body['x'.repeat(1100)]
    const text = stringifyCassette(cassette)
    expect(parseYamlSubset(text)?.value).toEqual(parse(text))
  })

  it('writes a key longer than 1024 characters as an explicit key', () => {
    const key = 'k'.repeat(1100)
    const cassette: Cassette = { version: 1, meta: { [key]: 'long' }, interactions: [] }
    const text = stringifyCassette(cassette)
    expect(text).toContain(`  ? ${key}\n  : long\n`)
    expect(parseCassette(text, 'long.yaml')).toEqual(cassette)
  })

  it('starts with a comment naming the format and its documentation', () => {
    const text = stringifyCassette({ version: 1, interactions: [] })
    expect(text).toBe('# tapedeck cassette (format v1): see docs/cassette-format.md\nversion: 1\ninteractions: []\n')
  })

  it('writes JSON bodies as YAML mappings and one event per list item', () => {
    const cassette: Cassette = { version: 1, interactions: [sampleCassette().interactions[1] as SseInteraction] }
    const text = stringifyCassette(cassette)
    expect(text).toContain(
      [
        '      body:',
        '        model: gpt-5.5',
        '        input: Write a haiku',
        '        stream: true',
      ].join('\n'),
    )
    expect(text).toContain(
      [
        '        - at: 180',
        '          event: response.output_text.delta',
        '          data:',
        '            type: response.output_text.delta',
        '            sequence_number: 1',
      ].join('\n'),
    )
    expect(text).not.toContain('{"')
  })

  it('writes multi-line text as a literal block', () => {
    const text = stringifyCassette(sampleCassette())
    expect(text).toContain(
      ['            delta: |-', '              An old silent pond', '              A frog jumps into the pond'].join('\n'),
    )
  })

  it('puts tapedeck keys in canonical order whatever order they were built in', () => {
    const shuffled = {
      interactions: [
        {
          response: { body: { z: 1, a: 2 }, status: 201 },
          request: { body: { zeta: 1, beta: 2 }, path: '/v1/files', method: 'POST' },
          transport: 'http',
        },
      ],
      version: 1,
    } as unknown as Cassette
    const text = stringifyCassette(shuffled)
    expect(text.split('\n').slice(1)).toEqual([
      'version: 1',
      'interactions:',
      '  - transport: http',
      '    request:',
      '      method: POST',
      '      path: /v1/files',
      '      body:',
      '        zeta: 1',
      '        beta: 2',
      '    response:',
      '      status: 201',
      '      body:',
      '        z: 1',
      '        a: 2',
      '',
    ])
  })

  it('keeps the recorded key order inside payloads', () => {
    const cassette = sampleCassette()
    const back = parseCassette(stringifyCassette(cassette), 'sample.yaml')
    const body = (back.interactions[0] as unknown as { request: { body: { metadata: object } } }).request.body
    expect(Object.keys(body)).toEqual(['model', 'input', 'metadata', 'temperature', 'max_output_tokens', 'store', 'tools', 'text', 'previous_response_id'])
    expect(Object.keys(body.metadata)).toEqual(['b_second', 'a_first'])
  })

  it('writes header names sorted so that re-recording does not churn', () => {
    const text = stringifyCassette(sampleCassette())
    expect(text).toContain('      headers:\n        content-type: application/json\n        x-request-id: req_123\n')
  })

  it('quotes strings that would read back as numbers, booleans or null', () => {
    const cassette: Cassette = {
      version: 1,
      interactions: [
        {
          transport: 'http',
          request: { method: 'GET', path: '/v1/models', headers: { 'x-count': '10', 'x-flag': 'true', 'x-none': 'null' } },
          response: { status: 200, body: { '200': 'numeric key', id: '007', ok: 'yes' } },
        },
      ],
    }
    const text = stringifyCassette(cassette)
    expect(text).toContain('x-count: "10"')
    expect(text).toContain('x-flag: "true"')
    expect(text).toContain('"200": numeric key')
    expect(text).toContain('id: "007"')
    expect(text).toContain('ok: "yes"')
    expect(parseCassette(text, 'a.yaml')).toEqual(cassette)
  })

  it('leaves out keys whose value is undefined', () => {
    const interaction = { ...numberedInteraction(1), synthetic: undefined }
    const text = stringifyCassette({ version: 1, interactions: [interaction] })
    expect(text).not.toContain('synthetic')
  })

  it('reads a cassette with only rules and gives it an empty interaction list', () => {
    const text = 'version: 1\nrules:\n  - reply:\n      text: Hello\n'
    expect(parseCassette(text, 'rules.yaml')).toEqual({ version: 1, rules: [{ reply: { text: 'Hello' } }], interactions: [] })
  })

  it('reads hand-written YAML outside the fast subset through the yaml package', () => {
    const text = [
      'version: 1',
      'interactions:',
      '  - transport: http',
      '    request: &request {method: POST, path: /v1/responses, body: {model: gpt-5.5}}',
      '    response:',
      '      status: 200',
      '      body: >-',
      '        folded',
      '        text',
      '  - transport: http',
      '    request: *request',
      '    response: {status: 0x1F4}',
      '',
    ].join('\n')
    expect(parseYamlSubset(text)).toBeUndefined()
    const cassette = parseCassette(text, 'hand.yaml')
    expect(cassette.interactions[0]).toEqual({
      transport: 'http',
      request: { method: 'POST', path: '/v1/responses', body: { model: 'gpt-5.5' } },
      response: { status: 200, body: 'folded text' },
    })
    expect(cassette.interactions[1]).toMatchObject({ response: { status: 500 } })
  })

  it('reads CRLF line ends like LF ones', () => {
    const text = stringifyCassette(sampleCassette())
    expect(parseCassette(text.replace(/\n/g, '\r\n'), 'crlf.yaml')).toEqual(parseCassette(text, 'lf.yaml'))
  })
})
