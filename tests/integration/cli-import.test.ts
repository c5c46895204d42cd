/**
 * `tapedeck import --from vcrpy`: a folder of small vcrpy cassettes becomes one tapedeck
 * cassette per input file (streams split into events), and an imported stream replays to the
 * official SDK with the events of the original recording.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import type { Cassette } from '../../src/cassette/model.js'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { encodeSseEvent } from '../../src/protocol/sse-codec.js'
import { startTapedeck } from '../../src/server/create-server.js'
import { expandReply } from '../../src/synthetic/index.js'
import type { JsonObject } from '../../src/util/json.js'
import { runCli } from './cli-support.js'

let root: string
const streamRequest = { model: 'gpt-5.5', input: 'Spell tapedeck backwards.', stream: true }
// A protocol-correct Responses stream, written once by the generator and stored as vcrpy text.
const streamAnswer = expandReply(
  'responses',
  { text: 'kcedepat', usage: { input_tokens: 9, output_tokens: 4 } },
  { request: streamRequest, seed: 'cli-import', stream: true },
)
const streamEvents =
  streamAnswer.kind === 'stream'
    ? streamAnswer.events.flatMap((event) => ('data' in event ? [event] : []))
    : []
const chatRequest = { model: 'gpt-5.5', messages: [{ role: 'user', content: 'Two plus two?' }] }
const chatBody: JsonObject = {
  id: 'chatcmpl-ImportTest0000000000000000001',
  object: 'chat.completion',
  created: 1764000000,
  model: 'gpt-5.5-2026-08-07',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Four.', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 11, completion_tokens: 2, total_tokens: 13 },
  service_tier: 'default',
  system_fingerprint: null,
}

function vcrpyRequest(uri: string, body: unknown) {
  return {
    body: JSON.stringify(body),
    headers: { Authorization: ['Bearer sk-live-secret'], 'Content-Type': ['application/json'] },
    method: 'POST',
    uri,
  }
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tapedeck-cli-import-'))
  mkdirSync(join(root, 'in', 'nested'), { recursive: true })
  const sseText = streamEvents
    .map((event) =>
      encodeSseEvent({
        at: 0,
        ...(event.event === undefined ? {} : { event: event.event }),
        data: event.data,
      }),
    )
    .join('')
  writeFileSync(
    join(root, 'in', 'test_stream.yaml'),
    stringify({
      interactions: [
        {
          request: { body: '', headers: {}, method: 'GET', uri: 'https://example.com/health' },
          response: {
            body: { string: 'ok' },
            headers: { 'Content-Type': ['text/plain'] },
            status: { code: 200, message: 'OK' },
          },
        },
        {
          request: vcrpyRequest('https://api.openai.com/v1/responses', streamRequest),
          response: {
            body: { string: sseText },
            headers: { 'Content-Type': ['text/event-stream; charset=utf-8'] },
            status: { code: 200, message: 'OK' },
          },
        },
      ],
      version: 1,
    }),
  )
  writeFileSync(
    join(root, 'in', 'nested', 'test_chat.yml'),
    stringify({
      interactions: [
        {
          request: vcrpyRequest('https://api.openai.com/v1/chat/completions', chatRequest),
          response: {
            body: { string: JSON.stringify(chatBody) },
            headers: { 'Content-Type': ['application/json'] },
            status: { code: 200, message: 'OK' },
          },
        },
      ],
      version: 1,
    }),
  )
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

function readOutput(relative: string): Cassette {
  const file = join(root, 'out', relative)
  return parseCassette(readFileSync(file, 'utf8'), file)
}

describe('tapedeck import --from vcrpy', () => {
  it('writes one cassette per input file, keeping the folder layout, streams split into events', async () => {
    const result = await runCli([
      'import',
      '--from',
      'vcrpy',
      '--out',
      join(root, 'out'),
      join(root, 'in'),
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Imported 2 of 2 files (2 interactions)')
    expect(result.stdout).toContain(
      `${join(root, 'in', 'test_stream.yaml')} → ${join(root, 'out', 'test_stream.yaml')} (1 interaction: 1 sse)`,
    )

    const stream = readOutput('test_stream.yaml')
    expect(stream.interactions).toHaveLength(1) // the example.com request is not OpenAI traffic
    const [sse] = stream.interactions
    expect(sse?.transport).toBe('sse')
    if (sse?.transport !== 'sse') return
    expect(sse.request).toMatchObject({
      method: 'POST',
      path: '/v1/responses',
      body: streamRequest,
    })
    expect(JSON.stringify(sse.request.headers ?? {})).not.toContain('sk-live-secret')
    expect(sse.response.events.map((event) => [event.event, event.data])).toEqual(
      streamEvents.map((event) => [event.event, event.data]),
    )

    const chat = readOutput(join('nested', 'test_chat.yaml'))
    expect(chat.interactions).toEqual([
      expect.objectContaining({
        transport: 'http',
        response: expect.objectContaining({ status: 200, body: chatBody }),
      }),
    ])
  })

  it('replays an imported stream and body to the official SDK as recorded', async () => {
    const tapedeck = await startTapedeck({
      cassette: [
        join(root, 'out', 'test_stream.yaml'),
        join(root, 'out', 'nested', 'test_chat.yaml'),
      ],
    })
    try {
      const client = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0 })
      const received: unknown[] = []
      for await (const event of await client.responses.create({ ...streamRequest, stream: true }))
        received.push(event)
      expect(received).toEqual(streamEvents.map((event) => event.data))
      expect(received.at(-1)).toMatchObject({
        type: 'response.completed',
        response: { output: [{ content: [{ text: 'kcedepat' }] }] },
      })

      const completion = await client.chat.completions.create({
        model: 'gpt-5.5',
        messages: [{ role: 'user', content: 'Two plus two?' }],
      })
      expect(completion).toEqual(chatBody)
    } finally {
      await tapedeck.close()
    }
  })

  it('keeps converting after a file fails, and exits 1', async () => {
    const input = join(root, 'mixed')
    mkdirSync(input, { recursive: true })
    writeFileSync(join(input, 'a_broken.yaml'), 'interactions: [\n')
    writeFileSync(join(input, 'b_fine.yaml'), readFileSync(join(root, 'in', 'test_stream.yaml')))
    const result = await runCli([
      'import',
      '--from',
      'vcrpy',
      '--out',
      join(root, 'mixed-out'),
      input,
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `Failed to import "${join(input, 'a_broken.yaml')}": the YAML is invalid at line 2`,
    )
    expect(result.stdout).toContain('Imported 1 of 2 files (1 interaction)')
    expect(existsSync(join(root, 'mixed-out', 'b_fine.yaml'))).toBe(true)
  })

  it('exits 2 without --from, or when nothing is found', async () => {
    const noFormat = await runCli(['import', '--out', join(root, 'x'), join(root, 'in')])
    expect(noFormat.code).toBe(2)
    expect(noFormat.stderr).toContain("required option '--from <format>' not specified")
    const nothing = await runCli([
      'import',
      '--from',
      'vcrpy',
      '--out',
      join(root, 'x'),
      join(root, 'no-such-folder'),
    ])
    expect(nothing.code).toBe(2)
    expect(nothing.stderr).toContain('it does not exist')
  })
})
