/**
 * The tapedeck server a test file talks to: the one a Vitest `globalSetup` started for the
 * whole run (`tapedeck/vitest/global-setup`, read with `inject('tapedeck')`), or else one per
 * worker process, started on first use and stopped when no test file of the worker needs it.
 * Either way tests tell themselves apart by scope, never by server.
 * @module
 */
import { inject } from 'vitest'
import { startTapedeck } from '../server/create-server.js'
import type { RunningTapedeck } from '../server/options.js'
import type {} from './provided.js'
import { sharedServerOptions } from './server-options.js'

/** A server in use by one test file. */
export interface ServerLease {
  url: string
  /** Stop using it (the last user of a worker's own server stops it). */
  release(): Promise<void>
}

interface WorkerServer {
  users: number
  server: Promise<RunningTapedeck>
}

// On globalThis, so that test files of one worker share it even when each file gets fresh modules.
const WORKER_SERVER = Symbol.for('tapedeck.vitest.worker-server')

/**
 * Use the run's server, or this worker's own.
 *
 * @example
 * const lease = await leaseServer()
 * await bindScope(lease.url, scope, spec)
 * await lease.release()
 */
export async function leaseServer(): Promise<ServerLease> {
  const provided = inject('tapedeck')
  if (provided !== undefined) return { url: provided.url, release: async () => {} }
  const holder = globalThis as typeof globalThis & { [WORKER_SERVER]?: WorkerServer }
  let shared = holder[WORKER_SERVER]
  if (shared === undefined) {
    shared = { users: 0, server: startTapedeck(sharedServerOptions({}, process.env)) }
    holder[WORKER_SERVER] = shared
  }
  shared.users++
  const current = shared
  const server = await current.server
  let released = false
  return {
    url: server.url,
    async release() {
      if (released) return
      released = true
      current.users--
      if (current.users > 0) return
      if (holder[WORKER_SERVER] === current) delete holder[WORKER_SERVER]
      await server.close()
    },
  }
}
