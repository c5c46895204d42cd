/**
 * The Response object of a synthetic response (openai-wire-protocol.md §1.7): every required
 * field, the request's settings echoed back, and no `output_text` (the SDKs compute that; the
 * server never sends it). Pure.
 * @module
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'

/** What identifies one synthetic response. */
export interface ResponseIdentity {
  id: string
  /** Unix seconds. */
  createdAt: number
  model: string
}

/**
 * The Response object as `response.created` carries it: `status: "in_progress"`, `output: []`,
 * `usage: null`. Later states are this object with fields replaced, keys in the same order.
 *
 * @note Real responses also carry `user: null`, which the current spec forbids (a string or
 * absent); the field is left out so synthetic output passes the strict profile.
 *
 * @example
 * responseShell({ model: 'gpt-5', input: 'Hi' }, { id: 'resp_1', createdAt: 1763900000, model: 'gpt-5' })
 * // { id: 'resp_1', object: 'response', created_at: 1763900000, status: 'in_progress', …,
 * //   output: [], …, usage: null, metadata: {} }
 */
export function responseShell(request: JsonObject, identity: ResponseIdentity): JsonObject {
  const reasoning = isJsonObject(request['reasoning']) ? request['reasoning'] : {}
  const text = isJsonObject(request['text']) ? request['text'] : {}
  return {
    id: identity.id,
    object: 'response',
    created_at: identity.createdAt,
    status: 'in_progress',
    background: request['background'] === true,
    error: null,
    incomplete_details: null,
    instructions: echo(request['instructions'], null),
    max_output_tokens: echo(request['max_output_tokens'], null),
    max_tool_calls: echo(request['max_tool_calls'], null),
    model: identity.model,
    output: [],
    parallel_tool_calls: echo(request['parallel_tool_calls'], true),
    previous_response_id: echo(request['previous_response_id'], null),
    prompt_cache_key: echo(request['prompt_cache_key'], null),
    reasoning: { effort: echo(reasoning['effort'], null), summary: echo(reasoning['summary'], null) },
    safety_identifier: echo(request['safety_identifier'], null),
    service_tier: 'default',
    store: echo(request['store'], true),
    temperature: echo(request['temperature'], 1),
    text: { format: echo(text['format'], { type: 'text' }), verbosity: echo(text['verbosity'], 'medium') },
    tool_choice: echo(request['tool_choice'], 'auto'),
    tools: echo(request['tools'], []),
    top_logprobs: echo(request['top_logprobs'], 0),
    top_p: echo(request['top_p'], 1),
    truncation: echo(request['truncation'], 'disabled'),
    usage: null,
    metadata: echo(request['metadata'], {}),
  }
}

/**
 * The model a response reports: the reply's override, else the request's model.
 *
 * @example
 * responseModel({ model: 'gpt-5.5' }, undefined) // 'gpt-5.5'
 */
export function responseModel(request: JsonObject, override: string | undefined): string {
  if (override !== undefined) return override
  return typeof request['model'] === 'string' ? request['model'] : 'gpt-5'
}

function echo(value: JsonValue | undefined, fallback: JsonValue): JsonValue {
  return value === undefined || value === null ? fallback : value
}
