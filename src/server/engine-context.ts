/**
 * One engine context: what serves the requests of one set of cassettes in one mode. The server's
 * default context answers requests that name no registered scope; every scope registered through
 * the admin API (scopes/) gets a context of its own, built by this same function, so a scope
 * replays, forwards and records exactly as a server started on its cassette would.
 * @module
 */
import type { RequestListener } from 'node:http'
import { createHttpPayloads } from '../replay/http-payloads.js'
import type { LoadedCassette } from '../replay/exchange-index.js'
import type { Replayer } from '../replay/types.js'
import { createResponsesWebSocketHandler } from '../websocket/index.js'
import { createErrorOnMiss, createForwardOnMiss, createHttpExchangeHandler } from './handle-http-exchange.js'
import { withMissLog } from './miss-log.js'
import { contactsUpstream, forwardsEverything, forwardsMisses } from './mode.js'
import { openModeCassettes, type ModeCassettes } from './mode-cassettes.js'
import type { Mode, RecordingTarget, ServerWebSocketHandler, TapedeckOptions, TapedeckStats } from './options.js'
import { createRelayUpgradeHandler } from './relay-upgrades.js'
import { createRequestListener } from './request-listener.js'
import type { ResolvedOptions } from './resolve-options.js'
import type { RequestIds } from '../protocol/openai-error.js'
import { createUpstreamBridge } from './upstream-bridge.js'

/**
 * Builds the replayer of a context from the cassettes it replays and what its mode opened
 * (create-server.ts owns the one implementation, so every context decorates it the same way).
 */
export type ReplayerFactory = (settings: ResolvedOptions, cassettes: LoadedCassette[], opened: ModeCassettes) => Replayer

/** What a context needs besides its settings. */
export interface EngineContextDependencies {
  buildReplayer: ReplayerFactory
  /** Serves what the context does not replay itself (health, model list, unknown routes). */
  fallback: RequestListener
  requestIds: RequestIds
  /** Cassettes already in memory, replayed after the files of the settings. */
  cassettes?: LoadedCassette[]
  createWebSocketHandler?: TapedeckOptions['createWebSocketHandler']
}

/** A context, ready to serve. */
export interface EngineContext {
  mode: Mode
  replayer: Replayer
  /** How many cassettes and interactions were loaded. */
  loaded: { cassettes: number; interactions: number }
  /** The upstream requests may go to; undefined when this context never contacts one. */
  upstream: string | undefined
  recording: RecordingTarget | undefined
  /** Serves the context's `/v1` requests (everything else goes to the fallback). */
  listener: RequestListener
  /** Serves the context's `GET /v1/responses` upgrades. */
  webSocketHandler: ServerWebSocketHandler
  /** The explanations of the first misses (at most 20). */
  missed(): string[]
  stats(): TapedeckStats
  /** End the context's WebSocket connections. */
  closeConnections(): Promise<void>
  /**
   * Wait for the recordings in flight and write them; call it once connections are closed.
   * Rejects when a cassette write failed.
   */
  flush(): Promise<void>
}

/**
 * Open the cassettes of `settings` and wire replay, forwarding and recording for its mode.
 *
 * @example
 * const context = await createEngineContext(resolveOptions({ mode: 'auto', cassette: 'a.yaml' }),
 *   { buildReplayer, fallback: app, requestIds })
 * http.createServer(context.listener)
 */
export async function createEngineContext(
  settings: ResolvedOptions,
  deps: EngineContextDependencies,
): Promise<EngineContext> {
  const { logger, clock, timing, mode, onMiss } = settings
  const { requestIds } = deps
  const opened = await openModeCassettes(settings)
  const cassettes = forwardsEverything(mode) ? [] : [...opened.replay, ...(deps.cassettes ?? [])]
  const logged = withMissLog(deps.buildReplayer(settings, cassettes, opened))
  const replayer = logged.replayer
  const payloads = createHttpPayloads()
  payloads.precompile(replayer.exchanges())
  const loaded = {
    cassettes: cassettes.length,
    interactions: cassettes.reduce((sum, { cassette }) => sum + cassette.interactions.length, 0),
  }
  const upstream = contactsUpstream(mode, onMiss) ? settings.upstream : undefined
  const bridge =
    upstream === undefined
      ? undefined
      : createUpstreamBridge({ upstream, redactor: settings.redactor, logger, clock, sink: opened.sink, requestIds })

  const handleExchange = createHttpExchangeHandler({
    replayer,
    payloads,
    timing,
    clock,
    logger,
    requestIds,
    onMiss:
      bridge !== undefined && forwardsMisses(mode, onMiss)
        ? createForwardOnMiss(bridge.forwardHttp, logger)
        : createErrorOnMiss(requestIds, logger),
  })
  const modelsRecorded = replayer
    .exchanges()
    .some((exchange) => exchange.method === 'GET' && exchange.path === '/v1/models')
  const listener = createRequestListener({
    handleExchange,
    ...(bridge !== undefined && forwardsEverything(mode) ? { forwardEverything: bridge.forwardHttp } : {}),
    fallback: deps.fallback,
    // A model list that was not recorded is a miss like any other when misses go upstream.
    modelsRecorded: modelsRecorded || forwardsMisses(mode, onMiss),
    maxBodyBytes: settings.maxBodyBytes,
    requestIds,
    logger,
  })
  let webSocketHandler: ServerWebSocketHandler
  if (bridge !== undefined && forwardsEverything(mode)) webSocketHandler = createRelayUpgradeHandler(bridge)
  else {
    const createWebSocketHandler = deps.createWebSocketHandler ?? createResponsesWebSocketHandler
    webSocketHandler = createWebSocketHandler({
      replayer,
      logger,
      clock,
      timing,
      requestIds,
      ...(bridge === undefined
        ? {}
        : { handOver: ({ socket, request, first }) => bridge.relayWebSocket(socket, request, first) }),
    })
  }

  return {
    mode,
    replayer,
    loaded,
    upstream,
    recording: opened.target,
    listener,
    webSocketHandler,
    missed: logged.missed,
    stats() {
      const unusedExchanges = replayer.unused().map((exchange) => exchange.source)
      const stats: TapedeckStats = { ...replayer.stats(), unusedExchanges }
      if (bridge !== undefined) stats.forwarded = bridge.forwarded()
      if (bridge !== undefined || opened.sink !== undefined) stats.recorded = opened.sink?.recorded() ?? 0
      return stats
    },
    closeConnections: async () => {
      await webSocketHandler.close?.()
    },
    // Exchanges cut by a shutdown settle now; their recordings are written before resolving.
    flush: async () => {
      if (bridge !== undefined) await bridge.close()
      else await opened.sink?.close()
    },
  }
}
