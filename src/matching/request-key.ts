/**
 * Request identity: endpoint, query and canonical body, stable-stringified and hashed.
 * Pure logic (hashing is computation, not I/O).
 * @module
 */
import { createHash } from 'node:crypto'
import { endpointIdentity, resolveEndpoint } from '../protocol/endpoints.js'
import type { JsonValue } from '../util/json.js'
import { stableStringify } from '../util/stable-stringify.js'
import { canonicalBody } from './canonical-request.js'

/** What identifies a request, before canonicalisation. */
export interface RequestIdentityInput {
  method: string
  /** Path including `/v1`, without the query string. */
  path: string
  query?: Record<string, string> | undefined
  body: JsonValue | undefined
}

/** A request reduced to what matching compares. */
export interface CanonicalRequest {
  /** `responses`, `chat`, or `METHOD /path` for generic endpoints. */
  identity: string
  query: Record<string, string>
  body: JsonValue | undefined
  /** Hash of the three fields above. */
  key: string
}

/**
 * Canonicalise a request and compute its key. `ignore` holds the JSON pointers of the
 * cassette the key is computed for.
 *
 * @example
 * const a = canonicalRequest({ method: 'POST', path: '/v1/responses', body: { model: 'm', stream: true } })
 * const b = canonicalRequest({ method: 'GET', path: '/v1/responses', body: { model: 'm' } })
 * a.key === b.key // true: transport and framing do not matter
 */
export function canonicalRequest(
  request: RequestIdentityInput,
  ignore: readonly string[] = [],
): CanonicalRequest {
  const identity = endpointIdentity(request.method, request.path)
  const query = request.query ?? {}
  const body = canonicalBody(resolveEndpoint(request.method, request.path), request.body, ignore)
  return { identity, query, body, key: hashIdentity(identity, query, body) }
}

/**
 * The key of a request: a 16-hex-digit hash of its canonical form.
 *
 * @example
 * requestKey({ method: 'POST', path: '/v1/embeddings', body: { input: 'x', model: 'e' } }) // '5c1f…'
 */
export function requestKey(request: RequestIdentityInput, ignore: readonly string[] = []): string {
  return canonicalRequest(request, ignore).key
}

/**
 * The key of a canonical text (see canonical-text.ts): the first 16 hex digits of its SHA-1.
 * `keyOfCanonicalText(canonicalText(request, ignore)) === requestKey(request, ignore)`.
 *
 * @example
 * keyOfCanonicalText(canonicalText(request)) === requestKey(request) // true
 */
export function keyOfCanonicalText(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16)
}

function hashIdentity(identity: string, query: Record<string, string>, body: JsonValue | undefined): string {
  return keyOfCanonicalText(`${identity}\n${stableStringify(query)}\n${stableStringify(body)}`)
}
