/**
 * The Express app behind the raw listener: tapedeck's own routes (health, the scopes admin
 * API), the model list, and OpenAI-shaped answers for everything unknown.
 * @module
 */
import express, { type NextFunction, type Request, type Response } from 'express'
import type { Replayer } from '../replay/types.js'
import type { Logger } from '../util/logger.js'
import { modelsList } from './models-list.js'
import type { Mode } from './options.js'
import type { ScopeRegistry } from './scopes/scope-registry.js'
import { createScopeRoutes } from './scopes/scope-routes.js'
import { scopeNameOf } from './scopes/scope-routing.js'
import type { RequestIds } from '../protocol/openai-error.js'
import { sendProxyError } from './send-error.js'

/** What the app shows and needs. */
export interface AppDependencies {
  mode: Mode
  replayer: Replayer
  /** How many cassettes and interactions were loaded. */
  loaded: { cassettes: number; interactions: number }
  requestIds: RequestIds
  logger: Logger
  /** The scopes of the server: their admin API, and the model list of a scope's requests. */
  scopes?: ScopeRegistry
}

/**
 * Create the app.
 *
 * @example
 * const loaded = { cassettes: 1, interactions: 3 }
 * const app = createApp({ mode: 'replay', replayer, loaded, requestIds, logger })
 */
export function createApp(deps: AppDependencies): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')

  app.get('/__tapedeck/health', (_request, response) => {
    response.json({
      status: 'ok',
      mode: deps.mode,
      cassettes: deps.loaded.cassettes,
      interactions: deps.loaded.interactions,
      exchanges: deps.replayer.stats().exchanges,
    })
  })

  if (deps.scopes !== undefined) app.use(createScopeRoutes(deps.scopes, deps.requestIds))

  app.get('/v1/models', (request, response) => {
    const scope = scopeNameOf(request)
    const replayer = (scope === undefined ? undefined : deps.scopes?.get(scope)?.replayer) ?? deps.replayer
    response.json(modelsList(replayer.exchanges()))
  })

  app.use((request: Request, response: Response) => {
    sendProxyError(
      response,
      {
        status: 404,
        type: 'invalid_request_error',
        code: 'unknown_url',
        message:
          `Unknown request URL: ${request.method} ${request.originalUrl}. tapedeck serves the OpenAI API ` +
          'under /v1 (point the SDK\'s baseURL at http://HOST:PORT/v1) and its own routes under /__tapedeck/.',
      },
      deps.requestIds.next(),
    )
  })

  app.use((error: unknown, request: Request, response: Response, _next: NextFunction) => {
    deps.logger.error(`Failed to answer ${request.method} ${request.originalUrl}: ${String(error)}`)
    sendProxyError(
      response,
      {
        status: 500,
        type: 'server_error',
        code: 'tapedeck_internal',
        message:
          `Failed to answer ${request.method} ${request.originalUrl}: tapedeck hit an internal ` +
          'error. Please report it.',
      },
      deps.requestIds.next(),
    )
  })

  return app
}
