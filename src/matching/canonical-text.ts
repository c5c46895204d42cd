/**
 * The canonical request as one string: what the replayer's index is keyed by. Equal strings
 * mean equal canonical requests. The text is exactly what `requestKey` hashes
 * (`identity \n stableStringify(query) \n stableStringify(canonical body)`), built without
 * copying the body when there is no ignore list, since this runs on every replayed request.
 * Pure: no I/O.
 * @module
 */
import { endpointIdentity, resolveEndpoint } from '../protocol/endpoints.js'
import type { EndpointKind } from '../replay/types.js'
import { isJsonObject, type JsonValue } from '../util/json.js'
import { stableStringify } from '../util/stable-stringify.js'
import { canonicalBody, EMPTY_MEANS_ABSENT_FIELDS, VOLATILE_BODY_FIELDS } from './canonical-request.js'
import type { RequestIdentityInput } from './request-key.js'

/**
 * The canonical text of a request under a cassette's ignore list.
 *
 * @example
 * canonicalText({ method: 'POST', path: '/v1/responses', body: { stream: true, model: 'm' } })
 * // 'responses\n{}\n{"model":"m"}'
 */
export function canonicalText(request: RequestIdentityInput, ignore: readonly string[] = []): string {
  const identity = endpointIdentity(request.method, request.path)
  const query = request.query === undefined ? '{}' : stableStringify(request.query)
  return `${identity}\n${query}\n${canonicalBodyText(resolveEndpoint(request.method, request.path), request.body, ignore)}`
}

/**
 * `stableStringify(canonicalBody(endpoint, body, ignore))`, without the intermediate copy when
 * `ignore` is empty.
 *
 * @example
 * canonicalBodyText('responses', { model: 'm', tools: [], input: 'hi' }) // '{"input":"hi","model":"m"}'
 */
export function canonicalBodyText(
  endpoint: EndpointKind,
  body: JsonValue | undefined,
  ignore: readonly string[] = [],
): string {
  if (ignore.length > 0 || endpoint === 'generic' || !isJsonObject(body)) {
    return stableStringify(canonicalBody(endpoint, body, ignore))
  }
  const keys = Object.keys(body).sort()
  let text = '{'
  let first = true
  for (const key of keys) {
    // canonicalBody copies members with `copy[key] = value`, which drops a `__proto__` member.
    if (key === '__proto__' || VOLATILE_BODY_FIELDS.includes(key)) continue
    const value = body[key]
    if (value === undefined) continue
    if (endpoint === 'responses' && Array.isArray(value) && value.length === 0 && EMPTY_MEANS_ABSENT_FIELDS.includes(key)) {
      continue
    }
    text += `${first ? '' : ','}${JSON.stringify(key)}:${stableStringify(value)}`
    first = false
  }
  return `${text}}`
}
