/**
 * Options of the server, its defaults, and the handle `startTapedeck` returns.
 * @module
 */
import type { CassetteCheckMode } from '../cassette/cassette-checks.js'
import type { OnExhausted } from '../cassette/model.js'
import type { RedactionOptions } from '../record/redact.js'
import type { LoadedCassette } from '../replay/exchange-index.js'
import type { TimingOption } from '../replay/timing.js'
import type { ExchangeSource, ReplayStats } from '../replay/types.js'
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'
import type { WebSocketHandlerContext, WebSocketUpgradeHandler } from '../websocket/index.js'

/**
 * The modes of the mode machine (mode.ts and docs/modes.md say what each does).
 *
 * @example
 * MODES.includes(flag as Mode) // validate a mode name
 */
export const MODES = ['replay', 'record', 'auto', 'passthrough'] as const

/** A server mode. */
export type Mode = (typeof MODES)[number]

/**
 * What a request no recording and no scenario rule answers gets in `replay` mode: `error` (a
 * 404 that explains the miss), `proxy` (forwarded upstream, not recorded) or `synthesize` (a
 * generated answer; see the `synthesize` option).
 *
 * @example
 * await startTapedeck({ onMiss: ON_MISS_STRATEGIES[0] }) // 'error'
 */
export const ON_MISS_STRATEGIES = ['error', 'synthesize', 'proxy'] as const

/** A miss strategy. */
export type OnMiss = (typeof ON_MISS_STRATEGIES)[number]

/**
 * The end-of-recordings policies.
 *
 * @example
 * await startTapedeck({ cassette: 'a.yaml', onExhausted: 'repeat_last' })
 */
export const ON_EXHAUSTED_POLICIES = ['error', 'repeat_last'] as const satisfies readonly OnExhausted[]

// Declared by the WebSocket side, which the server depends on; re-exported for the public API.
export type { WebSocketHandlerContext, WebSocketUpgradeHandler }

/**
 * An upgrade handler that may own connections to end when the server closes.
 *
 * @example
 * const refuse: WebSocketUpgradeHandler = (request, socket) => socket.destroy()
 * const handler: ServerWebSocketHandler = Object.assign(refuse, { close: async () => {} })
 */
export type ServerWebSocketHandler = WebSocketUpgradeHandler & { close?: () => Promise<void> }

/** Recording settings. */
export interface RecordOptions {
  /** How long completed interactions wait to be written in one batch. Default 200 ms. */
  flushIntervalMs?: number
  /** `meta.recorded_with` of cassettes this server creates or rewrites. Default `tapedeck`. */
  recordedWith?: string
}

/**
 * Where synthesized texts come from: `echo` (`Echo: <last user message>`), `lorem`
 * (deterministic lorem ipsum) or a fixed text.
 *
 * @example
 * await startTapedeck({ onMiss: 'synthesize', synthesize: { generator: { fixed: 'OK' } } })
 */
export type SynthesizeGenerator = 'echo' | 'lorem' | { fixed: string }

/** Settings of `onMiss: 'synthesize'`. */
export interface SynthesizeOptions {
  /** Where texts come from. Default `echo`. */
  generator?: SynthesizeGenerator
  /**
   * Append every synthesized answer to the first `cassette` file (created when missing), marked
   * `synthetic: true`, so later runs replay it. Default false.
   */
  record?: boolean
}

/** Options of {@link startTapedeck}. Every field is optional. */
export interface TapedeckOptions {
  /** Port to listen on; `0` (the default here, 8787 on the CLI) picks a free one. */
  port?: number
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /**
   * One cassette file (or several) to replay. In `record` and `auto` the first one is also where
   * recordings go (created when missing).
   */
  cassette?: string | string[]
  /** A folder whose `*.yaml` / `*.yml` files (recursively) are all replayed. */
  scenarios?: string
  /** Cassettes already in memory, replayed after the files above. */
  cassettes?: LoadedCassette[]
  /**
   * Default `replay` (a library never reaches the network unless told to). `tapedeck serve`
   * defaults to `auto` locally and `replay` in CI (see `resolveMode` in mode.ts).
   */
  mode?: Mode
  /** The API to forward to, including its API root. Default `https://api.openai.com/v1`. */
  upstream?: string
  /**
   * Redaction of everything recorded, on by default; the same redaction is applied to incoming
   * requests before matching, so that redacted recordings still match.
   */
  redact?: RedactionOptions
  record?: RecordOptions
  /** Default `instant`. A number is a speed multiplier: 2 = twice as fast as recorded. */
  timing?: TimingOption
  /** Overrides every cassette's `match.on_exhausted` when set. */
  onExhausted?: OnExhausted
  /** Default `error`. Applies to `replay` mode only. */
  onMiss?: OnMiss
  /** Settings of `onMiss: 'synthesize'`. */
  synthesize?: SynthesizeOptions
  /**
   * Check every replayed cassette with the stream validator (`wire` profile) when it is loaded:
   * `warn` (the default) logs each finding with its file:line:column, `error` refuses the
   * cassette, `off` skips the check.
   */
  validate?: CassetteCheckMode
  /** Default: silent. */
  logger?: Logger
  /** Default: the system clock. */
  clock?: Clock
  /** Largest accepted request body. Default 32 MiB. */
  maxBodyBytes?: number
  /**
   * Builds the handler of Responses WebSocket-mode upgrades in `replay` and `auto`. Default:
   * tapedeck's own (`createResponsesWebSocketHandler`). Pass your own to replace it; honour the
   * context's `handOver` to keep recording misses in `auto`, and take the ids of refused upgrades
   * from its `requestIds`. `record` and `passthrough` relay every connection and do not use it.
   */
  createWebSocketHandler?: (context: WebSocketHandlerContext) => ServerWebSocketHandler
}

/** The run summary. */
export interface TapedeckStats extends ReplayStats {
  /** Where each unused exchange was recorded. */
  unusedExchanges: ExchangeSource[]
  /** Requests and WebSocket connections sent upstream. Absent when the mode never contacts it. */
  forwarded?: number
  /** Interactions queued to the cassette. Absent when the mode never contacts the upstream. */
  recorded?: number
}

/** Where recordings go. */
export interface RecordingTarget {
  file: string
  /** Interactions the file held at start (0 when it did not exist). */
  interactions: number
}

/** A running server. */
export interface RunningTapedeck {
  /** What to give the OpenAI SDKs: `http://127.0.0.1:PORT/v1`. */
  baseURL: string
  /** The port actually listened on. */
  port: number
  /** The server's origin: `http://127.0.0.1:PORT`. */
  url: string
  /** The mode in effect. */
  mode: Mode
  /** The upstream requests may go to; undefined when this server never contacts one. */
  upstream: string | undefined
  /** Where recordings go (`record` and `auto`). */
  recording: RecordingTarget | undefined
  /**
   * Stop listening, end open connections, wait for the recordings in flight, and resolve when
   * every recording is on disk. Rejects when a cassette write failed.
   */
  close(): Promise<void>
  /** Hits, misses, unused exchanges, and what was forwarded and recorded so far. */
  stats(): TapedeckStats
}

/**
 * Defaults shared by the API and the CLI (the CLI listens on {@link DEFAULT_CLI_PORT}).
 *
 * @example
 * DEFAULT_OPTIONS.maxBodyBytes // 33554432 (32 MiB)
 */
export const DEFAULT_OPTIONS = {
  port: 0,
  host: '127.0.0.1',
  mode: 'replay',
  timing: 'instant',
  onMiss: 'error',
  upstream: 'https://api.openai.com/v1',
  maxBodyBytes: 32 * 1024 * 1024,
  validate: 'warn',
  record: { flushIntervalMs: 200, recordedWith: 'tapedeck' },
} as const satisfies TapedeckOptions

/**
 * The port `tapedeck serve` listens on unless told otherwise.
 *
 * @example
 * `http://127.0.0.1:${DEFAULT_CLI_PORT}/v1` // what to put in OPENAI_BASE_URL
 */
export const DEFAULT_CLI_PORT = 8787
