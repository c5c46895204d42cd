/**
 * `startTapedeck`: the server in one of four modes (mode.ts): load cassettes, build the replayer,
 * open the recording target, and serve HTTP (JSON, SSE, generic routes) and Responses WebSocket
 * mode, replayed, forwarded, or both.
 * @module
 */
import { createServer, type Server } from 'node:http'
import { TapedeckError } from '../errors.js'
import { createHttpPayloads } from '../replay/http-payloads.js'
import { createReplayer } from '../replay/replayer.js'
import { createResponsesWebSocketHandler } from '../websocket/index.js'
import { createApp } from './create-app.js'
import { createErrorOnMiss, createForwardOnMiss, createHttpExchangeHandler } from './handle-http-exchange.js'
import { contactsUpstream, forwardsEverything, forwardsMisses } from './mode.js'
import { openModeCassettes } from './mode-cassettes.js'
import type { RunningTapedeck, ServerWebSocketHandler, TapedeckOptions, TapedeckStats } from './options.js'
import { redactingReplayer } from './redacting-replayer.js'
import { createRelayUpgradeHandler } from './relay-upgrades.js'
import { createRequestListener } from './request-listener.js'
import { resolveOptions } from './resolve-options.js'
import { routeUpgrades } from './route-upgrades.js'
import { createRequestIds } from './send-error.js'
import { createUpstreamBridge } from './upstream-bridge.js'

/**
 * Start a tapedeck server for the OpenAI API.
 *
 * @example
 * const tapedeck = await startTapedeck({ cassette: 'tests/cassettes/hello.yaml' })
 * const openai = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test' })
 * const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Say hello' })
 * await tapedeck.close()
 *
 * // Record what is not in the cassette yet (keys are redacted before anything is written):
 * const recording = await startTapedeck({ mode: 'auto', cassette: 'tests/cassettes/hello.yaml' })
 */
export async function startTapedeck(options: TapedeckOptions = {}): Promise<RunningTapedeck> {
  const settings = resolveOptions(options)
  const { logger, clock, timing, mode, onMiss } = settings
  if (mode !== 'replay' && onMiss !== 'error') {
    logger.warn(`onMiss "${onMiss}" applies to replay mode only; ${mode} mode ignores it.`)
  }
  const opened = await openModeCassettes(settings)
  const cassettes = forwardsEverything(mode) ? [] : [...opened.replay, ...(options.cassettes ?? [])]
  const replayer = redactingReplayer(
    createReplayer({ cassettes, onExhausted: settings.onExhausted }),
    settings.redactor,
  )
  const payloads = createHttpPayloads()
  payloads.precompile(replayer.exchanges())
  const requestIds = createRequestIds()
  const loaded = {
    cassettes: cassettes.length,
    interactions: cassettes.reduce((sum, { cassette }) => sum + cassette.interactions.length, 0),
  }
  const upstream = contactsUpstream(mode, onMiss) ? settings.upstream : undefined
  const bridge =
    upstream === undefined
      ? undefined
      : createUpstreamBridge({ upstream, redactor: settings.redactor, logger, clock, sink: opened.sink })

  const app = createApp({ mode, replayer, loaded, requestIds, logger })
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
  const server = createServer(
    createRequestListener({
      handleExchange,
      ...(bridge !== undefined && forwardsEverything(mode) ? { forwardEverything: bridge.forwardHttp } : {}),
      fallback: app,
      // A model list that was not recorded is a miss like any other when misses go upstream.
      modelsRecorded: modelsRecorded || forwardsMisses(mode, onMiss),
      maxBodyBytes: settings.maxBodyBytes,
      requestIds,
      logger,
    }),
  )
  let webSocketHandler: ServerWebSocketHandler
  if (bridge !== undefined && forwardsEverything(mode)) webSocketHandler = createRelayUpgradeHandler(bridge)
  else {
    const createWebSocketHandler = options.createWebSocketHandler ?? createResponsesWebSocketHandler
    webSocketHandler = createWebSocketHandler({
      replayer,
      logger,
      clock,
      timing,
      ...(bridge === undefined
        ? {}
        : { handOver: ({ socket, request, first }) => bridge.relayWebSocket(socket, request, first) }),
    })
  }
  const upgraded = routeUpgrades(server, webSocketHandler, requestIds, logger)

  await listen(server, settings.port, settings.host)
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : settings.port
  const hostInUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host
  const url = `http://${hostInUrl}:${port}`
  logger.info(
    `${mode} mode: ${count(loaded.cassettes, 'cassette')}, ` +
      `${count(loaded.interactions, 'interaction')}, ` +
      `${count(replayer.stats().exchanges, 'exchange')}, timing ${describeTiming(settings.timing)}`,
  )

  let closing: Promise<void> | undefined
  return {
    baseURL: `${url}/v1`,
    port,
    url,
    mode,
    upstream,
    recording: opened.target,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await webSocketHandler.close?.()
        upgraded.destroyAll()
        await stopped
        // Exchanges cut by the shutdown settle now; their recordings are written before resolving.
        await bridge?.close()
      })()
      return closing
    },
    stats() {
      const unusedExchanges = replayer.unused().map((exchange) => exchange.source)
      const stats: TapedeckStats = { ...replayer.stats(), unusedExchanges }
      if (bridge !== undefined) {
        stats.forwarded = bridge.forwarded()
        stats.recorded = opened.sink?.recorded() ?? 0
      }
      return stats
    },
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new TapedeckError(
          'TAPEDECK_OPTIONS_INVALID',
          `Failed to listen on ${host}:${port}: ${error.code ?? error.message}. ` +
            'Pick another port (0 picks a free one) or stop the process that holds it.',
          { cause: error },
        ),
      )
    }
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`
}

function describeTiming(timing: ReturnType<typeof resolveOptions>['timing']): string {
  return timing.kind === 'instant' ? 'instant' : timing.speed === 1 ? 'recorded' : `recorded ×${timing.speed}`
}
