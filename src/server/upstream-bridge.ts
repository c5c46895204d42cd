/**
 * The server's way to the upstream: HTTP requests through the forwarder, Responses WebSocket
 * connections through the relay, each capture handed to the record sink when the mode records.
 * The client always gets the upstream's bytes as they arrive; capture and recording happen on
 * the side.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { WebSocket } from 'ws'
import type { RecordSink } from '../record/record-sink.js'
import type { Redactor } from '../record/redact.js'
import { createHttpForwarder } from '../upstream/http-forward.js'
import { relayResponsesWebSocket } from '../upstream/ws-relay.js'
import type { RequestIds } from '../protocol/openai-error.js'
import type { Clock } from '../util/clock.js'
import { isJsonObject, type JsonValue } from '../util/json.js'
import type { Logger } from '../util/logger.js'
import { pathOf, reportWhenAnswered } from './request-log.js'

/** What the bridge needs. */
export interface UpstreamBridgeOptions {
  /** Base URL including the API root, e.g. `https://api.openai.com/v1`. */
  upstream: string
  redactor: Redactor
  logger: Logger
  clock: Clock
  /** Where captures go; undefined when nothing is recorded (passthrough, on-miss proxy). */
  sink: RecordSink | undefined
  /** Ids of the errors tapedeck answers with (an unreachable upstream). */
  requestIds?: RequestIds
}

/** A client frame read before the connection was handed over. */
export interface FirstFrame {
  data: Buffer
  isBinary: boolean
}

/** Forwarding, relaying and their counters. */
export interface UpstreamBridge {
  /**
   * Forward one HTTP request whose body has been read; `startedAt` (`clock.now()` when the
   * request arrived) times its request event, default now.
   */
  forwardHttp(request: IncomingMessage, response: ServerResponse, body: Buffer, startedAt?: number): void
  /** Relay an accepted Responses WebSocket connection; `first` is a frame already read from it. */
  relayWebSocket(client: WebSocket, request: IncomingMessage, first?: FirstFrame): void
  /** Requests and connections sent upstream so far. */
  forwarded(): number
  /** Wait for the recordings in flight, write them, and drop pooled connections. */
  close(): Promise<void>
}

/**
 * Create the bridge.
 *
 * @example
 * const bridge = createUpstreamBridge({ upstream: 'https://api.openai.com/v1', redactor, logger, clock, sink })
 * bridge.forwardHttp(req, res, rawBody)
 */
export function createUpstreamBridge(options: UpstreamBridgeOptions): UpstreamBridge {
  const { upstream, redactor, logger, clock, sink } = options
  const forwarder = createHttpForwarder({
    upstream,
    logger,
    clock,
    capture: sink !== undefined,
    ...(options.requestIds === undefined ? {} : { requestIds: options.requestIds }),
  })
  let forwarded = 0
  // What became of what goes upstream: recorded when the mode records, else only forwarded.
  const outcome = sink === undefined ? 'forwarded' : 'recorded'

  return {
    forwardHttp(request, response, body, startedAt) {
      forwarded++
      if (logger.request !== undefined) {
        reportWhenAnswered(response, logger, clock, {
          method: request.method ?? 'GET',
          path: pathOf(request.url),
          outcome,
          startedAt: startedAt ?? clock.now(),
          wantsStream: bodyAsksForStream(body),
        })
      }
      const forward = () => {
        // A client that left while the request waited gets nothing sent upstream for it.
        if (response.destroyed) return
        const capture = forwarder.forward(request, response, body)
        if (sink !== undefined) sink.trackHttp(capture)
      }
      // Recording faster than the recorder keeps up: the request waits until it catches up.
      const ready = sink?.whenReady()
      if (ready === undefined) forward()
      else void ready.then(forward)
    },
    relayWebSocket(client, request, first) {
      forwarded++
      const report = logger.request
      if (report !== undefined) {
        const startedAt = clock.now()
        client.once('close', (code) => {
          report.call(logger, {
            method: 'GET',
            path: pathOf(request.url),
            transport: 'websocket',
            outcome,
            durationMs: Math.max(0, clock.now() - startedAt),
            detail: `connection closed (${code})`,
          })
        })
      }
      const capture = relayResponsesWebSocket({ client, request, upstream, clock, logger, redactor })
      // The relay listens for client frames from now on; a frame read before the hand-over is
      // given to it the same way, so it is recorded and queued for the upstream in order.
      if (first !== undefined) client.emit('message', first.data, first.isBinary)
      if (sink !== undefined) sink.track(capture)
    },
    forwarded: () => forwarded,
    async close() {
      try {
        await sink?.close()
      } finally {
        forwarder.close()
      }
    },
  }
}

/** `"stream": true` in a JSON body: the answer will be an event stream. */
function bodyAsksForStream(body: Buffer): boolean {
  if (body.length === 0) return false
  try {
    const parsed = JSON.parse(body.toString('utf8')) as JsonValue
    return isJsonObject(parsed) && parsed['stream'] === true
  } catch {
    return false
  }
}
