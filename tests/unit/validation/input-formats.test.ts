import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { isTapedeckError } from '../../../src/errors.js'
import { parseValidationInput } from '../../../src/validation/index.js'
import { fixturePath } from './fixture-streams.js'

const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8')

function readError(run: () => unknown): { code: string; message: string; line?: number } {
  try {
    run()
  } catch (error) {
    if (isTapedeckError(error)) return error
    throw error
  }
  throw new Error('expected an error')
}

describe('parseValidationInput', () => {
  it('reads raw SSE text as one stream, inferring the Responses path from its events', () => {
    const parsed = parseValidationInput(fixture('responses-text.sse'), 'recordings/text.sse')
    expect(parsed.format).toBe('sse')
    expect(parsed.targets).toHaveLength(1)
    expect(parsed.targets[0]).toMatchObject({ label: 'recordings/text.sse', interaction: { transport: 'sse', request: { path: '/v1/responses' } } })
  })

  it('reads chat SSE and JSON lines as Chat Completions streams, keeping [DONE]', () => {
    const sse = parseValidationInput(fixture('chat-tool-calls.sse'), 'chat.txt')
    expect(sse.targets[0]?.interaction).toMatchObject({ request: { path: '/v1/chat/completions' } })
    const lines = parseValidationInput(fixture('chat-tool-calls.jsonl'), 'chat.jsonl')
    expect(lines.format).toBe('jsonl')
    const interaction = lines.targets[0]?.interaction
    expect(interaction?.transport === 'sse' && interaction.response.events.at(-1)).toEqual({ at: 0, raw_data: '[DONE]' })
  })

  it('sniffs JSON lines and SSE in files without a known extension', () => {
    expect(parseValidationInput(fixture('responses-text.jsonl'), 'stream').format).toBe('jsonl')
    expect(parseValidationInput(fixture('responses-text.sse'), 'stream').format).toBe('sse')
  })

  it('marks SSE text that ends inside a message as truncated', () => {
    const text = fixture('responses-text.sse')
    const parsed = parseValidationInput(text.slice(0, text.length - 40), 'cut.sse')
    expect(parsed.targets[0]?.interaction).toMatchObject({ response: { truncated: true } })
  })

  it('reads JSON bodies, JSON arrays of events and vcrpy cassettes written as JSON', () => {
    const body = parseValidationInput(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [] }), 'body.json')
    expect(body).toMatchObject({ format: 'json-body', targets: [{ interaction: { transport: 'http', request: { path: '/v1/chat/completions' } } }] })
    const error = parseValidationInput(JSON.stringify({ error: { message: 'x', type: 'invalid_request_error', param: null, code: null } }), 'e.json')
    expect(error.targets[0]?.interaction).toMatchObject({ response: { status: 400 } })
    const array = parseValidationInput(`[${fixture('responses-text.jsonl').trim().split('\n').join(',')}]`, 'events.json')
    expect(array.format).toBe('json-events')
    const vcrpy = { interactions: [{ request: { method: 'POST', uri: 'https://api.openai.com/v1/responses', parsed_body: {} }, response: { status: { code: 200 }, parsed_body: { id: 'resp_1' } } }] }
    expect(parseValidationInput(JSON.stringify(vcrpy), 'v.json')).toMatchObject({ format: 'vcrpy', targets: [{ label: 'v.json#interaction[0]' }] })
  })

  it('labels vcrpy interactions with their index in the original file', () => {
    const yaml = `interactions:
- request: {method: GET, uri: 'https://example.com/'}
  response: {status: {code: 200}, body: {string: ''}}
- request: {method: POST, uri: 'https://api.openai.com/v1/responses', parsed_body: {}}
  response: {status: {code: 200}, parsed_body: {id: resp_1}}
`
    expect(parseValidationInput(yaml, 'c.yaml').targets.map((target) => target.label)).toEqual(['c.yaml#interaction[1]'])
  })

  it('reads YAML written in tapedeck\'s own block style and in flow style alike', () => {
    // Block style is read by the fast cassette reader, flow style by the `yaml` package.
    const block = `interactions:
  - request:
      method: POST
      uri: https://api.openai.com/v1/responses
      parsed_body: {}
    response:
      status:
        code: 200
      parsed_body:
        id: resp_1
`
    const flow = `interactions:
- request: {method: POST, uri: 'https://api.openai.com/v1/responses', parsed_body: {}}
  response: {status: {code: 200}, parsed_body: {id: resp_1}}
`
    const fromBlock = parseValidationInput(block, 'block.yaml')
    expect(fromBlock).toMatchObject({ format: 'vcrpy', targets: [{ label: 'block.yaml#interaction[0]' }] })
    expect(fromBlock.targets[0]?.interaction).toEqual(parseValidationInput(flow, 'flow.yaml').targets[0]?.interaction)
    const cassette = 'version: 1\ninteractions:\n  - transport: http\n    request:\n      method: GET\n      path: /v1/models\n    response:\n      status: 200\n'
    expect(parseValidationInput(cassette, 'c.yml')).toMatchObject({ format: 'cassette', targets: [{ label: 'c.yml#interaction[0]' }] })
  })

  it('gives a clear error, with the line, for truncated JSON, bad JSON lines and text of no known format', () => {
    const truncated = readError(() => parseValidationInput('{"id": "resp_1", "object":', 'cut.json'))
    expect(truncated).toMatchObject({ code: 'TAPEDECK_INPUT_UNREADABLE' })
    expect(truncated.message).toMatch(/^Failed to read "cut.json": it is not valid JSON/)

    const lines = readError(() => parseValidationInput('{"type":"response.created"}\n{"type":\n', 'e.jsonl'))
    expect(lines).toMatchObject({ code: 'TAPEDECK_INPUT_UNREADABLE', line: 2 })

    const prose = readError(() => parseValidationInput('Dear diary, today the tide turned.\n', 'notes.txt'))
    expect(prose.message).toContain('it is not a cassette')
    expect(readError(() => parseValidationInput('', 'empty.sse')).message).toContain('no SSE events')
    expect(readError(() => parseValidationInput('a: [1,\n', 'bad.yaml')).message).toMatch(/not valid YAML \(line \d+/)
  })
})
