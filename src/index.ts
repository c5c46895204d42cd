/**
 * tapedeck's public API: start a replay server for the OpenAI API, read and write cassettes.
 *
 * @example
 * import OpenAI from 'openai'
 * import { startTapedeck } from 'tapedeck'
 *
 * const tapedeck = await startTapedeck({ cassette: 'tests/cassettes/hello.yaml' })
 * const openai = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test' })
 * const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Say hello' })
 * await tapedeck.close()
 * @module
 */

export { startTapedeck } from './server/create-server.js'
export {
  DEFAULT_CLI_PORT,
  DEFAULT_OPTIONS,
  MODES,
  ON_EXHAUSTED_POLICIES,
  ON_MISS_STRATEGIES,
  type Mode,
  type OnMiss,
  type RunningTapedeck,
  type SynthesizeGenerator,
  type SynthesizeOptions,
  type ServerWebSocketHandler,
  type TapedeckOptions,
  type TapedeckStats,
  type WebSocketHandlerContext,
  type WebSocketUpgradeHandler,
} from './server/options.js'
export { loadCassetteFile, loadCassettes } from './server/load-cassettes.js'
export {
  createResponsesWebSocketHandler,
  type ResponsesWebSocketHandler,
  type ResponsesWebSocketOptions,
} from './websocket/index.js'

export { TapedeckError, isTapedeckError, type TapedeckErrorCode, type TapedeckErrorOptions } from './errors.js'

export { parseCassette, stringifyCassette } from './cassette/yaml-codec.js'
export {
  CASSETTE_VERSION,
  SUPPORTED_CASSETTE_VERSIONS,
  type Cassette,
  type CassetteMatchOptions,
  type CassetteMeta,
  type HttpInteraction,
  type Interaction,
  type InteractionBase,
  type OnExhausted,
  type RecordedRequest,
  type SseEvent,
  type SseInteraction,
  type TransportKind,
  type WebSocketClose,
  type WebSocketFrame,
  type WebSocketInteraction,
  type WebSocketTurn,
} from './cassette/model.js'

export { createReplayer, type ReplayerOptions } from './replay/replayer.js'
export { composeReplayer } from './replay/compose-replayer.js'
export { resolveMode, isCiEnvironment, type ResolvedMode } from './server/mode.js'
export type { LoadedCassette } from './replay/exchange-index.js'
export type {
  Answer,
  EndpointKind,
  Exchange,
  ExchangeSource,
  Lookup,
  Replayer,
  ReplayQuery,
  ReplayStats,
} from './replay/types.js'
export { resolveTiming, type Timing, type TimingOption } from './replay/timing.js'

export { systemClock, type Clock } from './util/clock.js'
export { createMemoryLogger, silentLogger, type Logger, type LogLevel } from './util/logger.js'

export {
  validateChatChunks,
  validateInteraction,
  validateJsonBody,
  validateResponsesEvents,
  validateWebSocketTurn,
  RULES,
  VALIDATION_PROFILES,
  type ValidationProfile,
  type ValidationResult,
  type Violation,
} from './validation/index.js'
export { vcrpyToCassette } from './import/vcrpy.js'
export { expandReply, compactFromEvents, compactFromBody, synthesizeForMiss } from './synthetic/index.js'
export { parseRules, createRuleMatcher, type RuleMatcher } from './scenario/index.js'
