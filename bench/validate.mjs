// Throughput of the Responses stream validator (`npm run bench:validate`, after `npm run build`).
//
// Builds a ~100k-event workload in memory by repeating a realistic stream (lifecycle events,
// a reasoning item with summary deltas, a message with text deltas, a function call with
// argument deltas), then validates every stream and reports events/s, the median of 5 runs, for
// the wire and strict profiles. The target is 200,000 events/s on one core (500,000 wanted).
import { validateResponsesEvents } from '../dist/validation/index.js'

const TARGET_EVENTS = 100_000
const RUNS = 5

function hex(seed, length) {
  let text = ''
  let value = seed
  while (text.length < length) {
    value = (value * 1103515245 + 12345) % 2147483648
    text += value.toString(16)
  }
  return text.slice(0, length)
}

function responseObject(id, status, output, usage) {
  return {
    id, object: 'response', created_at: 1763900000, status, background: false, error: null,
    incomplete_details: null, instructions: 'You are a helpful assistant.', max_output_tokens: null,
    max_tool_calls: null, model: 'gpt-5.5-2026-08-01', output, parallel_tool_calls: true,
    previous_response_id: null, prompt_cache_key: null, reasoning: { effort: 'medium', summary: 'auto' },
    safety_identifier: null, service_tier: 'default', store: true, temperature: 1, text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [{ type: 'function', name: 'get_weather', description: 'Current weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false }, strict: true }],
    top_logprobs: 0, top_p: 1, truncation: 'disabled', usage, metadata: {},
  }
}

/** One realistic stream of about 330 events, numbered from 0. */
function buildStream(seed) {
  const id = `resp_${hex(seed, 48)}`
  const reasoningId = `rs_${hex(seed + 1, 48)}`
  const messageId = `msg_${hex(seed + 2, 48)}`
  const callId = `fc_${hex(seed + 3, 48)}`
  const events = []
  const push = (event) => events.push({ ...event, sequence_number: events.length })
  const words = 'The weather in Paris is mild today with light winds from the west and a chance of rain later'.split(' ')

  push({ type: 'response.created', response: responseObject(id, 'in_progress', [], null) })
  push({ type: 'response.in_progress', response: responseObject(id, 'in_progress', [], null) })

  push({ type: 'response.output_item.added', output_index: 0, item: { id: reasoningId, type: 'reasoning', summary: [] } })
  push({ type: 'response.reasoning_summary_part.added', item_id: reasoningId, output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } })
  let summary = ''
  for (let index = 0; index < 60; index++) {
    const delta = `${words[index % words.length]} `
    summary += delta
    push({ type: 'response.reasoning_summary_text.delta', item_id: reasoningId, output_index: 0, summary_index: 0, delta, obfuscation: hex(index, 6) })
  }
  push({ type: 'response.reasoning_summary_text.done', item_id: reasoningId, output_index: 0, summary_index: 0, text: summary })
  push({ type: 'response.reasoning_summary_part.done', item_id: reasoningId, output_index: 0, summary_index: 0, part: { type: 'summary_text', text: summary } })
  const reasoning = { id: reasoningId, type: 'reasoning', summary: [{ type: 'summary_text', text: summary }], encrypted_content: hex(seed, 400) }
  push({ type: 'response.output_item.done', output_index: 0, item: reasoning })

  push({ type: 'response.output_item.added', output_index: 1, item: { id: messageId, type: 'message', status: 'in_progress', role: 'assistant', content: [] } })
  push({ type: 'response.content_part.added', item_id: messageId, output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [], logprobs: [] } })
  let text = ''
  for (let index = 0; index < 220; index++) {
    const delta = `${words[index % words.length]} `
    text += delta
    push({ type: 'response.output_text.delta', item_id: messageId, output_index: 1, content_index: 0, delta, logprobs: [], obfuscation: hex(index + 7, 8) })
  }
  push({ type: 'response.output_text.done', item_id: messageId, output_index: 1, content_index: 0, text, logprobs: [] })
  const part = { type: 'output_text', text, annotations: [], logprobs: [] }
  push({ type: 'response.content_part.done', item_id: messageId, output_index: 1, content_index: 0, part })
  const message = { id: messageId, type: 'message', status: 'completed', role: 'assistant', content: [part] }
  push({ type: 'response.output_item.done', output_index: 1, item: message })

  const call = { id: callId, type: 'function_call', status: 'in_progress', arguments: '', call_id: `call_${hex(seed + 4, 24)}`, name: 'get_weather' }
  push({ type: 'response.output_item.added', output_index: 2, item: call })
  const argumentsText = '{"city":"Paris","unit":"celsius","details":["wind","rain","humidity"]}'
  for (let index = 0; index < argumentsText.length; index += 3) {
    push({ type: 'response.function_call_arguments.delta', item_id: callId, output_index: 2, delta: argumentsText.slice(index, index + 3) })
  }
  push({ type: 'response.function_call_arguments.done', item_id: callId, output_index: 2, name: 'get_weather', arguments: argumentsText })
  const doneCall = { ...call, status: 'completed', arguments: argumentsText }
  push({ type: 'response.output_item.done', output_index: 2, item: doneCall })

  const usage = { input_tokens: 81, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: 312, output_tokens_details: { reasoning_tokens: 64 }, total_tokens: 393 }
  push({ type: 'response.completed', response: { ...responseObject(id, 'completed', [reasoning, message, doneCall], usage), completed_at: 1763900004 } })
  return events
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function bench(profile, streams, totalEvents) {
  const sample = validateResponsesEvents(streams[0], { profile })
  if (!sample.valid) throw new Error(`the bench stream is invalid under ${profile}: ${JSON.stringify(sample.violations.slice(0, 3))}`)
  for (const stream of streams.slice(0, 20)) validateResponsesEvents(stream, { profile }) // warm up
  const rates = []
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint()
    for (const stream of streams) validateResponsesEvents(stream, { profile })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    rates.push(totalEvents / seconds)
  }
  return median(rates)
}

const streams = []
let totalEvents = 0
for (let seed = 1; totalEvents < TARGET_EVENTS; seed++) {
  const stream = buildStream(seed)
  streams.push(stream)
  totalEvents += stream.length
}
console.log(`workload: ${streams.length} streams, ${totalEvents} events (median of ${RUNS} runs)`)
for (const profile of ['wire', 'strict']) {
  const rate = bench(profile, streams, totalEvents)
  console.log(`${profile.padEnd(6)} ${Math.round(rate).toLocaleString('en-US')} events/s`)
}
