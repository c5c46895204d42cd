/**
 * Mapping client paths onto the upstream base URL. Clients talk to `http://proxy/v1/...`; the
 * upstream base already ends in its own API root (`https://api.openai.com/v1`), so the client's
 * `/v1` prefix is replaced by the upstream's path. Pure.
 * @module
 */

/**
 * The upstream URL for a client request target (path plus query string).
 *
 * @example
 * upstreamUrlFor('https://api.openai.com/v1', '/v1/responses?x=1')
 * // 'https://api.openai.com/v1/responses?x=1'
 * upstreamUrlFor('http://127.0.0.1:9000/openai/v1/', '/v1/models') // 'http://127.0.0.1:9000/openai/v1/models'
 */
export function upstreamUrlFor(upstream: string, target: string): string {
  const base = new URL(upstream)
  const basePath = base.pathname.replace(/\/+$/, '')
  const mark = target.indexOf('?')
  const path = mark === -1 ? target : target.slice(0, mark)
  const search = mark === -1 ? '' : target.slice(mark)
  const rest = path === '/v1' ? '' : path.startsWith('/v1/') ? path.slice(3) : path
  return `${base.origin}${basePath}${rest}${search}`
}

/**
 * The upstream WebSocket URL of Responses WebSocket mode: the HTTP base with `ws:`/`wss:` and
 * `/responses` appended, keeping the client's query string.
 *
 * @example
 * upstreamWebSocketUrl('https://api.openai.com/v1', '/v1/responses') // 'wss://api.openai.com/v1/responses'
 * upstreamWebSocketUrl('http://127.0.0.1:9000/v1', '/v1/responses?a=1') // 'ws://127.0.0.1:9000/v1/responses?a=1'
 */
export function upstreamWebSocketUrl(upstream: string, target: string): string {
  const url = new URL(upstreamUrlFor(upstream, target))
  url.protocol = url.protocol === 'http:' || url.protocol === 'ws:' ? 'ws:' : 'wss:'
  return url.toString()
}
