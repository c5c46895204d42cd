/**
 * Turns a replayable request (method, target, content type, raw body) into what the replayer
 * needs: path, query parameters, endpoint, parsed body. Test suites send the same few requests
 * over and over, so prepared requests are kept by their exact bytes: a repeat costs one Map
 * lookup instead of a JSON parse, and its body is the same frozen object every time, which lets
 * the layers after this one (redaction, canonical text) keep their own work per body too.
 * @module
 */
import { resolveEndpoint, splitRequestTarget } from '../protocol/endpoints.js'
import type { EndpointKind } from '../replay/types.js'
import { deepFreeze, isJsonObject, type JsonValue } from '../util/json.js'
import { parseRequestBody } from './parse-request-body.js'

/** A request ready for lookup, or one whose body is not JSON. */
export type PreparedRequest =
  | {
      kind: 'ready'
      path: string
      query: Record<string, string> | undefined
      endpoint: EndpointKind
      /** Parsed JSON body (frozen), or undefined for an empty or opaque body. */
      body: JsonValue | undefined
      /** `stream: true` on a Responses or Chat request. */
      wantsStream: boolean
    }
  | { kind: 'invalid'; message: string }

/** How many distinct requests are kept, the largest body kept, and all bodies kept together. */
export interface PreparedRequestLimits {
  entries: number
  bodyBytes: number
  totalBytes: number
}

/**
 * Enough for the distinct requests of a large suite, in a few tens of MB at most (parsed bodies
 * take a few times their size); bodies past 64 KiB are parsed each time.
 */
const DEFAULT_LIMITS: PreparedRequestLimits = { entries: 1024, bodyBytes: 64 * 1024, totalBytes: 8 * 1024 * 1024 }

/**
 * Create a preparer with its own cache.
 *
 * @example
 * const prepare = createRequestPreparer()
 * const prepared = prepare('POST', '/v1/responses', 'application/json', Buffer.from('{"model":"m"}'))
 * // { kind: 'ready', path: '/v1/responses', endpoint: 'responses', body: { model: 'm' }, wantsStream: false, query: undefined }
 */
export function createRequestPreparer(
  limits: PreparedRequestLimits = DEFAULT_LIMITS,
): (method: string, target: string, contentType: string | undefined, rawBody: Buffer) => PreparedRequest {
  // Two levels (request line, then body) so that no key is built by copying the body.
  const cache = new Map<string, Map<string, PreparedRequest>>()
  let entries = 0
  let bytes = 0
  return (method, target, contentType, rawBody) => {
    if (rawBody.length > limits.bodyBytes) return prepareRequest(method, target, contentType, rawBody)
    const line = contentType === undefined ? `${method} ${target}` : `${method} ${target} ${contentType}`
    // latin1 maps bytes to chars one to one: equal keys mean equal bytes, with no UTF-8 decoding.
    const bodyKey = rawBody.toString('latin1')
    let bodies = cache.get(line)
    const known = bodies?.get(bodyKey)
    if (known !== undefined) return known
    const prepared = prepareRequest(method, target, contentType, rawBody)
    // A suite that sends more distinct requests than this starts over; the common case never does.
    if (entries >= limits.entries || bytes + rawBody.length > limits.totalBytes) {
      cache.clear()
      bodies = undefined
      entries = 0
      bytes = 0
    }
    if (bodies === undefined) cache.set(line, (bodies = new Map()))
    bodies.set(bodyKey, prepared)
    entries++
    bytes += rawBody.length
    return prepared
  }
}

/**
 * Prepare one request without caching. The body is frozen: prepared requests are shared.
 *
 * @example
 * prepareRequest('POST', '/v1/chat/completions', undefined, Buffer.from('{"stream":true}')).kind // 'ready'
 */
export function prepareRequest(
  method: string,
  target: string,
  contentType: string | undefined,
  rawBody: Buffer,
): PreparedRequest {
  const { path, query } = splitRequestTarget(target)
  const endpoint = resolveEndpoint(method, path)
  const parsed = parseRequestBody(rawBody, contentType, endpoint)
  if (parsed.kind === 'invalid') return { kind: 'invalid', message: parsed.message }
  const body = parsed.kind === 'json' ? deepFreeze(parsed.value) : undefined
  const wantsStream = endpoint !== 'generic' && isJsonObject(body) && body['stream'] === true
  return { kind: 'ready', path, query, endpoint, body, wantsStream }
}
