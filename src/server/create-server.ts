/**
 * `startTapedeck`: load cassettes, build the replayer, and serve it over HTTP (JSON, SSE,
 * generic routes) and Responses WebSocket mode.
 * @module
 */
import { createServer, type Server } from 'node:http'
import { TapedeckError } from '../errors.js'
import { createHttpPayloads } from '../replay/http-payloads.js'
import { createReplayer } from '../replay/replayer.js'
import { createResponsesWebSocketHandler } from '../websocket/index.js'
import { createApp } from './create-app.js'
import { createHttpExchangeHandler } from './handle-http-exchange.js'
import { loadCassettes } from './load-cassettes.js'
import type { RunningTapedeck, TapedeckOptions } from './options.js'
import { createRequestListener } from './request-listener.js'
import { resolveOptions } from './resolve-options.js'
import { routeUpgrades } from './route-upgrades.js'
import { createRequestIds } from './send-error.js'

/**
 * Start a replay server for the OpenAI API.
 *
 * @example
 * const tapedeck = await startTapedeck({ cassette: 'tests/cassettes/hello.yaml' })
 * const openai = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test' })
 * const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Say hello' })
 * await tapedeck.close()
 */
export async function startTapedeck(options: TapedeckOptions = {}): Promise<RunningTapedeck> {
  const settings = resolveOptions(options)
  const { logger, clock, timing } = settings
  const cassettes = [
    ...(await loadCassettes({ files: settings.files, folder: settings.folder, logger })),
    ...(options.cassettes ?? []),
  ]
  const replayer = createReplayer({ cassettes, onExhausted: settings.onExhausted })
  const payloads = createHttpPayloads()
  payloads.precompile(replayer.exchanges())
  const requestIds = createRequestIds()
  const loaded = {
    cassettes: cassettes.length,
    interactions: cassettes.reduce((sum, { cassette }) => sum + cassette.interactions.length, 0),
  }

  const app = createApp({ mode: settings.mode, replayer, loaded, requestIds, logger })
  const handleExchange = createHttpExchangeHandler({
    replayer,
    payloads,
    timing,
    clock,
    logger,
    requestIds,
  })
  const modelsRecorded = replayer
    .exchanges()
    .some((exchange) => exchange.method === 'GET' && exchange.path === '/v1/models')
  const server = createServer(
    createRequestListener({
      handleExchange,
      fallback: app,
      modelsRecorded,
      maxBodyBytes: settings.maxBodyBytes,
      requestIds,
      logger,
    }),
  )
  const createWebSocketHandler = options.createWebSocketHandler ?? createResponsesWebSocketHandler
  const webSocketHandler = createWebSocketHandler({ replayer, logger, clock, timing })
  const upgraded = routeUpgrades(server, webSocketHandler, requestIds, logger)

  await listen(server, settings.port, settings.host)
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : settings.port
  const hostInUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host
  const url = `http://${hostInUrl}:${port}`
  logger.info(
    `${settings.mode} mode: ${count(loaded.cassettes, 'cassette')}, ` +
      `${count(loaded.interactions, 'interaction')}, ` +
      `${count(replayer.stats().exchanges, 'exchange')}, timing ${describeTiming(settings.timing)}`,
  )

  let closing: Promise<void> | undefined
  return {
    baseURL: `${url}/v1`,
    port,
    url,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await webSocketHandler.close?.()
        upgraded.destroyAll()
        await stopped
      })()
      return closing
    },
    stats() {
      const unusedExchanges = replayer.unused().map((exchange) => exchange.source)
      return { ...replayer.stats(), unusedExchanges }
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
