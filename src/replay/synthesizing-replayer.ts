/**
 * `onMiss: 'synthesize'` behind the Replayer interface: what the inner replayer (recordings,
 * then rules) misses gets a generated answer (a required tool call with schema-valid arguments,
 * a structured-output JSON text, or the configured text). Ids derive from the request and how
 * often its session sent it, so two runs give the same answers. Pure: recording goes through
 * the injected callback.
 * @module
 */
import type { HttpInteraction, RecordedRequest, SseInteraction } from '../cassette/model.js'
import { createOrderCounters } from '../matching/order-counters.js'
import { requestKey } from '../matching/request-key.js'
import { RESPONSES_PATH } from '../protocol/endpoints.js'
import type { CompactReply } from '../scenario/types.js'
import { answerToInteraction, expandReply } from '../synthetic/expand-reply.js'
import { synthesizeForMiss, type MissGenerator } from '../synthetic/synthesize-miss.js'
import type { SyntheticAnswer } from '../synthetic/types.js'
import {
  expansionContext,
  generatedExchange,
  generationTarget,
  sessionOf,
  type GenerationTarget,
} from './generated-exchange.js'
import { delegateTo } from './delegate.js'
import type { Replayer, ReplayQuery } from './types.js'

/** What `source.cassette` says of a synthesized exchange that is not recorded anywhere. */
export const SYNTHETIC_SOURCE = '(synthesized)'

/** Options of {@link synthesizingReplayer}. */
export interface SynthesizingOptions {
  /** Where texts come from: `echo` (default), `lorem`, or a fixed text. */
  generator?: MissGenerator
  /**
   * Receives every synthesized answer as a cassette interaction marked `synthetic: true` (the
   * HTTP form; a WebSocket turn is recorded as the SSE stream of `POST /v1/responses`, which
   * replays over both transports).
   */
  record?: (interaction: HttpInteraction | SseInteraction) => void
}

/**
 * Answer what `inner` misses with generated answers. Requests the generator cannot answer (other
 * endpoints than Responses and Chat Completions) stay misses.
 *
 * @example
 * const replayer = synthesizingReplayer(createReplayer({ cassettes }), { generator: 'echo' })
 * replayer.lookup({ method: 'POST', path: '/v1/responses', headers: {}, scope: 'default',
 *   body: { model: 'gpt-5', input: 'Hi' } })
 * // a hit whose answer is a Response with the text 'Echo: Hi' (source.synthetic: true)
 */
export function synthesizingReplayer(inner: Replayer, options: SynthesizingOptions = {}): Replayer {
  const generator = options.generator ?? 'echo'
  const counters = createOrderCounters()
  let synthesized = 0

  return {
    ...delegateTo(inner),
    lookup(query) {
      const found = inner.lookup(query)
      if (found.kind === 'hit') return found
      const target = generationTarget(query)
      if (target === undefined) {
        const note =
          'Not synthesized: --on-miss synthesize answers only Responses (HTTP and WebSocket) and ' +
          'Chat Completions requests with a JSON body.'
        return { ...found, message: `${found.message}\n${note}` }
      }
      const key = requestKey(query)
      const seed = `synthetic:${key}.${counters.take(sessionOf(query), key)}`
      const reply = synthesizeForMiss(target.request, target.endpoint, { generator, seed })
      const answer = expandReply(target.endpoint, reply, expansionContext(target, seed))
      synthesized++
      options.record?.(recordedForm(query, target, answer, () => expandAsSse(target, reply, seed)))
      const origin = { cassette: SYNTHETIC_SOURCE, synthetic: true }
      return { kind: 'hit', exchange: generatedExchange(query, target, answer, origin, key) }
    },
    stats() {
      const stats = inner.stats()
      return {
        ...stats,
        misses: stats.misses - synthesized,
        synthesized: (stats.synthesized ?? 0) + synthesized,
      }
    },
    resetScope(scope) {
      inner.resetScope(scope)
      counters.reset(scope)
    },
    endSession(session) {
      inner.endSession?.(session)
      counters.reset(session)
    },
  }
}

/** The interaction that replays this answer: over HTTP as answered, a WebSocket turn as SSE. */
function recordedForm(
  query: ReplayQuery,
  target: GenerationTarget,
  answer: SyntheticAnswer,
  asSse: () => SyntheticAnswer,
): HttpInteraction | SseInteraction {
  if (target.transport === 'websocket') {
    return answerToInteraction(asSse(), { method: 'POST', path: RESPONSES_PATH, body: target.request })
  }
  const method = query.method.toUpperCase()
  const request: RecordedRequest = { method, path: query.path, body: target.request }
  if (query.query !== undefined) request.query = query.query
  return answerToInteraction(answer, request)
}

/** The same reply, with the same seed (so the same ids), as an HTTP event stream. */
function expandAsSse(target: GenerationTarget, reply: CompactReply, seed: string): SyntheticAnswer {
  const context = { request: target.request, seed, stream: true, transport: 'http' } as const
  return expandReply(target.endpoint, reply, context)
}
