/**
 * A cassette with one interaction of each kind (HTTP, Responses SSE, Chat SSE, WebSocket with
 * two turns), and payload values chosen to be awkward for YAML.
 */
import type { Cassette, HttpInteraction, Interaction, SseInteraction } from '../../../src/cassette/model.js'

/** Strings YAML would misread if written carelessly. */
export const AWKWARD_STRINGS = [
  '',
  ' ',
  '123',
  '-1.5e3',
  '0x1F',
  '0o17',
  '.inf',
  '.NaN',
  'true',
  'False',
  'yes',
  'no',
  'null',
  '~',
  'a: b',
  'a #b',
  'a#b',
  'ends with colon:',
  '- dash',
  '-dash',
  '? question',
  ': colon',
  '[DONE]',
  '{x}',
  '*alias',
  '&anchor',
  '!tag',
  '%directive',
  '@at',
  '`tick`',
  '|pipe',
  '>fold',
  "'single'",
  '"double"',
  ' leading space',
  'trailing space ',
  'tab\there',
  '\ttab first',
  'line one\nline two',
  'line one\nline two\n',
  'two trailing\n\n',
  'three trailing\n\n\n',
  '\nleading newline',
  '  indented first line\nsecond',
  'blank line inside\n\nafter',
  'spaces-only line\n   \nafter',
  'crlf\r\nline',
  'just newline\n',
  '\n',
  'unicode: héllo wörld ✓',
  'emoji 🎉 party',
  'nbsp\u00a0inside',
  '\u00a0nbsp first',
  'trailing nbsp\u00a0',
  'ideographic\u3000space\u3000',
  'zero\u200bwidth',
  'x:y',
  'url: http://example.com',
  'a -b',
  '- ',
  '#',
  '1_000',
  '0b101',
  '+1',
  '1.',
  '.5',
  '1e3',
  '12:30',
  '2026-08-20',
  'line separator\u2028here',
  'bom\ufeffinside',
  'nel\u0085here',
  'del\u007fhere',
  'bell\u0007here',
  'lone \ud800 surrogate',
  '# looks like a comment',
  'code:\n  if (x) {\n\treturn 1\n  }\n',
  '---',
  '...',
  '--- document marker\nnext',
  '<<',
  'key: value # comment\nline: two',
]

function awkwardObject(): Record<string, string> {
  const object: Record<string, string> = {}
  AWKWARD_STRINGS.forEach((text, index) => {
    object[`k${index}`] = text
  })
  return object
}

const httpInteraction: HttpInteraction = {
  transport: 'http',
  recorded_at: '2026-08-20T10:00:00.000Z',
  duration_ms: 412,
  request: {
    method: 'POST',
    path: '/v1/responses',
    headers: { 'content-type': 'application/json', 'openai-beta': 'responses=v1' },
    body: {
      model: 'gpt-5.5',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Say "hi": please' }] }],
      metadata: { b_second: '2', a_first: '1' },
      temperature: 0.7,
      max_output_tokens: 1024,
      store: false,
      tools: [],
      text: {},
      previous_response_id: null,
    },
  },
  response: {
    status: 200,
    headers: { 'x-request-id': 'req_123', 'content-type': 'application/json' },
    body: {
      id: 'resp_1',
      object: 'response',
      created_at: 1763900000,
      status: 'completed',
      output: [
        {
          type: 'message',
          id: 'msg_1',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hi!\nHow can I help?', annotations: [], logprobs: [] }],
        },
      ],
      usage: { input_tokens: 12, output_tokens: 7, total_tokens: 19 },
      awkward: awkwardObject(),
      awkward_list: AWKWARD_STRINGS,
      numbers: [0, -0, 1.5, -2, 1e21, 5e-324, 123456789012, 0.1],
      nested: [[1, [2, []]], {}, [{}], { deep: { deeper: { deepest: [null, true, false] } } }],
      '': 'empty key',
      '123': 'numeric key',
      'true': 'boolean key',
      'a: b': 'key with colon',
      ' spaced': 'key with leading space',
      'multi\nline': 'key with newline',
      ['x'.repeat(1100)]: 'very long key',
    },
  },
}

const responsesStream: SseInteraction = {
  transport: 'sse',
  recorded_at: '2026-08-20T10:00:01.000Z',
  duration_ms: 950,
  notes: ['validator: response.output_text.done has no logprobs'],
  request: {
    method: 'POST',
    path: '/v1/responses',
    query: { 'api-version': '2026-01-01' },
    body: { model: 'gpt-5.5', input: 'Write a haiku', stream: true },
  },
  response: {
    status: 200,
    headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    events: [
      {
        at: 120,
        event: 'response.created',
        data: { type: 'response.created', sequence_number: 0, response: { id: 'resp_2', status: 'in_progress' } },
      },
      {
        at: 180,
        event: 'response.output_text.delta',
        data: {
          type: 'response.output_text.delta',
          sequence_number: 1,
          item_id: 'msg_2',
          output_index: 0,
          content_index: 0,
          delta: 'An old silent pond\nA frog jumps into the pond',
          logprobs: [],
          obfuscation: 'q3Zk9',
        },
      },
      { at: 200, comment: 'keep-alive' },
      {
        at: 240.5,
        event: 'response.completed',
        id: 'evt_3',
        data: { type: 'response.completed', sequence_number: 2, response: { id: 'resp_2', status: 'completed' } },
      },
    ],
  },
}

const chatStream: SseInteraction = {
  transport: 'sse',
  synthetic: true,
  request: { method: 'POST', path: '/v1/chat/completions', body: { model: 'gpt-5.5', stream: true, messages: [] } },
  response: {
    status: 200,
    truncated: true,
    events: [
      {
        at: 5,
        data: {
          id: 'chatcmpl-1',
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
        },
      },
      { at: 9, raw_data: '[DONE]' },
    ],
  },
}

const websocket: Interaction = {
  transport: 'websocket',
  recorded_at: '2026-08-20T10:00:02.000Z',
  request: { path: '/v1/responses', headers: { 'openai-beta': 'responses_websockets=2026-02-06' } },
  preamble: [{ at: 1, raw: 'hello frame' }],
  turns: [
    {
      client: { at: 10, data: { type: 'response.create', model: 'gpt-5.5', input: 'first' } },
      server: [
        { at: 60, data: { type: 'response.created', sequence_number: 0 } },
        { at: 90, data: { type: 'response.completed', sequence_number: 1 } },
      ],
    },
    {
      client: { at: 200, data: { type: 'response.create', previous_response_id: 'resp_9', input: 'second' } },
      server: [{ at: 260, data: null }],
    },
  ],
  close: { at: 300, by: 'client', code: 1000, reason: 'OK' },
}

/** A fresh copy of the sample cassette. */
export function sampleCassette(): Cassette {
  return structuredClone({
    version: 1,
    name: 'sample',
    meta: { recorded_with: 'tapedeck 0.1.0', created_at: '2026-08-20T10:00:00.000Z', custom: { z: 1, a: 2 } },
    match: { ignore: ['/metadata', '/user'], on_exhausted: 'repeat_last' },
    interactions: [httpInteraction, responsesStream, chatStream, websocket],
  } satisfies Cassette)
}

/** A small valid HTTP interaction whose body names its number. */
export function numberedInteraction(number: number): HttpInteraction {
  return {
    transport: 'http',
    request: { method: 'POST', path: '/v1/responses', body: { model: 'gpt-5.5', input: `request ${number}` } },
    response: { status: 200, body: { id: `resp_${number}`, output_text: `answer ${number}` } },
  }
}
