/**
 * Matching against redacted recordings: cassettes hold requests with their secrets redacted,
 * so an incoming request is redacted the same way before it is looked up. A request body that
 * carries a key (an MCP tool's `authorization`, a key pasted in a prompt) then still matches
 * the recording of itself.
 * @module
 */
import type { Redactor } from '../record/redact.js'
import { delegateTo } from '../replay/delegate.js'
import type { Replayer, ReplayQuery } from '../replay/types.js'
import { deepFreeze, type JsonValue } from '../util/json.js'

/**
 * Wrap a replayer so that every lookup sees the redacted body and query parameters.
 *
 * @example
 * const replayer = redactingReplayer(createReplayer({ cassettes }), createRedactor())
 * replayer.lookup({ method: 'POST', path: '/v1/responses', headers: {}, scope: 'default',
 *   body: { input: 'my key is sk-abcdefgh12345678' } }) // looked up as '<redacted:openai-key>'
 */
export function redactingReplayer(replayer: Replayer, redactor: Redactor): Replayer {
  // A frozen body is a prepared request's, shared by every repeat of that request: it is
  // redacted once. The result is frozen too, so the replayer can keep its own work per body.
  const redactedBodies = new WeakMap<object, JsonValue>()
  const redactBody = (body: JsonValue): JsonValue => {
    if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) return redactor.redactJson(body)
    let redacted = redactedBodies.get(body)
    if (redacted === undefined) {
      redacted = deepFreeze(redactor.redactJson(body))
      redactedBodies.set(body, redacted)
    }
    return redacted
  }
  // `redactJson` returns a body with nothing to redact as itself: then the query is passed on
  // as it came, with no copy (the common case, on every replayed request).
  const redactQuery = (query: ReplayQuery): ReplayQuery => {
    const body = query.body === undefined ? undefined : redactBody(query.body)
    if (body === query.body && query.query === undefined) return query
    // Field by field: an HTTP query's `headers` is a getter on its prototype, which a spread drops.
    const redacted: ReplayQuery = { method: query.method, path: query.path, headers: query.headers, body, scope: query.scope }
    if (query.session !== undefined) redacted.session = query.session
    if (query.query !== undefined) redacted.query = redactQueryParameters(redactor, query)
    return redacted
  }
  return {
    ...delegateTo(replayer),
    lookup: (query) => replayer.lookup(redactQuery(query)),
    giveBack: (exchange, query) => replayer.giveBack?.(exchange, redactQuery(query)),
  }
}

/** Query parameters redacted exactly as the recorder redacts a recorded request's. */
function redactQueryParameters(redactor: Redactor, query: ReplayQuery): Record<string, string> {
  const probe = redactor.redactInteraction({
    transport: 'http',
    request: { method: query.method, path: query.path, query: query.query ?? {} },
    response: { status: 0 },
  })
  return probe.request.query ?? {}
}
