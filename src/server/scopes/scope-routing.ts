/**
 * Which context serves a request. A request names its scope in the `x-tapedeck-scope` header,
 * or, for clients that can only change the base URL, in the path:
 * `/__tapedeck/scopes/<scope>/v1/...` is served exactly as `/v1/...` with the header. A
 * request whose scope is bound goes to that scope's context; any other (no scope, or a scope
 * nobody bound) goes to the server's default context, with the scope's own order counters.
 * @module
 */
import type { IncomingMessage, RequestListener } from 'node:http'
import type { EngineContext } from '../engine-context.js'
import type { ServerWebSocketHandler } from '../options.js'
import { SCOPE_HEADER, scopeNamed } from '../../protocol/scope.js'
import type { ScopeRegistry } from './scope-registry.js'

/** The admin and path-prefix routes of scopes. */
export const SCOPES_PATH = '/__tapedeck/scopes'

const SCOPED_TARGET = /^\/__tapedeck\/scopes\/([^/?#]+)(\/v1(?:[/?].*)?)$/

/**
 * Turn a path-prefixed request into the plain form: `/__tapedeck/scopes/<scope>/v1/x` becomes
 * `/v1/x` with `x-tapedeck-scope: <scope>`. Other requests are left alone. Runs before any
 * routing, for HTTP requests and WebSocket upgrades alike.
 *
 * @example
 * // request.url === '/__tapedeck/scopes/chat--hello/v1/responses'
 * applyScopePrefix(request)
 * // request.url === '/v1/responses', request.headers['x-tapedeck-scope'] === 'chat--hello'
 */
export function applyScopePrefix(request: IncomingMessage): void {
  const target = request.url
  if (target === undefined || !target.startsWith(SCOPES_PATH)) return
  const match = SCOPED_TARGET.exec(target)
  const encoded = match?.[1]
  const rest = match?.[2]
  if (encoded === undefined || rest === undefined) return
  let scope: string
  try {
    scope = decodeURIComponent(encoded)
  } catch {
    return
  }
  request.url = rest
  request.headers[SCOPE_HEADER] = scope
}

/**
 * The scope a request names in its header, if any.
 *
 * @example
 * scopeNameOf(request) // 'chat--hello', or undefined without the header
 */
export function scopeNameOf(request: IncomingMessage): string | undefined {
  return scopeNamed(request.headers[SCOPE_HEADER])
}

/**
 * The context that serves a request: its bound scope's, or the default one.
 *
 * @example
 * contextFor(request, scopes, defaultContext).listener(request, response)
 */
export function contextFor(request: IncomingMessage, scopes: ScopeRegistry, fallback: EngineContext): EngineContext {
  const scope = scopeNameOf(request)
  return (scope === undefined ? undefined : scopes.get(scope)) ?? fallback
}

/**
 * The server's request listener: path prefixes resolved, then each request served by its context.
 *
 * @example
 * http.createServer(createScopedListener(scopes, defaultContext))
 */
export function createScopedListener(scopes: ScopeRegistry, fallback: EngineContext): RequestListener {
  return (request, response) => {
    applyScopePrefix(request)
    contextFor(request, scopes, fallback).listener(request, response)
  }
}

/**
 * The server's upgrade handler: each `GET /v1/responses` upgrade served by its context's
 * WebSocket handler. (Path prefixes are resolved before the upgrade router sees the path.)
 *
 * @example
 * server.prependListener('upgrade', applyScopePrefix)
 * routeUpgrades(server, createScopedUpgradeHandler(scopes, defaultContext), requestIds, logger)
 */
export function createScopedUpgradeHandler(scopes: ScopeRegistry, fallback: EngineContext): ServerWebSocketHandler {
  return (request, socket, head) => {
    contextFor(request, scopes, fallback).webSocketHandler(request, socket, head)
  }
}
