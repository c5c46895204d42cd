/**
 * `startTapedeck`: the server in one of four modes (mode.ts): load cassettes, build the replayer,
 * open the recording target, and serve HTTP (JSON, SSE, generic routes) and Responses WebSocket
 * mode, replayed, forwarded, or both. Requests that name a bound scope (scopes/) are served by
 * that scope's own context, built the same way as the default one (engine-context.ts).
 * @module
 */
import { createServer, type Server } from 'node:http'
import { TapedeckError } from '../errors.js'
import type { LoadedCassette } from '../replay/exchange-index.js'
import { composeReplayer } from '../replay/compose-replayer.js'
import type { Replayer } from '../replay/types.js'
import { createApp } from './create-app.js'
import { createEngineContext, type EngineContextDependencies } from './engine-context.js'
import type { ModeCassettes } from './mode-cassettes.js'
import type { RunningTapedeck, TapedeckOptions } from './options.js'
import { redactingReplayer } from './redacting-replayer.js'
import { resolveOptions, type ResolvedOptions } from './resolve-options.js'
import { routeUpgrades } from './route-upgrades.js'
import { scopeOptions } from './scopes/scope-options.js'
import { createScopeRegistry } from './scopes/scope-registry.js'
import { applyScopePrefix, createScopedListener, createScopedUpgradeHandler } from './scopes/scope-routing.js'
import { createRequestIds } from '../protocol/openai-error.js'

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
  const { logger, mode, onMiss } = settings
  if (mode !== 'replay' && onMiss !== 'error') {
    logger.warn(`onMiss "${onMiss}" applies to replay mode only; ${mode} mode ignores it.`)
  }
  const requestIds = createRequestIds()
  const contextDependencies: EngineContextDependencies = {
    buildReplayer,
    // The app is created below, once the default context it reports on exists.
    fallback: (request, response) => app(request, response),
    requestIds,
    ...(options.createWebSocketHandler === undefined ? {} : { createWebSocketHandler: options.createWebSocketHandler }),
  }
  const scopes = createScopeRegistry({
    async openContext(spec) {
      const scoped = await scopeOptions(options, spec)
      return createEngineContext(resolveOptions(scoped.options), { ...contextDependencies, cassettes: scoped.cassettes })
    },
  })
  const main = await createEngineContext(settings, { ...contextDependencies, cassettes: options.cassettes ?? [] })
  const app = createApp({ mode, replayer: main.replayer, loaded: main.loaded, requestIds, logger, scopes })

  const server = createServer(createScopedListener(scopes, main))
  // A path-prefixed upgrade must read as `/v1/responses` before the upgrade router checks its path.
  server.prependListener('upgrade', applyScopePrefix)
  const upgraded = routeUpgrades(server, createScopedUpgradeHandler(scopes, main), requestIds, logger)

  try {
    await listen(server, settings.port, settings.host)
  } catch (error) {
    // Nothing was served: release what the context opened (its recorder, upstream connections).
    await main.flush().catch(() => {})
    throw error
  }
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : settings.port
  const hostInUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host
  const url = `http://${hostInUrl}:${port}`
  logger.info(
    `${mode} mode: ${count(main.loaded.cassettes, 'cassette')}, ` +
      `${count(main.loaded.interactions, 'interaction')}, ` +
      `${count(main.replayer.stats().exchanges, 'exchange')}, timing ${describeTiming(settings.timing)}`,
  )

  let closing: Promise<void> | undefined
  return {
    baseURL: `${url}/v1`,
    port,
    url,
    mode,
    upstream: main.upstream,
    recording: main.recording,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeAllConnections()
        await Promise.all([main.closeConnections(), scopes.closeConnections()])
        upgraded.destroyAll()
        await stopped
        // Exchanges cut by the shutdown settle now; their recordings are written before resolving.
        const flushed = await Promise.allSettled([main.flush(), scopes.flush()])
        const failed = flushed.find((result) => result.status === 'rejected')
        if (failed !== undefined) throw failed.reason
      })()
      return closing
    },
    stats: () => main.stats(),
  }
}

/**
 * The one place a context's replayer is built, for the default context and every scope alike:
 * recordings, then scenario rules, then synthesized answers, all matched on redacted requests.
 */
function buildReplayer(settings: ResolvedOptions, cassettes: LoadedCassette[], opened: ModeCassettes): Replayer {
  return redactingReplayer(
    composeReplayer({
      cassettes,
      onExhausted: settings.onExhausted,
      synthesize: settings.synthesize,
      recordSynthesized: opened.recordSynthesized,
    }),
    settings.redactor,
  )
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

function describeTiming(timing: ResolvedOptions['timing']): string {
  return timing.kind === 'instant' ? 'instant' : timing.speed === 1 ? 'recorded' : `recorded ×${timing.speed}`
}
