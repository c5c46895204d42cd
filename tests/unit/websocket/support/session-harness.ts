/**
 * A harness for the session state machine: an in-test Replayer over a list of exchanges (matched
 * on the canonical body, in order), a clock whose sleeps wait until the test releases them, and
 * an IO that collects frames.
 */
import type { Exchange, Lookup, ReplayQuery, Replayer } from '../../../../src/replay/types.js'
import type { Timing, TimingOption } from '../../../../src/replay/timing.js'
import { canonicalBody } from '../../../../src/matching/canonical-request.js'
import type { Clock } from '../../../../src/util/clock.js'
import type { JsonObject } from '../../../../src/util/json.js'
import { silentLogger } from '../../../../src/util/logger.js'
import { stableStringify } from '../../../../src/util/stable-stringify.js'
import { createResponsesSession, type ResponsesSession } from '../../../../src/websocket/session.js'
import type { SessionLimits } from '../../../../src/websocket/limits.js'
import { responseToEvents } from '../../../../src/synthetic/response-to-events.js'
import { completedResponse, messageItem } from '../../../support/responses.js'

/** A replayer over `exchanges`: first unused exchange with an equal canonical body wins. */
export function listReplayer(exchanges: Exchange[]): Replayer & { queries: ReplayQuery[] } {
  const used = new Set<Exchange>()
  const queries: ReplayQuery[] = []
  let misses = 0
  const same = (exchange: Exchange, query: ReplayQuery) =>
    stableStringify(canonicalBody('responses', exchange.body)) ===
    stableStringify(canonicalBody('responses', query.body))
  return {
    queries,
    lookup(query): Lookup {
      queries.push(query)
      const exchange = exchanges.find((candidate) => !used.has(candidate) && same(candidate, query))
      if (exchange === undefined) {
        misses++
        return { kind: 'miss', reason: 'no_match', message: `no recording for ${stableStringify(query.body)}` }
      }
      used.add(exchange)
      return { kind: 'hit', exchange }
    },
    unused: () => exchanges.filter((exchange) => !used.has(exchange)),
    add: (exchange) => {
      exchanges.push(exchange)
    },
    exchanges: () => exchanges,
    stats: () => ({
      exchanges: exchanges.length,
      hits: used.size,
      misses,
      unused: exchanges.length - used.size,
    }),
    resetScope: () => used.clear(),
  }
}

/** A WebSocket-turn exchange answering `body` with `events`, recorded `gapMs` apart. */
export function turnExchange(
  body: JsonObject,
  events: JsonObject[],
  options: { gapMs?: number; truncated?: boolean; transport?: 'websocket' | 'sse' } = {},
): Exchange {
  const gap = options.gapMs ?? 10
  return {
    endpoint: 'responses',
    method: 'GET',
    path: '/v1/responses',
    body,
    key: stableStringify(body),
    source: { cassette: 'test.yaml', interaction: 0, turn: 0, transport: options.transport ?? 'websocket' },
    answer: {
      kind: 'stream',
      status: 200,
      headers: {},
      events: events.map((data, index) => ({ at: 100 + index * gap, data })),
      truncated: options.truncated === true,
    },
  }
}

/**
 * The frames replay sends for a JSON Response recording (answer-frames.ts): one delta per text,
 * no obfuscation.
 */
export function responseFrames(response: JsonObject): JsonObject[] {
  return responseToEvents(response, 'test', { chunking: 'whole', obfuscation: false }).flatMap((event) =>
    'data' in event ? [event.data] : [],
  )
}

/** The canonical events of a one-message completed response. */
export function textEvents(id: string, text: string): JsonObject[] {
  return responseFrames(completedResponse(id, [messageItem(`msg_${id}`, text)]))
}

/** A clock whose `sleep` resolves only when the test calls `release()`. */
export function gatedClock(): { clock: Clock; release: () => void; advance: (ms: number) => void; sleeps: number[] } {
  let now = 1_000_000
  let gates: Array<() => void> = []
  const sleeps: number[] = []
  return {
    sleeps,
    clock: {
      now: () => now,
      sleep: (ms) => {
        sleeps.push(ms)
        return new Promise((resolve) => gates.push(resolve))
      },
    },
    release: () => {
      const open = gates
      gates = []
      for (const resolve of open) resolve()
    },
    advance: (ms) => {
      now += ms
    },
  }
}

/** Let pending promise callbacks and immediates run. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A session with collected output. */
export interface Harness {
  session: ResponsesSession
  replayer: ReturnType<typeof listReplayer>
  frames: JsonObject[]
  /** Every frame as sent, JSON or not. */
  texts: string[]
  closes: Array<{ code: number; reason: string }>
  terminated: () => boolean
  /** Send a client event object as a text frame. */
  send: (event: JsonObject) => void
}

/** Start a session over `exchanges`. */
export function startSession(
  exchanges: Exchange[],
  options: { clock?: Clock; timing?: Timing | TimingOption; limits?: Partial<SessionLimits> } = {},
): Harness {
  const replayer = listReplayer(exchanges)
  const frames: JsonObject[] = []
  const texts: string[] = []
  const closes: Array<{ code: number; reason: string }> = []
  let terminated = false
  const session = createResponsesSession({
    replayer,
    clock: options.clock ?? { now: () => 0, sleep: () => Promise.resolve() },
    logger: silentLogger,
    timing: options.timing ?? 'instant',
    scope: 'default',
    headers: {},
    path: '/v1/responses',
    limits: options.limits,
    io: {
      send: (frame) => {
        texts.push(frame)
        if (frame.startsWith('{')) frames.push(JSON.parse(frame) as JsonObject)
      },
      close: (code, reason) => closes.push({ code, reason }),
      terminate: () => {
        terminated = true
      },
    },
  })
  return {
    session,
    replayer,
    frames,
    texts,
    closes,
    terminated: () => terminated,
    send: (event) => session.receive(JSON.stringify(event), false),
  }
}
