/**
 * Options of the replay server, its defaults, and the handle `startTapedeck` returns.
 * @module
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { OnExhausted } from '../cassette/model.js'
import type { LoadedCassette } from '../replay/exchange-index.js'
import type { TimingOption, Timing } from '../replay/timing.js'
import type { ExchangeSource, ReplayStats, Replayer } from '../replay/types.js'
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'

/**
 * The modes of the mode machine. Only `replay` exists so far; the others come with recording.
 *
 * @example
 * MODES.includes(flag as Mode) // validate a mode name
 */
export const MODES = ['replay', 'record', 'auto', 'passthrough'] as const

/** A server mode. */
export type Mode = (typeof MODES)[number]

/**
 * What to do with a request no recording answers. Only `error` exists so far.
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

/** Handles one WebSocket upgrade of `GET /v1/responses`. */
export type WebSocketUpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void

/** An upgrade handler that may own connections to end when the server closes. */
export type ServerWebSocketHandler = WebSocketUpgradeHandler & { close?: () => Promise<void> }

/** What a WebSocket transport gets from the server. */
export interface WebSocketHandlerContext {
  replayer: Replayer
  logger: Logger
  clock: Clock
  timing: Timing
}

/** Options of {@link startTapedeck}. Every field is optional. */
export interface TapedeckOptions {
  /** Port to listen on; `0` (the default here, 8787 on the CLI) picks a free one. */
  port?: number
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string
  /** One cassette file (or several) to replay. */
  cassette?: string | string[]
  /** A folder whose `*.yaml` / `*.yml` files (recursively) are all replayed. */
  scenarios?: string
  /** Cassettes already in memory, replayed after the files above. */
  cassettes?: LoadedCassette[]
  /** Default `replay`. */
  mode?: Mode
  /** Default `instant`. A number is a speed multiplier: 2 = twice as fast as recorded. */
  timing?: TimingOption
  /** Overrides every cassette's `match.on_exhausted` when set. */
  onExhausted?: OnExhausted
  /** Default `error`. */
  onMiss?: OnMiss
  /** Default: silent. */
  logger?: Logger
  /** Default: the system clock. */
  clock?: Clock
  /** Largest accepted request body. Default 32 MiB. */
  maxBodyBytes?: number
  /**
   * Builds the handler of Responses WebSocket-mode upgrades. Default: tapedeck's own
   * (`createResponsesWebSocketHandler`). Pass your own to replace it.
   */
  createWebSocketHandler?: (context: WebSocketHandlerContext) => ServerWebSocketHandler
}

/** The run summary. */
export interface TapedeckStats extends ReplayStats {
  /** Where each unused exchange was recorded. */
  unusedExchanges: ExchangeSource[]
}

/** A running server. */
export interface RunningTapedeck {
  /** What to give the OpenAI SDKs: `http://127.0.0.1:PORT/v1`. */
  baseURL: string
  /** The port actually listened on. */
  port: number
  /** The server's origin: `http://127.0.0.1:PORT`. */
  url: string
  /** Stop listening, end open connections, and resolve when everything is closed. */
  close(): Promise<void>
  /** Hits, misses and unused exchanges so far. */
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
  maxBodyBytes: 32 * 1024 * 1024,
} as const satisfies TapedeckOptions

/**
 * The port `tapedeck serve` listens on unless told otherwise.
 *
 * @example
 * `http://127.0.0.1:${DEFAULT_CLI_PORT}/v1` // what to put in OPENAI_BASE_URL
 */
export const DEFAULT_CLI_PORT = 8787
