/**
 * The synthetic answer to a `generate: false` warm-up that the cassette does not hold
 * (openai-wire-protocol.md §2.4): `response.created` then `response.completed`, one id, no
 * output, zero usage. Pure: the id is a hash of the request, so replays are deterministic.
 * @module
 */
import { createHash } from 'node:crypto'
import { canonicalBody } from '../matching/canonical-request.js'
import type { JsonObject, JsonValue } from '../util/json.js'
import { stableStringify } from '../util/stable-stringify.js'

/**
 * The deterministic id of a synthetic warm-up: `resp_` and 32 hex characters of a SHA-256 over
 * the canonical body (framing fields such as `stream_id` left out) and the turn's index on the
 * connection.
 *
 * @example
 * warmupResponseId({ model: 'gpt-5', generate: false }, 0) // 'resp_' + 32 hex characters
 */
export function warmupResponseId(body: JsonObject, turnIndex: number): string {
  const digest = createHash('sha256')
    .update(`${stableStringify(canonicalBody('responses', body))}\n${turnIndex}`)
    .digest('hex')
  return `resp_${digest.slice(0, 32)}`
}

/**
 * The two events of a synthetic warm-up, numbered 0 and 1, echoing the request's settings the
 * way a real Response object does.
 *
 * @example
 * const [created, completed] = warmupEvents({ model: 'gpt-5', generate: false }, 'resp_1', 1763900000)
 * created.type   // 'response.created'
 * completed.type // 'response.completed'
 */
export function warmupEvents(body: JsonObject, id: string, createdAt: number): JsonObject[] {
  const base = responseSkeleton(body, id, createdAt)
  const created: JsonObject = { ...base, status: 'in_progress', completed_at: null, usage: null }
  const completed: JsonObject = {
    ...base,
    status: 'completed',
    completed_at: createdAt,
    usage: {
      input_tokens: 0,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 0,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 0,
    },
  }
  return [
    { type: 'response.created', sequence_number: 0, response: created },
    { type: 'response.completed', sequence_number: 1, response: completed },
  ]
}

function responseSkeleton(body: JsonObject, id: string, createdAt: number): JsonObject {
  const echo = (key: string, fallback: JsonValue): JsonValue => body[key] ?? fallback
  return {
    id,
    object: 'response',
    created_at: createdAt,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: echo('instructions', null),
    max_output_tokens: echo('max_output_tokens', null),
    model: echo('model', null),
    output: [],
    parallel_tool_calls: echo('parallel_tool_calls', true),
    previous_response_id: echo('previous_response_id', null),
    reasoning: echo('reasoning', { effort: null, summary: null }),
    store: echo('store', true),
    temperature: echo('temperature', 1),
    text: echo('text', { format: { type: 'text' } }),
    tool_choice: echo('tool_choice', 'auto'),
    tools: echo('tools', []),
    top_p: echo('top_p', 1),
    truncation: echo('truncation', 'disabled'),
    user: null,
    metadata: echo('metadata', {}),
  }
}
