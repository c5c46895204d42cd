/**
 * What the scenario and synthesizing replayers share: which requests the generator can answer,
 * in which form, and how a generated answer becomes an `Exchange` the transports emit like a
 * recorded one. Pure: no I/O.
 * @module
 */
import { requestKey } from '../matching/request-key.js'
import { resolveEndpoint } from '../protocol/endpoints.js'
import type { SynthesisContext, SyntheticAnswer } from '../synthetic/types.js'
import { isJsonObject, type JsonObject } from '../util/json.js'
import type { Exchange, ExchangeSource, ReplayQuery } from './types.js'

/** A request the generator can answer, and the form its answer takes. */
export interface GenerationTarget {
  endpoint: 'responses' | 'chat'
  /** The create body. */
  request: JsonObject
  /** SSE or WebSocket frames rather than one JSON body. */
  stream: boolean
  transport: 'http' | 'websocket'
}

/**
 * The form a generated answer to `query` takes, or undefined when the generator cannot answer
 * it: another endpoint than Responses and Chat Completions, a body that is not a JSON object, or
 * a WebSocket warm-up (`generate: false`), which the WebSocket session answers itself.
 *
 * @example
 * generationTarget({ method: 'GET', path: '/v1/responses', headers: {}, scope: 'default',
 *   body: { model: 'gpt-5', input: 'Hi' } })
 * // { endpoint: 'responses', request: {...}, stream: true, transport: 'websocket' }
 */
export function generationTarget(query: ReplayQuery): GenerationTarget | undefined {
  const endpoint = resolveEndpoint(query.method, query.path)
  const request = query.body
  if (endpoint === 'generic' || !isJsonObject(request) || request['generate'] === false) return undefined
  // WebSocket-mode `response.create` frames arrive as GET /v1/responses lookups.
  const websocket = endpoint === 'responses' && query.method.toUpperCase() === 'GET'
  return {
    endpoint,
    request,
    stream: websocket || request['stream'] === true,
    transport: websocket ? 'websocket' : 'http',
  }
}

/**
 * What the generator needs to expand a reply for `target`, with the seed its ids derive from.
 *
 * @example
 * expandReply(target.endpoint, hit.reply, expansionContext(target, hit.seed))
 */
export function expansionContext(target: GenerationTarget, seed: string): SynthesisContext {
  return { request: target.request, seed, stream: target.stream, transport: target.transport }
}

/**
 * Wrap a generated answer as the exchange a lookup returns. It is not an interaction of the
 * cassette, so `source.interaction` is -1; `origin` says which rule (or that it was synthesized).
 * `key` is the request's key, when the caller has it already.
 *
 * @example
 * const target = generationTarget(query)
 * const { endpoint, request, stream } = target
 * const answer = expandReply(endpoint, reply, { request, seed, stream })
 * generatedExchange(query, target, answer, { cassette: 'agent.yaml', rule: 0 })
 */
export function generatedExchange(
  query: ReplayQuery,
  target: GenerationTarget,
  answer: SyntheticAnswer,
  origin: Pick<ExchangeSource, 'cassette' | 'rule' | 'synthetic'>,
  key: string = requestKey(query),
): Exchange {
  const transport: ExchangeSource['transport'] =
    target.transport === 'websocket' ? 'websocket' : answer.kind === 'stream' ? 'sse' : 'http'
  const exchange: Exchange = {
    endpoint: target.endpoint,
    method: query.method.toUpperCase(),
    path: query.path,
    body: query.body,
    key,
    source: { ...origin, interaction: -1, transport },
    answer,
  }
  if (query.query !== undefined) exchange.query = query.query
  return exchange
}

/**
 * The session a query belongs to for scenario state: its own (a WebSocket connection) or its
 * scope.
 *
 * @example
 * sessionOf({ ...query, scope: 'test-1' }) // 'test-1'
 */
export function sessionOf(query: ReplayQuery): string {
  return query.session ?? query.scope
}
