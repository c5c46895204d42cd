/**
 * What a cassette keeps of a forwarded request's target and head, shared by the HTTP forwarder
 * and the WebSocket relay so that both store path, query and headers the same way. Pure.
 * @module
 */
import type { WebSocketInteraction } from '../cassette/model.js'
import { splitRequestTarget } from '../protocol/endpoints.js'
import type { HeaderInput } from '../protocol/http-headers.js'
import { keepRequestHeaders } from '../record/header-policy.js'

/** The recorded path, the query when there is one, and the kept headers when any are kept. */
export type RecordedTarget = WebSocketInteraction['request']

/**
 * The recorded form of a request target (path plus query string) and its headers; `extraHeaders`
 * adds names to the header allow-list (see header-policy.ts).
 *
 * @example
 * recordedTarget('/v1/files?limit=2', { authorization: 'Bearer sk-x', 'content-type': 'application/json' })
 * // { path: '/v1/files', query: { limit: '2' }, headers: { 'content-type': 'application/json' } }
 */
export function recordedTarget(
  target: string,
  headers: HeaderInput,
  extraHeaders?: readonly string[],
): RecordedTarget {
  const { path, query } = splitRequestTarget(target)
  const recorded: RecordedTarget = { path }
  if (query !== undefined) recorded.query = query
  const kept = keepRequestHeaders(headers, extraHeaders)
  if (Object.keys(kept).length > 0) recorded.headers = kept
  return recorded
}
