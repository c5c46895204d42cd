/**
 * The raw `http` request listener in front of Express. Replayable `/v1` requests take a lean
 * path here (read body, parse, look up, write precomputed bytes); everything else (health,
 * model list, unknown routes) goes to the Express app. In the modes that forward everything
 * (`record`, `passthrough`) every `/v1` request goes upstream once its body is read, with no
 * parsing or lookup: the upstream answers it, even when tapedeck would have refused it.
 * @module
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { RESPONSES_PATH } from '../protocol/endpoints.js'
import { DEFAULT_SCOPE, SCOPE_HEADER, scopeNamed } from '../protocol/scope.js'
import type { Logger } from '../util/logger.js'
import type { HttpExchangeRequest } from './handle-http-exchange.js'
import { HttpReplayQuery } from './http-replay-query.js'
import { createRequestPreparer } from './prepared-requests.js'
import { collectRequestBody } from './read-body.js'
import { pathOf } from './request-log.js'
import type { RequestIds } from '../protocol/openai-error.js'
import { sendProxyError } from './send-error.js'

type RequestPreparer = ReturnType<typeof createRequestPreparer>

/** What the listener needs. */
export interface RequestListenerDependencies {
  handleExchange: (exchange: HttpExchangeRequest) => void
  /** Set in `record` and `passthrough`: every `/v1` request goes here with its raw body. */
  forwardEverything?: (request: IncomingMessage, response: ServerResponse, rawBody: Buffer) => void
  /** Serves everything that is not replayed here. */
  fallback: RequestListener
  /** When false, `GET /v1/models` is answered by the fallback from the cassettes' models. */
  modelsRecorded: boolean
  maxBodyBytes: number
  requestIds: RequestIds
  logger: Logger
}

/**
 * Create the front request listener.
 *
 * @example
 * const listener = createRequestListener({
 *   handleExchange, fallback: app, modelsRecorded, maxBodyBytes, requestIds, logger,
 * })
 * http.createServer(listener)
 */
export function createRequestListener(deps: RequestListenerDependencies): RequestListener {
  const prepare = createRequestPreparer()
  return (request, response) => {
    const target = request.url ?? '/'
    if (!target.startsWith('/v1/')) {
      deps.fallback(request, response)
      return
    }
    const method = request.method ?? 'GET'
    const forwardEverything = deps.forwardEverything
    if (forwardEverything !== undefined) {
      // A forwarded response is written over time by the proxy: a client gone mid-answer must
      // not become an unhandled 'error'. (Replayed answers are written in one call.)
      response.on('error', (error) => deps.logger.debug(`Response to ${method} ${target} failed: ${error.message}`))
      readThen(deps, response, request, (body) => forwardEverything(request, response, body))
      return
    }
    const path = pathOf(target)
    if (method === 'GET' && path === '/v1/models' && !deps.modelsRecorded) {
      deps.fallback(request, response)
      return
    }
    if (method === 'GET' && path === RESPONSES_PATH) {
      sendProxyError(
        response,
        {
          status: 426,
          type: 'invalid_request_error',
          code: 'websocket_upgrade_required',
          message:
            'GET /v1/responses is the Responses WebSocket-mode endpoint: connect with a WebSocket ' +
            '(Upgrade: websocket), or create a response with POST /v1/responses.',
        },
        deps.requestIds.next(),
      )
      return
    }
    readThen(deps, response, request, (body) => {
      replay(deps, prepare, request, response, method, target, body)
    })
  }
}

/** Read the body (answering 413 over the limit), then continue with it. */
function readThen(
  deps: RequestListenerDependencies,
  response: ServerResponse,
  request: IncomingMessage,
  next: (body: Buffer) => void,
): void {
  collectRequestBody(request, deps.maxBodyBytes, (result) => {
    if (result.kind === 'body') {
      next(result.body)
      return
    }
    sendProxyError(
      response,
      {
        status: 413,
        type: 'invalid_request_error',
        code: 'request_too_large',
        message:
          `Failed to read the request body: it is larger than ${result.limit} bytes. ` +
          'Raise the limit with the maxBodyBytes option if this body is legitimate.',
      },
      deps.requestIds.next(),
    )
  })
}

function replay(
  deps: RequestListenerDependencies,
  prepare: RequestPreparer,
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
  target: string,
  rawBody: Buffer,
): void {
  const prepared = prepare(method, target, request.headers['content-type'], rawBody)
  if (prepared.kind === 'invalid') {
    sendProxyError(
      response,
      { status: 400, type: 'invalid_request_error', code: 'invalid_json', message: prepared.message },
      deps.requestIds.next(),
    )
    return
  }
  const { path, endpoint, wantsStream } = prepared
  const scopeHeader = request.headers[SCOPE_HEADER]
  const scope = scopeNamed(scopeHeader) ?? DEFAULT_SCOPE
  const query = new HttpReplayQuery(method, path, prepared.query, prepared.body, scope, request.headers)
  try {
    deps.handleExchange({ request, response, query, endpoint, wantsStream, rawBody })
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error)
    deps.logger.error(`Failed to answer ${method} ${path}: ${detail}`)
    sendProxyError(
      response,
      {
        status: 500,
        type: 'server_error',
        code: 'tapedeck_internal',
        message:
          `Failed to answer ${method} ${path}: tapedeck hit an internal error (${String(error)}). ` +
          'Please report it.',
      },
      deps.requestIds.next(),
    )
  }
}
