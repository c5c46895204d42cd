/**
 * The raw `http` request listener in front of Express. Replayable `/v1` requests take a lean
 * path here (read body, parse, look up, write precomputed bytes); everything else (health,
 * model list, unknown routes) goes to the Express app. In the modes that forward everything
 * (`record`, `passthrough`) every `/v1` request goes upstream once its body is read, with no
 * parsing or lookup: the upstream answers it, even when tapedeck would have refused it.
 * @module
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'
import { RESPONSES_PATH, resolveEndpoint, splitRequestTarget } from '../protocol/endpoints.js'
import type { ReplayQuery } from '../replay/types.js'
import { isJsonObject, type JsonValue } from '../util/json.js'
import type { Logger } from '../util/logger.js'
import type { HttpExchangeRequest } from './handle-http-exchange.js'
import { parseRequestBody } from './parse-request-body.js'
import { readRequestBody } from './read-body.js'
import { sendProxyError, type RequestIds } from './send-error.js'

/** The header that names the test a request belongs to; order counters are kept per scope. */
export const SCOPE_HEADER = 'x-tapedeck-scope'

/** The scope of requests that name none. */
export const DEFAULT_SCOPE = 'default'

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
  return (request, response) => {
    const target = request.url ?? '/'
    if (!target.startsWith('/v1/')) {
      deps.fallback(request, response)
      return
    }
    const { path, query } = splitRequestTarget(target)
    const method = request.method ?? 'GET'
    const forwardEverything = deps.forwardEverything
    if (forwardEverything !== undefined) {
      readThen(deps, request, response, method, path, (body) => forwardEverything(request, response, body))
      return
    }
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
    readThen(deps, request, response, method, path, (body) => {
      replay(deps, request, response, method, path, query, body)
    })
  }
}

/** Read the body (answering 413 over the limit), then continue with it. */
function readThen(
  deps: RequestListenerDependencies,
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
  path: string,
  next: (body: Buffer) => void,
): void {
  response.on('error', (error) => {
    deps.logger.debug(`Response to ${method} ${path} failed: ${error.message}`)
  })
  readRequestBody(request, deps.maxBodyBytes).then(
    (result) => {
      if (result.kind === 'too_large') {
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
        return
      }
      next(result.body)
    },
    (error: unknown) => {
      deps.logger.debug(`Failed to read the body of ${method} ${path}: ${String(error)}`)
      response.destroy()
    },
  )
}

function replay(
  deps: RequestListenerDependencies,
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
  path: string,
  query: Record<string, string> | undefined,
  rawBody: Buffer,
): void {
  const endpoint = resolveEndpoint(method, path)
  const parsed = parseRequestBody(rawBody, request.headers['content-type'], endpoint)
  if (parsed.kind === 'invalid') {
    sendProxyError(
      response,
      { status: 400, type: 'invalid_request_error', code: 'invalid_json', message: parsed.message },
      deps.requestIds.next(),
    )
    return
  }
  const body: JsonValue | undefined = parsed.kind === 'json' ? parsed.value : undefined
  const scopeHeader = request.headers[SCOPE_HEADER]
  const replayQuery: ReplayQuery = {
    method,
    path,
    headers: flattenHeaders(request),
    body,
    scope: typeof scopeHeader === 'string' && scopeHeader !== '' ? scopeHeader : DEFAULT_SCOPE,
  }
  if (query !== undefined) replayQuery.query = query
  const wantsStream = endpoint !== 'generic' && isJsonObject(body) && body['stream'] === true
  try {
    deps.handleExchange({ request, response, query: replayQuery, endpoint, wantsStream, rawBody })
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

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {}
  const raw = request.headers
  for (const name in raw) {
    const value = raw[name]
    if (typeof value === 'string') headers[name] = value
    else if (Array.isArray(value)) headers[name] = value.join(', ')
  }
  return headers
}
