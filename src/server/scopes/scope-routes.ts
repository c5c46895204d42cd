/**
 * The admin API of scopes, under `/__tapedeck/scopes`:
 *
 * | Request | Does | Answers |
 * |---|---|---|
 * | `PUT /__tapedeck/scopes/:scope` `{cassette, mode?, onMiss?, upstream?}` | binds the scope to its cassette | 200, the report |
 * | `GET /__tapedeck/scopes/:scope` | | 200, the report |
 * | `DELETE /__tapedeck/scopes/:scope` | ends its connections, writes its recordings, unbinds it | 200, the final report |
 * | `GET /__tapedeck/scopes` | | `{ scopes: [names] }` |
 *
 * Errors are OpenAI-shaped: 400 `tapedeck_scope_invalid` (bad body, unreadable cassette), 404
 * `tapedeck_scope_unknown`, 500 `tapedeck_cassette_write_failed`.
 * @module
 */
import express, { type Request, type Response } from 'express'
import { errorMessage, isTapedeckError } from '../../errors.js'
import { readRequestBody } from '../read-body.js'
import type { RequestIds } from '../../protocol/openai-error.js'
import { sendProxyError } from '../send-error.js'
import type { ScopeRegistry } from './scope-registry.js'
import { SCOPES_PATH } from './scope-routing.js'
import { parseScopeSpec } from './scope-spec.js'

/** Largest bind request: a few paths and names. */
const MAX_SPEC_BYTES = 64 * 1024

/**
 * Create the router of the admin API.
 *
 * @example
 * app.use(createScopeRoutes(scopes, requestIds))
 */
export function createScopeRoutes(scopes: ScopeRegistry, requestIds: RequestIds): express.Router {
  const router = express.Router()

  router.get(SCOPES_PATH, (_request, response) => {
    response.json({ scopes: scopes.names() })
  })

  router.put(`${SCOPES_PATH}/:scope`, async (request: Request<{ scope: string }>, response: Response) => {
    const scope = request.params.scope
    const body = await readJson(request)
    try {
      response.json(await scopes.open(scope, parseScopeSpec(body)))
    } catch (error) {
      if (!isTapedeckError(error)) throw error
      sendProxyError(
        response,
        { status: 400, type: 'invalid_request_error', code: 'tapedeck_scope_invalid', message: error.message },
        requestIds.next(),
      )
    }
  })

  router.get(`${SCOPES_PATH}/:scope`, (request: Request<{ scope: string }>, response: Response) => {
    const report = scopes.report(request.params.scope)
    if (report === undefined) unknownScope(response, request.params.scope, requestIds)
    else response.json(report)
  })

  router.delete(`${SCOPES_PATH}/:scope`, async (request: Request<{ scope: string }>, response: Response) => {
    const scope = request.params.scope
    let report
    try {
      report = await scopes.close(scope)
    } catch (error) {
      sendProxyError(
        response,
        {
          status: 500,
          type: 'server_error',
          code: 'tapedeck_cassette_write_failed',
          message:
            `Failed to write the recordings of scope "${scope}": ${errorMessage(error)}. ` +
            'Check that the cassette folder is writable.',
        },
        requestIds.next(),
      )
      return
    }
    if (report === undefined) unknownScope(response, scope, requestIds)
    else response.json(report)
  })

  return router
}

/** The body as JSON; an empty or unparsable body is `undefined` (parseScopeSpec refuses it). */
async function readJson(request: Request): Promise<unknown> {
  const result = await readRequestBody(request, MAX_SPEC_BYTES)
  if (result.kind === 'too_large') return undefined
  try {
    return JSON.parse(result.body.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

function unknownScope(response: Response, scope: string, requestIds: RequestIds): void {
  sendProxyError(
    response,
    {
      status: 404,
      type: 'invalid_request_error',
      code: 'tapedeck_scope_unknown',
      message:
        `Failed to find scope "${scope}": it is not bound (never bound, or already closed). ` +
        `Bind it first with PUT ${SCOPES_PATH}/${encodeURIComponent(scope)}.`,
    },
    requestIds.next(),
  )
}
