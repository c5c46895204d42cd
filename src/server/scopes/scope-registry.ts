/**
 * The scopes of a shared server: scope name → its engine context (replayer, recording, mode).
 * Requests that carry a registered scope are served by that context only, so parallel tests
 * each replay and record their own cassette, with their own order counters. Operations on one
 * scope run one after the other; different scopes never wait for each other.
 * @module
 */
import { TapedeckError } from '../../errors.js'
import type { EngineContext } from '../engine-context.js'
import { scopeReport, type ScopeReport } from './scope-report.js'
import { checkScopeName, type ScopeSpec } from './scope-spec.js'

/** What the registry needs: how to build a context for a scope (create-server.ts wires it). */
export interface ScopeRegistryDependencies {
  openContext(spec: ScopeSpec): Promise<EngineContext>
}

/** The scope registry. */
export interface ScopeRegistry {
  /** Bind a scope to its cassette; a scope already bound is closed (and flushed) first. */
  open(scope: string, spec: ScopeSpec): Promise<ScopeReport>
  /** The context serving a scope, if it is bound. */
  get(scope: string): EngineContext | undefined
  /** The report of a bound scope. */
  report(scope: string): ScopeReport | undefined
  /** Unbind a scope: end its connections, write its recordings, and report. */
  close(scope: string): Promise<ScopeReport | undefined>
  /** The bound scopes. */
  names(): string[]
  /** Server shutdown, first step: end every scope's connections. */
  closeConnections(): Promise<void>
  /** Server shutdown, last step: write every scope's recordings (rejects on a failed write). */
  flush(): Promise<void>
}

interface Bound {
  spec: ScopeSpec
  context: EngineContext
}

/**
 * Create an empty registry.
 *
 * @example
 * const scopes = createScopeRegistry({ openContext: (spec) => createEngineContext(settingsFor(spec), deps) })
 * await scopes.open('chat--hello-1f3a', { cassette: '__cassettes__/chat/hello.yaml', mode: 'replay' })
 * scopes.get('chat--hello-1f3a')?.listener(request, response)
 * const report = await scopes.close('chat--hello-1f3a')
 */
export function createScopeRegistry(deps: ScopeRegistryDependencies): ScopeRegistry {
  const bound = new Map<string, Bound>()
  const queues = new Map<string, Promise<unknown>>()
  let shutDown = false

  /** Run `operation` after the operations already queued on the scope. */
  const serialized = <T>(scope: string, operation: () => Promise<T>): Promise<T> => {
    const previous = queues.get(scope) ?? Promise.resolve()
    const result = previous.then(operation, operation)
    const settled = result.then(
      () => undefined,
      () => undefined,
    )
    queues.set(scope, settled)
    void settled.then(() => {
      if (queues.get(scope) === settled) queues.delete(scope)
    })
    return result
  }

  const unbind = async (scope: string): Promise<ScopeReport | undefined> => {
    const entry = bound.get(scope)
    if (entry === undefined) return undefined
    // From here on, the scope's requests go to the default context.
    bound.delete(scope)
    await entry.context.closeConnections()
    await entry.context.flush()
    return scopeReport(scope, entry.spec.cassette, entry.context)
  }

  return {
    open(scope, spec) {
      checkScopeName(scope)
      return serialized(scope, async () => {
        await unbind(scope)
        const context = await deps.openContext(spec)
        if (shutDown) {
          // The server closed while the cassette loaded: nothing may stay open behind it.
          await context.closeConnections()
          await context.flush()
          throw new TapedeckError(
            'TAPEDECK_OPTIONS_INVALID',
            `Failed to bind scope "${scope}": the server is shutting down. Bind it on a running server.`,
          )
        }
        bound.set(scope, { spec, context })
        return scopeReport(scope, spec.cassette, context)
      })
    },
    get: (scope) => bound.get(scope)?.context,
    report(scope) {
      const entry = bound.get(scope)
      return entry === undefined ? undefined : scopeReport(scope, entry.spec.cassette, entry.context)
    },
    close: (scope) => serialized(scope, () => unbind(scope)),
    names: () => [...bound.keys()],
    async closeConnections() {
      await Promise.all([...bound.values()].map(({ context }) => context.closeConnections()))
    },
    async flush() {
      shutDown = true
      const contexts = [...bound.values()].map(({ context }) => context)
      bound.clear()
      const results = await Promise.allSettled(contexts.map((context) => context.flush()))
      const failed = results.find((result) => result.status === 'rejected')
      if (failed !== undefined) throw failed.reason
    },
  }
}
