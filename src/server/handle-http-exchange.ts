/**
 * One HTTP request to a replayable route, decided: a recorded answer is emitted, a miss goes
 * to the injected miss strategy. This is the seam the mode machine plugs into: record,
 * synthesize and proxy strategies are other `OnMissHandler`s.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { describeSource, outcomeOfSource } from '../replay/describe-source.js'
import type { HttpPayloads } from '../replay/http-payloads.js'
import type { Timing } from '../replay/timing.js'
import type { EndpointKind, Lookup, Replayer, ReplayQuery } from '../replay/types.js'
import type { Clock } from '../util/clock.js'
import { logs, type Logger } from '../util/logger.js'
import { reportWhenAnswered } from './request-log.js'
import type { RequestIds } from '../protocol/openai-error.js'
import { sendProxyError } from './send-error.js'
import { writePayload } from './write-payload.js'

/** A request whose body has been read and parsed, with its response still open. */
export interface HttpExchangeRequest {
  request: IncomingMessage
  response: ServerResponse
  query: ReplayQuery
  endpoint: EndpointKind
  /** `stream: true` on a Responses or Chat request. */
  wantsStream: boolean
  /** The raw body, for strategies that forward it upstream. */
  rawBody: Buffer
  /** `clock.now()` when the request started; the handler sets it when the caller did not. */
  startedAt?: number
}

/** A failed lookup. */
export type ReplayMiss = Extract<Lookup, { kind: 'miss' }>

/**
 * Answers a request that no recording matches, and reports it to `logger.request`, timed with
 * `clock` (the clock `exchange.startedAt` was read from).
 */
export type OnMissHandler = (exchange: HttpExchangeRequest, miss: ReplayMiss, clock: Clock) => void

/** What the exchange handler needs. */
export interface HttpExchangeDependencies {
  replayer: Replayer
  payloads: HttpPayloads
  timing: Timing
  clock: Clock
  logger: Logger
  requestIds: RequestIds
  /** Default: {@link createErrorOnMiss}. */
  onMiss?: OnMissHandler
}

/**
 * Create the handler of replayable requests.
 *
 * @example
 * const handle = createHttpExchangeHandler({ replayer, payloads, timing, clock, logger, requestIds })
 * handle({ request, response, query, endpoint: 'responses', wantsStream: true, rawBody })
 */
export function createHttpExchangeHandler(
  deps: HttpExchangeDependencies,
): (exchange: HttpExchangeRequest) => void {
  const onMiss = deps.onMiss ?? createErrorOnMiss(deps.requestIds, deps.logger)
  const { logger, clock } = deps
  return (exchange) => {
    exchange.startedAt ??= clock.now()
    const lookup = deps.replayer.lookup(exchange.query)
    if (lookup.kind === 'miss') {
      onMiss(exchange, lookup, clock)
      return
    }
    const { source } = lookup.exchange
    const payload = deps.payloads.get(lookup.exchange, exchange.wantsStream)
    // Only described when someone reads it: this is the path of every replayed request.
    if (logger.request !== undefined || logs(logger, 'debug')) {
      const origin = describeSource(source)
      logger.debug(`${exchange.query.method} ${exchange.query.path} → ${origin}`)
      reportWhenAnswered(exchange.response, logger, clock, {
        method: exchange.query.method,
        path: exchange.query.path,
        outcome: payload.kind === 'problem' ? 'error' : outcomeOfSource(source),
        startedAt: exchange.startedAt,
        wantsStream: exchange.wantsStream,
        detail: origin,
      })
    }
    if (payload.kind === 'problem') {
      deps.logger.warn(payload.message)
      sendProxyError(
        exchange.response,
        {
          status: payload.status,
          message: payload.message,
          type: 'invalid_request_error',
          code: payload.code,
        },
        deps.requestIds.next(),
      )
      return
    }
    writePayload(exchange.response, payload, deps.timing, deps.clock)
  }
}

/**
 * The miss strategy of `auto` (and of `replay` with `onMiss: 'proxy'`): the request goes
 * upstream with its body as received; the bridge records it when the mode records.
 *
 * @example
 * const onMiss = createForwardOnMiss((request, response, body) => bridge.forwardHttp(request, response, body), logger)
 */
export function createForwardOnMiss(
  forward: (
    request: IncomingMessage,
    response: ServerResponse,
    rawBody: Buffer,
    startedAt?: number,
  ) => void,
  logger: Logger,
): OnMissHandler {
  return (exchange, miss) => {
    // With per-request lines on, the forwarded line already says it; say why at debug level.
    const note = `${exchange.query.method} ${exchange.query.path} is not recorded (${miss.reason}): forwarding it upstream.`
    if (logger.request === undefined) logger.info(note)
    else logger.debug(note)
    logger.debug(miss.message)
    // The proxy writes the answer over time: a client gone mid-answer must not crash the server.
    exchange.response.on('error', (error) => logger.debug(`Forwarded answer failed: ${error.message}`))
    forward(exchange.request, exchange.response, exchange.rawBody, exchange.startedAt)
  }
}

/**
 * The `error` miss strategy: a 404 whose message explains the miss.
 *
 * @example
 * const onMiss = createErrorOnMiss(requestIds, logger)
 */
export function createErrorOnMiss(requestIds: RequestIds, logger: Logger): OnMissHandler {
  return (exchange, miss, clock) => {
    logger.warn(miss.message)
    reportWhenAnswered(exchange.response, logger, clock, {
      method: exchange.query.method,
      path: exchange.query.path,
      outcome: 'miss',
      startedAt: exchange.startedAt ?? clock.now(),
      wantsStream: exchange.wantsStream,
      detail: miss.reason,
    })
    sendProxyError(
      exchange.response,
      {
        status: 404,
        message: miss.message,
        type: 'invalid_request_error',
        code: miss.reason === 'exhausted' ? 'tapedeck_replay_exhausted' : 'tapedeck_replay_no_match',
      },
      requestIds.next(),
    )
  }
}
