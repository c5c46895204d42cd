/**
 * Benchmark fixtures: a protocol-correct Responses stream of 108 events, a ~1.5 KB Responses JSON
 * body, and the cassettes that hold them. Pure data (no I/O); deterministic (seeded), so every
 * run benchmarks the same bytes.
 */

export const MODEL = 'gpt-5.5'
export const DELTA_COUNT = 100
/** created, in_progress, item added, part added, 100 deltas, text done, part done, item done, completed */
export const STREAM_EVENT_COUNT = DELTA_COUNT + 8

const RESPONSE_ID = 'resp_0b8f3c1e2d4a5b6c7d8e9f00112233445566778899aabbcc'
const MESSAGE_ID = 'msg_0b8f3c1e2d4a5b6c7d8e9f0011223344556677889900aabb'
const CREATED_AT = 1763900000

/** A small seeded generator (mulberry32), so fixtures are identical across runs. */
function seededRandom(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = [
  'replay', 'proxy', 'stream', 'cassette', 'event', 'token', 'model', 'request', 'answer', 'record',
  'fast', 'steady', 'exact', 'bytes', 'socket', 'frame', 'turn', 'match', 'order', 'test',
]
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function obfuscation(random) {
  const length = 3 + Math.floor(random() * 12)
  let text = ''
  for (let index = 0; index < length; index++) text += ALPHABET[Math.floor(random() * ALPHABET.length)]
  return text
}

/** The Response object as real traffic shows it (openai-wire-protocol.md §1.7). */
function responseObject({ status, output, usage, completed }) {
  return {
    id: RESPONSE_ID,
    object: 'response',
    created_at: CREATED_AT,
    status,
    background: false,
    completed_at: completed ? CREATED_AT + 2 : null,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    model: MODEL,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    prompt_cache_key: null,
    reasoning: { effort: 'medium', summary: null },
    safety_identifier: null,
    service_tier: 'default',
    store: true,
    temperature: 1.0,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_logprobs: 0,
    top_p: 1.0,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  }
}

function usage(outputTokens) {
  return {
    input_tokens: 24,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 24 + outputTokens,
  }
}

/**
 * The 108 event payloads of one streamed text answer (canonical ordering A), `sequence_number`
 * 0..107, `logprobs: []` and `obfuscation` on every delta, one item id throughout.
 *
 * @example
 * const events = responsesStreamEvents()
 * events.length // 108
 */
export function responsesStreamEvents() {
  const random = seededRandom(108)
  const deltas = []
  for (let index = 0; index < DELTA_COUNT; index++) {
    deltas.push(`${index === 0 ? '' : ' '}${WORDS[Math.floor(random() * WORDS.length)]}`)
  }
  const text = deltas.join('')
  const emptyPart = { type: 'output_text', text: '', annotations: [], logprobs: [] }
  const fullPart = { type: 'output_text', text, annotations: [], logprobs: [] }
  const openItem = { id: MESSAGE_ID, type: 'message', status: 'in_progress', content: [], role: 'assistant' }
  const doneItem = { id: MESSAGE_ID, type: 'message', status: 'completed', content: [fullPart], role: 'assistant' }
  const inProgress = responseObject({ status: 'in_progress', output: [], usage: null, completed: false })
  const events = [
    { type: 'response.created', response: inProgress },
    { type: 'response.in_progress', response: inProgress },
    { type: 'response.output_item.added', output_index: 0, item: openItem },
    { type: 'response.content_part.added', item_id: MESSAGE_ID, output_index: 0, content_index: 0, part: emptyPart },
    ...deltas.map((delta) => ({
      type: 'response.output_text.delta',
      item_id: MESSAGE_ID,
      output_index: 0,
      content_index: 0,
      delta,
      logprobs: [],
      obfuscation: obfuscation(random),
    })),
    { type: 'response.output_text.done', item_id: MESSAGE_ID, output_index: 0, content_index: 0, text, logprobs: [] },
    { type: 'response.content_part.done', item_id: MESSAGE_ID, output_index: 0, content_index: 0, part: fullPart },
    { type: 'response.output_item.done', output_index: 0, item: doneItem },
    {
      type: 'response.completed',
      response: responseObject({ status: 'completed', output: [doneItem], usage: usage(DELTA_COUNT), completed: true }),
    },
  ]
  // `type` first, then `sequence_number`, as real traffic writes them.
  return events.map(({ type, ...rest }, index) => ({ type, sequence_number: index, ...rest }))
}

/**
 * A completed Responses JSON body of about 1.5 KB (one assistant message).
 *
 * @example
 * JSON.stringify(responsesJsonBody()).length // ~1500
 */
export function responsesJsonBody() {
  const random = seededRandom(1500)
  const words = []
  for (let index = 0; index < 62; index++) words.push(WORDS[Math.floor(random() * WORDS.length)])
  const part = { type: 'output_text', text: `${words.join(' ')}.`, annotations: [], logprobs: [] }
  const item = { id: MESSAGE_ID, type: 'message', status: 'completed', content: [part], role: 'assistant' }
  return responseObject({ status: 'completed', output: [item], usage: usage(62), completed: true })
}

/** The request body of W1 (streamed) or W2 (JSON). */
export function responsesRequestBody({ stream, prompt = 'Describe a replay proxy in one hundred words.' }) {
  const body = {
    model: MODEL,
    input: [{ role: 'user', content: [{ type: 'input_text', text: prompt }] }],
    store: true,
  }
  if (stream) body.stream = true
  return body
}

/** The `response.create` frame of W3 (flat form, as every SDK sends it). */
export function responseCreateFrame() {
  const { store, ...rest } = responsesRequestBody({ stream: false })
  return { type: 'response.create', ...rest, store }
}

/**
 * Event offsets: `fast` spreads the 108 events over ~1 s as a real model would (ignored with
 * `timing: instant`); `slow` spreads them over ~54 s so streams stay open (W6).
 */
function offsetOf(index, pace) {
  return pace === 'slow' ? 200 + index * 500 : 300 + index * 8
}

const JSON_HEADERS = { 'content-type': 'application/json' }
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8' }

/** One SSE interaction replaying the 108-event stream. */
export function sseInteraction({ pace = 'fast', prompt } = {}) {
  const events = responsesStreamEvents().map((data, index) => ({
    at: offsetOf(index, pace),
    event: data.type,
    data,
  }))
  return {
    transport: 'sse',
    request: {
      method: 'POST',
      path: '/v1/responses',
      headers: JSON_HEADERS,
      body: responsesRequestBody({ stream: true, prompt }),
    },
    response: { status: 200, headers: SSE_HEADERS, events },
    duration_ms: offsetOf(STREAM_EVENT_COUNT, pace),
  }
}

/** One HTTP interaction replaying the ~1.5 KB JSON body. */
export function jsonInteraction({ prompt, body = responsesJsonBody() } = {}) {
  return {
    transport: 'http',
    request: { method: 'POST', path: '/v1/responses', headers: JSON_HEADERS, body: responsesRequestBody({ stream: false, prompt }) },
    response: { status: 200, headers: JSON_HEADERS, body },
    duration_ms: 900,
  }
}

/** One WebSocket connection with one turn: `response.create` answered by the 108 events. */
export function websocketInteraction({ pace = 'fast' } = {}) {
  const server = responsesStreamEvents().map((data, index) => ({ at: offsetOf(index, pace), data }))
  return {
    transport: 'websocket',
    request: { path: '/v1/responses' },
    turns: [{ client: { at: 0, data: responseCreateFrame() }, server }],
    close: { at: offsetOf(STREAM_EVENT_COUNT, pace) + 50, by: 'client', code: 1000 },
  }
}

/**
 * Wrap interactions in a cassette that lets the same request be replayed forever. The JSON round
 * trip unshares objects, so YAML writers never emit anchors and aliases.
 */
export function cassetteOf(name, interactions) {
  return JSON.parse(JSON.stringify({
    version: 1,
    name,
    meta: { recorded_with: 'tapedeck bench fixtures', created_at: '2026-01-01T00:00:00.000Z' },
    match: { on_exhausted: 'repeat_last' },
    interactions,
  }))
}

/**
 * A cassette of `count` interactions for W5: `count - 1` small JSON exchanges with distinct
 * prompts, then W1's stream last, so a linear scan would pay for every filler.
 *
 * @example
 * scaleCassette(1000).interactions.length // 1000
 */
export function scaleCassette(count) {
  const filler = []
  for (let index = 0; index < count - 1; index++) filler.push(fillerInteraction(index))
  return cassetteOf(`scale-${count}`, [...filler, sseInteraction()])
}

/**
 * A small JSON exchange: only the request differs, so the file stays small. The body is the
 * smallest Response the validator accepts, so loading measures a valid cassette.
 */
function fillerInteraction(index) {
  return {
    transport: 'http',
    request: {
      method: 'POST',
      path: '/v1/responses',
      body: { model: MODEL, input: `Filler question ${index}?` },
    },
    response: {
      status: 200,
      body: {
        id: `resp_filler${index}`,
        object: 'response',
        created_at: CREATED_AT,
        status: 'completed',
        error: null,
        incomplete_details: null,
        instructions: null,
        metadata: {},
        model: MODEL,
        output: [],
        parallel_tool_calls: true,
      },
    },
  }
}
