import { describe, expect, it } from 'vitest'
import type { HttpInteraction, Interaction, SseInteraction, WebSocketInteraction } from '../../../src/cassette/model.js'
import { createRedactor } from '../../../src/record/redact.js'
import type { JsonObject } from '../../../src/util/json.js'

const LEAK = 'sk-tapedeck-LEAKCHECK-0123456789abcdef'

function leakyInteractions(): Interaction[] {
  const http: HttpInteraction = {
    transport: 'http',
    notes: [`seen ${LEAK}`],
    request: {
      method: 'POST',
      path: '/v1/responses',
      query: { api_key: LEAK, note: `x ${LEAK}` },
      headers: { authorization: `Bearer ${LEAK}`, 'x-custom': LEAK, 'content-type': 'application/json' },
      body: { input: [{ role: 'user', content: [{ type: 'input_text', text: `key=${LEAK}` }] }], nested: [[LEAK]] },
    },
    response: {
      status: 200,
      headers: { 'set-cookie': `session=${LEAK}`, 'x-echo': `Bearer ${LEAK}` },
      body: { output: [{ content: [{ text: LEAK }] }], tools: [{ type: 'mcp', authorization: 'opaque-oauth-token' }] },
    },
  }
  const binary: HttpInteraction = {
    transport: 'http',
    request: {
      method: 'POST',
      path: '/v1/files',
      body_base64: Buffer.concat([Buffer.from([0xff, 0x00]), Buffer.from(LEAK)]).toString('base64'),
    },
    response: { status: 200, body_base64: Buffer.from(`text ${LEAK} end`).toString('base64') },
  }
  const sse: SseInteraction = {
    transport: 'sse',
    request: { method: 'POST', path: '/v1/chat/completions', body: { messages: [{ role: 'user', content: LEAK }] } },
    response: {
      status: 200,
      events: [
        { at: 1, comment: `ping ${LEAK}` },
        { at: 2, data: { choices: [{ index: 0, delta: { content: `here: ${LEAK}` } }] } },
        { at: 3, raw_data: `not json ${LEAK}` },
      ],
    },
  }
  const ws: WebSocketInteraction = {
    transport: 'websocket',
    request: { path: '/v1/responses', headers: { authorization: `Bearer ${LEAK}` } },
    preamble: [{ at: 0, raw: LEAK }],
    turns: [
      {
        client: { at: 1, data: { type: 'response.create', input: LEAK } },
        server: [{ at: 2, data: { type: 'response.output_text.delta', delta: LEAK } }, { at: 3, raw: `Bearer ${LEAK}` }],
      },
    ],
    close: { at: 4, by: 'client', code: 1000, reason: LEAK },
  }
  return [http, binary, sse, ws]
}

describe('createRedactor defaults', () => {
  it('leaves the distinctive key nowhere, in any place a key can travel', () => {
    const redactor = createRedactor()
    for (const interaction of leakyInteractions()) {
      const redacted = redactor.redactInteraction(interaction)
      const text = JSON.stringify(redacted)
      expect(text).not.toContain('LEAKCHECK')
      if (redacted.transport === 'http' && redacted.request.body_base64 !== undefined) {
        expect(Buffer.from(redacted.request.body_base64, 'base64').toString('latin1')).not.toContain('LEAKCHECK')
      }
      if (redacted.transport === 'http' && redacted.response.body_base64 !== undefined) {
        expect(Buffer.from(redacted.response.body_base64, 'base64').toString('utf8')).toBe('text <redacted:openai-key> end')
      }
    }
  })

  it('replaces credential headers and keeps the rest readable', () => {
    const [http] = leakyInteractions()
    const redacted = createRedactor().redactInteraction(http as HttpInteraction)
    expect(redacted.request.headers).toEqual({
      authorization: '<redacted>',
      'x-custom': '<redacted:openai-key>',
      'content-type': 'application/json',
    })
    expect(redacted.request.query).toEqual({ api_key: '<redacted>', note: 'x <redacted:openai-key>' })
    expect(redacted.response.headers).toEqual({ 'set-cookie': '<redacted>', 'x-echo': 'Bearer <redacted:openai-key>' })
    expect(redacted.response.body).toEqual({
      output: [{ content: [{ text: '<redacted:openai-key>' }] }],
      tools: [{ type: 'mcp', authorization: '<redacted>' }],
    })
  })

  it('keeps the bytes around a secret in a binary body', () => {
    const [, binary] = leakyInteractions()
    const redacted = createRedactor().redactInteraction(binary as HttpInteraction)
    const bytes = Buffer.from(redacted.request.body_base64 ?? '', 'base64')
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0x00])
    expect(bytes.subarray(2).toString('latin1')).toBe('<redacted:openai-key>')
  })

  it('does not mutate its input and is idempotent', () => {
    const redactor = createRedactor()
    const [http] = leakyInteractions()
    const before = JSON.stringify(http)
    const once = redactor.redactInteraction(http as HttpInteraction)
    expect(JSON.stringify(http)).toBe(before)
    expect(redactor.redactInteraction(once)).toEqual(once)
  })

  it('redacts bearer tokens that are not sk- keys, without eating JSON quotes', () => {
    const redactor = createRedactor()
    expect(redactor.redactText('{"h":"Bearer eyJhbGciOi.abc-def"}')).toBe('{"h":"Bearer <redacted>"}')
    expect(redactor.redactText('bearer abc123')).toBe('bearer <redacted>')
    expect(redactor.redactText('no secrets, sk-short')).toBe('no secrets, sk-short')
  })
})

describe('user options', () => {
  it('adds header names, member names, JSON pointers and patterns', () => {
    const redactor = createRedactor({
      headers: ['X-Tenant'],
      keys: ['ssn'],
      pointers: ['/metadata/user', '/input/*/secret'],
      patterns: ['acct_[0-9]+', /Card \d{4}/i],
    })
    expect(redactor.redactHeaders({ 'x-tenant': 't1', other: 'acct_42' })).toEqual({
      'x-tenant': '<redacted>',
      other: '<redacted>',
    })
    expect(
      redactor.redactJson({
        metadata: { user: { name: 'Ada' }, keep: 'card 1234' },
        input: [{ secret: 1 }, { secret: 'x', ok: true }],
        ssn: '123-45-6789',
      }),
    ).toEqual({
      metadata: { user: '<redacted>', keep: '<redacted>' },
      input: [{ secret: '<redacted>' }, { secret: '<redacted>', ok: true }],
      ssn: '<redacted>',
    })
  })

  it('rejects a bad pointer or pattern with an options error', () => {
    expect(() => createRedactor({ pointers: ['metadata'] })).toThrow(
      expect.objectContaining({ code: 'TAPEDECK_OPTIONS_INVALID', message: expect.stringContaining('"metadata"') }),
    )
    expect(() => createRedactor({ patterns: ['(unclosed'] })).toThrow(
      expect.objectContaining({ code: 'TAPEDECK_OPTIONS_INVALID' }),
    )
  })

  it('drops the built-in rules with disableDefaults', () => {
    const redactor = createRedactor({ disableDefaults: true, patterns: ['secret'] })
    expect(redactor.redactHeaders({ authorization: 'Bearer x' })).toEqual({ authorization: 'Bearer x' })
    expect(redactor.redactText(`${LEAK} secret`)).toBe(`${LEAK} <redacted>`)
  })

  it('applies pointers to request bodies, SSE data and WebSocket frames alike', () => {
    const redactor = createRedactor({ pointers: ['/user'] })
    const sse = redactor.redactInteraction<SseInteraction>({
      transport: 'sse',
      request: { method: 'POST', path: '/v1/responses', body: { user: 'ada' } },
      response: { status: 200, events: [{ at: 0, data: { user: 'ada', type: 'x' } }] },
    })
    expect(sse.request.body).toEqual({ user: '<redacted>' })
    expect(sse.response.events[0]?.data).toEqual({ user: '<redacted>', type: 'x' })
  })
})

describe('secrets split across stream deltas', () => {
  const textDelta = (delta: string) => ({
    type: 'response.output_text.delta',
    item_id: 'msg_1',
    output_index: 0,
    content_index: 0,
    delta,
  })

  it('redacts a key streamed in pieces, consistently with the done text', () => {
    const pieces = ['my key is sk-tape', 'deck-LEAK', 'CHECK-0123456789abcdef', ' ok']
    const full = pieces.join('')
    const interaction: SseInteraction = {
      transport: 'sse',
      request: { method: 'POST', path: '/v1/responses' },
      response: {
        status: 200,
        events: [
          ...pieces.map((piece, index) => ({ at: index, event: 'response.output_text.delta', data: textDelta(piece) })),
          { at: 9, event: 'response.output_text.done', data: { type: 'response.output_text.done', text: full } },
        ],
      },
    }
    const redacted = createRedactor().redactInteraction(interaction)
    const deltas = redacted.response.events.slice(0, 4).map((event) => (event.data as { delta: string }).delta)
    expect(deltas).toEqual(['my key is <redacted:openai-key>', '', '', ' ok'])
    expect(deltas.join('')).toBe((redacted.response.events[4]?.data as { text: string }).text)
    expect(JSON.stringify(redacted)).not.toContain('LEAK')
  })

  it('stitches chat content and tool-call arguments per choice and per tool index', () => {
    const chunk = (delta: JsonObject): JsonObject => ({ id: 'chatcmpl-1', choices: [{ index: 0, delta }] })
    const interaction: SseInteraction = {
      transport: 'sse',
      request: { method: 'POST', path: '/v1/chat/completions' },
      response: {
        status: 200,
        events: [
          { at: 0, data: chunk({ content: 'Bearer abc' }) },
          { at: 1, data: chunk({ tool_calls: [{ index: 0, function: { arguments: '{"k":"sk-1234' } }] }) },
          { at: 2, data: chunk({ content: 'def!' }) },
          { at: 3, data: chunk({ tool_calls: [{ index: 0, function: { arguments: '5678"}' } }] }) },
        ],
      },
    }
    const events = createRedactor().redactInteraction(interaction).response.events
    expect(events.map((event) => event.data)).toEqual([
      chunk({ content: 'Bearer <redacted>' }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"k":"<redacted:openai-key>' } }] }),
      chunk({ content: '!' }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"}' } }] }),
    ])
  })

  it('stitches deltas across the server frames of a WebSocket connection', () => {
    const interaction: WebSocketInteraction = {
      transport: 'websocket',
      request: { path: '/v1/responses' },
      turns: [
        {
          client: { at: 0, data: { type: 'response.create' } },
          server: [
            { at: 1, data: textDelta('sk-abcd') },
            { at: 2, data: textDelta('efgh1234') },
          ],
        },
      ],
    }
    const frames = createRedactor().redactInteraction(interaction).turns[0]?.server ?? []
    expect(frames.map((frame) => (frame.data as { delta: string }).delta)).toEqual(['<redacted:openai-key>', ''])
  })
})
