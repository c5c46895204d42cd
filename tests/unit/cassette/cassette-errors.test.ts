import { describe, expect, it } from 'vitest'
import { parseCassette, stringifyCassette } from '../../../src/cassette/yaml-codec.js'
import { TapedeckError } from '../../../src/errors.js'
import { sampleCassette } from './sample-cassette.js'

function failure(text: string, file = 'a.yaml'): TapedeckError {
  try {
    parseCassette(text, file)
  } catch (error) {
    if (error instanceof TapedeckError) return error
    throw error
  }
  throw new Error('expected parseCassette to fail')
}

const HTTP_HEAD = ['version: 1', 'interactions:', '  - transport: http', '    request:', '      method: POST', '      path: /v1/responses']

describe('cassette errors', () => {
  it('names the file, line and column of a YAML syntax error, with a fix', () => {
    const error = failure([...HTTP_HEAD, '      body: [1, 2', ''].join('\n'))
    expect(error.code).toBe('TAPEDECK_CASSETTE_PARSE')
    expect(error).toMatchObject({ file: 'a.yaml', line: 8, column: 1 })
    expect(error.message).toMatch(/^a\.yaml:8:1: not valid YAML: Flow sequence .*\. Check the indentation .* and that every \[ and \{ is closed\./)
  })

  it('refuses duplicate keys at the second one', () => {
    const error = failure('version: 1\nversion: 1\ninteractions: []\n')
    expect(error).toMatchObject({ code: 'TAPEDECK_CASSETTE_PARSE', line: 2, column: 1 })
    expect(error.message).toContain('Remove or rename one of the two keys.')
  })

  it('names an unknown key with its pointer, position and the closest allowed key', () => {
    const error = failure([...HTTP_HEAD, '      heders:', '        a: b', '    response:', '      status: 200', ''].join('\n'))
    expect(error).toMatchObject({
      code: 'TAPEDECK_CASSETTE_INVALID',
      file: 'a.yaml',
      line: 7,
      column: 7,
      pointer: '/interactions/0/request/heders',
    })
    expect(error.message).toBe(
      'a.yaml:7:7: /interactions/0/request/heders: unknown key "heders". Did you mean "headers"? ' +
        'Allowed keys here: method, path, query, headers, body, body_base64.',
    )
  })

  it('prefers the misspelt key over the missing key it explains', () => {
    const error = failure('version: 1\ninteraction: []\n')
    expect(error).toMatchObject({ pointer: '/interaction', line: 2, column: 1 })
    expect(error.message).toContain('Did you mean "interactions"?')
  })

  it('refuses an unknown version and names the supported ones', () => {
    const error = failure('version: 2\ninteractions: []\n')
    expect(error).toMatchObject({ code: 'TAPEDECK_CASSETTE_VERSION', line: 1, column: 10, pointer: '/version' })
    expect(error.message).toBe(
      'a.yaml:1:10: /version: cassette format version 2 is not supported (supported: 1). ' +
        'Use a tapedeck release that reads version 2, or re-record the cassette with this one.',
    )
  })

  it('refuses a cassette without a version before looking at anything else', () => {
    const error = failure('# recorded by hand\ninteractions:\n  - transport: nope\n')
    expect(error).toMatchObject({ code: 'TAPEDECK_CASSETTE_VERSION', line: 2, column: 1 })
    expect(error.message).toContain('Add "version: 1" at the top of the file.')
  })

  it('explains a value of the wrong type with what was expected and what was found', () => {
    const error = failure([...HTTP_HEAD, '    response:', '      status: ok', ''].join('\n'))
    expect(error).toMatchObject({ code: 'TAPEDECK_CASSETTE_INVALID', line: 8, column: 15, pointer: '/interactions/0/response/status' })
    expect(error.message).toBe(
      'a.yaml:8:15: /interactions/0/response/status: expected an integer HTTP status, got "ok". Fix the value or re-record the cassette.',
    )
  })

  it('tells to quote a header value that YAML read as a number', () => {
    const text = [...HTTP_HEAD, '      headers:', '        retry-after: 10', '    response:', '      status: 429', ''].join('\n')
    const error = failure(text)
    expect(error).toMatchObject({ line: 8, column: 22, pointer: '/interactions/0/request/headers/retry-after' })
    expect(error.message).toContain('got 10. Quote the value')
  })

  it('lists the allowed values of an enumeration', () => {
    const error = failure('version: 1\ninteractions:\n  - transport: htp\n')
    expect(error).toMatchObject({ line: 3, column: 16, pointer: '/interactions/0/transport' })
    expect(error.message).toContain('expected one of "http", "sse", "websocket", got "htp". Did you mean "http"?')
  })

  it('names a missing required key at the object that lacks it', () => {
    const text = ['version: 1', 'interactions:', '  - transport: sse', '    request:', '      method: POST', '      path: /v1/responses', '    response:', '      status: 200', ''].join('\n')
    const error = failure(text)
    expect(error).toMatchObject({ line: 8, column: 7, pointer: '/interactions/0/response' })
    expect(error.message).toContain('missing the required key "events". Add "events"')
  })

  it('reports the first problem in file order', () => {
    const cassette = sampleCassette()
    const text = stringifyCassette(cassette)
      .replace('      status: 200\n      headers:\n        content-type: text/event-stream', '      status: x\n      headers:\n        content-type: text/event-stream')
      .replace('  - transport: websocket', '  - transport: websocket\n    extra: 1')
    const error = failure(text)
    expect(error.pointer).toBe('/interactions/1/response/status')
  })

  it('locates errors in text read by the yaml package too', () => {
    const error = failure('version: 1\ninteractions:\n  - {transport: http, request: {method: POST, path: /v1/x, bdy: 1}, response: {status: 200}}\n')
    expect(error).toMatchObject({ line: 3, column: 60, pointer: '/interactions/0/request/bdy' })
  })

  it('refuses a file that is not a mapping', () => {
    expect(failure('')).toMatchObject({ code: 'TAPEDECK_CASSETTE_INVALID', line: 1, column: 1 })
    expect(failure('- a\n').message).toContain('got a list')
  })
})
