/**
 * The route table of the OpenAI API as far as replay cares: which requests are Responses
 * creations, which are Chat Completions, and which are opaque ("generic") HTTP exchanges.
 * Pure: no I/O.
 * @module
 */
import type { EndpointKind } from '../replay/types.js'

/** The path of the Responses API (HTTP `POST` and the WebSocket-mode `GET` upgrade). */
export const RESPONSES_PATH = '/v1/responses'

/** The path of Chat Completions. */
export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions'

/**
 * Classify a request by method and path (path without the query string).
 *
 * @note `GET /v1/responses` is the WebSocket-mode endpoint, and a WebSocket `response.create`
 * creates a response exactly like `POST /v1/responses`, so both resolve to `responses`.
 *
 * @example
 * resolveEndpoint('POST', '/v1/responses') // 'responses'
 * resolveEndpoint('POST', '/v1/embeddings') // 'generic'
 */
export function resolveEndpoint(method: string, path: string): EndpointKind {
  const upper = method.toUpperCase()
  if (path === RESPONSES_PATH && (upper === 'POST' || upper === 'GET')) return 'responses'
  if (path === CHAT_COMPLETIONS_PATH && upper === 'POST') return 'chat'
  return 'generic'
}

/**
 * The part of a request's identity that names its endpoint: the kind for the two model
 * endpoints (so that HTTP and WebSocket requests share it), method and path otherwise.
 *
 * @example
 * endpointIdentity('GET', '/v1/responses') // 'responses'
 * endpointIdentity('get', '/v1/models/gpt-5') // 'GET /v1/models/gpt-5'
 */
export function endpointIdentity(method: string, path: string): string {
  const kind = resolveEndpoint(method, path)
  return kind === 'generic' ? `${method.toUpperCase()} ${path}` : kind
}

/**
 * Split a request target (`/v1/x?a=1`) into its path and decoded query parameters.
 * A repeated parameter keeps its last value, like the recorder stores it.
 *
 * @example
 * splitRequestTarget('/v1/files?limit=2') // { path: '/v1/files', query: { limit: '2' } }
 */
export function splitRequestTarget(target: string): { path: string; query?: Record<string, string> } {
  const mark = target.indexOf('?')
  if (mark === -1) return { path: target }
  const path = target.slice(0, mark)
  const search = target.slice(mark + 1)
  if (search === '') return { path }
  const query: Record<string, string> = {}
  for (const [name, value] of new URLSearchParams(search)) query[name] = value
  return { path, query }
}
