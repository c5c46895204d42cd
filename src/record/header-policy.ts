/**
 * Which HTTP headers a cassette keeps. An allow-list, so that a header nobody thought about
 * (a new credential, a tracing id, a cookie) is never written by accident.
 *
 * Request side: only headers that change what the API answers. `user-agent`,
 * `x-stainless-*`, `idempotency-key` and `accept` vary with the SDK version or per call and
 * would only produce noisy diffs; credentials (`authorization`, `openai-organization`,
 * `openai-project`, `api-key`) are never kept, not even redacted.
 *
 * Response side: the headers clients read (content type, request id, retry hints, rate limits)
 * and the ones people look at when debugging (`openai-*` timings and versions). Framing headers
 * (`content-length`, `content-encoding`, `transfer-encoding`) are dropped because cassettes store
 * bodies decoded and replay frames them anew. `openai-organization`/`openai-project` are left out
 * on purpose: they identify the account.
 * @module
 */
import { flattenHeaders, type HeaderInput } from '../protocol/http-headers.js'

/** Request headers kept by default (lower case). */
export const DEFAULT_KEPT_REQUEST_HEADERS: readonly string[] = ['content-type', 'openai-beta']

/** Response headers kept by default (lower case). Names ending in `*` are prefixes. */
export const DEFAULT_KEPT_RESPONSE_HEADERS: readonly string[] = [
  'content-type',
  'content-disposition',
  'x-request-id',
  'openai-processing-ms',
  'openai-version',
  'openai-model',
  'x-ratelimit-*',
  'retry-after',
  'retry-after-ms',
  'x-should-retry',
]

/**
 * Keep the request headers worth storing, lower-cased, multi-values joined with `, `.
 * `extra` adds names (or `prefix-*` patterns) to the default allow-list.
 *
 * @example
 * keepRequestHeaders({ authorization: 'Bearer sk-x', 'content-type': 'application/json' })
 * // { 'content-type': 'application/json' }
 */
export function keepRequestHeaders(
  headers: HeaderInput,
  extra: readonly string[] = [],
): Record<string, string> {
  const allowed = extra.length === 0 ? REQUEST_ALLOW_LIST : allowList([...DEFAULT_KEPT_REQUEST_HEADERS, ...extra])
  return keepHeaders(headers, allowed)
}

/**
 * Keep the response headers worth storing (see the module note for the list and why).
 *
 * @example
 * keepResponseHeaders({ 'content-type': 'text/event-stream', 'x-ratelimit-limit-requests': '60',
 *   'content-encoding': 'gzip', 'set-cookie': ['a=b'] })
 * // { 'content-type': 'text/event-stream', 'x-ratelimit-limit-requests': '60' }
 */
export function keepResponseHeaders(
  headers: HeaderInput,
  extra: readonly string[] = [],
): Record<string, string> {
  const allowed = extra.length === 0 ? RESPONSE_ALLOW_LIST : allowList([...DEFAULT_KEPT_RESPONSE_HEADERS, ...extra])
  return keepHeaders(headers, allowed)
}

/** An allow-list split into exact names and `prefix-*` prefixes, lower case. */
interface AllowList {
  exact: Set<string>
  prefixes: string[]
}

function allowList(entries: readonly string[]): AllowList {
  const exact = new Set<string>()
  const prefixes: string[] = []
  for (const entry of entries) {
    const name = entry.toLowerCase()
    if (name.endsWith('*')) prefixes.push(name.slice(0, -1))
    else exact.add(name)
  }
  return { exact, prefixes }
}

// Built once: every recorded exchange is filtered, and extra names are the exception.
const REQUEST_ALLOW_LIST = allowList(DEFAULT_KEPT_REQUEST_HEADERS)
const RESPONSE_ALLOW_LIST = allowList(DEFAULT_KEPT_RESPONSE_HEADERS)

function keepHeaders(headers: HeaderInput, { exact, prefixes }: AllowList): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [name, value] of Object.entries(flattenHeaders(headers))) {
    if (exact.has(name) || prefixes.some((prefix) => name.startsWith(prefix))) kept[name] = value
  }
  return kept
}
