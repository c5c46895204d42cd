/**
 * Writes a precomputed payload to an HTTP response: all at once (instant timing, one
 * `writeHead` + one `end`), or event by event at the recorded pace.
 * @module
 */
import type { ServerResponse } from 'node:http'
import type { HttpPayload } from '../replay/http-payloads.js'
import { replayOffset, type Timing } from '../replay/timing.js'
import type { Clock } from '../util/clock.js'

/**
 * Send a payload. A truncated recording ends with the connection destroyed after the last
 * recorded byte, so the client sees the same cut. A client that goes away stops the pacing
 * timer.
 *
 * @example
 * writePayload(res, payloads.get(exchange, true), { kind: 'recorded', speed: 2 }, systemClock)
 */
export function writePayload(
  response: ServerResponse,
  payload: HttpPayload,
  timing: Timing,
  clock: Clock,
): void {
  if (payload.dropBeforeHeaders === true) {
    response.destroy()
    return
  }
  if (timing.kind === 'instant' || payload.events === undefined || payload.events.length === 0) {
    writeAtOnce(response, payload)
    return
  }
  writePaced(response, payload, payload.events, timing, clock)
}

function writeAtOnce(response: ServerResponse, payload: HttpPayload): void {
  if (!payload.truncated) {
    response.writeHead(payload.status, payload.headers)
    response.end(payload.body)
    return
  }
  response.writeHead(payload.status, payload.streamHeaders)
  response.write(payload.body, () => response.destroy())
}

function writePaced(
  response: ServerResponse,
  payload: HttpPayload,
  events: NonNullable<HttpPayload['events']>,
  timing: Timing,
  clock: Clock,
): void {
  const start = clock.now()
  let next = 0
  let timer: NodeJS.Timeout | undefined
  response.once('close', () => clearTimeout(timer))
  // Written over time: a client that goes away between two events must not crash the server.
  response.on('error', () => clearTimeout(timer))
  response.writeHead(payload.status, payload.streamHeaders)
  response.flushHeaders()

  const pump = () => {
    timer = undefined
    if (response.destroyed) return
    const elapsed = clock.now() - start
    response.cork()
    while (next < events.length) {
      const event = events[next]
      if (event === undefined || replayOffset(event.at, timing) > elapsed) break
      next++
      const isLast = next === events.length
      if (isLast && payload.truncated) response.write(event.bytes, () => response.destroy())
      else response.write(event.bytes)
    }
    response.uncork()
    const upcoming = events[next]
    if (upcoming === undefined) {
      if (!payload.truncated) response.end()
      return
    }
    timer = setTimeout(pump, Math.max(0, replayOffset(upcoming.at, timing) - (clock.now() - start)))
  }
  pump()
}
