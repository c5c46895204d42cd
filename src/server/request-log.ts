/**
 * The request events of the HTTP side: one per request, sent to `logger.request` when the
 * response is over (sent in full, cut, or abandoned by the client), so that the duration covers
 * the whole answer, paced streams included.
 * @module
 */
import type { ServerResponse } from 'node:http'
import type { Clock } from '../util/clock.js'
import type { Logger, RequestLogEvent } from '../util/logger.js'

/** What is known of a request before its response ends. */
export interface PendingRequestEvent {
  method: string
  path: string
  outcome: RequestLogEvent['outcome']
  /** `clock.now()` when the request started. */
  startedAt: number
  /** Whether the client asked for a stream; the response's content type decides when it has one. */
  wantsStream: boolean
  detail?: string
}

/**
 * Report a request once its response closes. Does nothing when the logger takes no events.
 *
 * @example
 * reportWhenAnswered(response, logger, clock, { method: 'POST', path: '/v1/responses', outcome: 'hit', startedAt, wantsStream: true })
 */
export function reportWhenAnswered(
  response: ServerResponse,
  logger: Logger,
  clock: Clock,
  pending: PendingRequestEvent,
): void {
  const report = logger.request
  if (report === undefined) return
  response.once('close', () => {
    const event: RequestLogEvent = {
      method: pending.method,
      path: pending.path,
      transport: transportOf(response, pending.wantsStream),
      outcome: pending.outcome,
      durationMs: Math.max(0, clock.now() - pending.startedAt),
    }
    if (response.headersSent) event.status = response.statusCode
    if (pending.detail !== undefined) event.detail = pending.detail
    report.call(logger, event)
  })
}

/**
 * The path of a request target, without its query string.
 *
 * @example
 * pathOf('/v1/models?limit=2') // '/v1/models'
 */
export function pathOf(target: string | undefined): string {
  if (target === undefined) return '/'
  const mark = target.indexOf('?')
  const path = mark === -1 ? target : target.slice(0, mark)
  return path === '' ? '/' : path
}

function transportOf(response: ServerResponse, wantsStream: boolean): 'http' | 'sse' {
  const type = response.getHeader('content-type')
  if (typeof type === 'string') return type.startsWith('text/event-stream') ? 'sse' : 'http'
  return wantsStream ? 'sse' : 'http'
}
