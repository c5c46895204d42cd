/**
 * The process's one recording worker thread (record-worker.ts), shared by every sink that
 * records on a worker (the server's, and each scope's): a thread costs about 15 MB and a module
 * load, too much to spend per scope. Sinks lease it; it starts with the first lease and stops
 * when the last one is given back.
 *
 * It holds the process open only while some sink says it must (recordings on their way to
 * disk, a close in progress), as the in-thread store's timers and writes do; idle, it lets the
 * process exit.
 * @module
 */
import { Worker } from 'node:worker_threads'
import { errorMessage } from '../errors.js'
import type { FromRecordWorker, ToRecordWorker } from './worker-messages.js'

/** What a sink hears from the worker. */
export interface WorkerListener {
  /** A message for this sink. */
  message(message: FromRecordWorker): void
  /** The worker stopped (it crashed or exited): nothing more will come. */
  stopped(why: string): void
}

/** One sink's use of the worker. */
export interface WorkerLease {
  /** The sink's id in every message. */
  readonly sink: number
  /** Post a message; throws when it cannot be cloned. */
  post(message: ToRecordWorker, transfer?: readonly ArrayBuffer[]): void
  /** Add (or, negative, remove) reasons to keep the process alive for this sink. */
  hold(delta: number): void
  /** Done: the worker stops once no sink holds a lease. */
  release(): Promise<void>
}

interface RunningWorker {
  worker: Worker
  listeners: Map<number, WorkerListener>
  holds: number
}

const running = new Map<string, RunningWorker>()
let nextSink = 1

/**
 * Lease the worker started from `entry` (starting it when none runs).
 *
 * @example
 * const lease = leaseRecordWorker(entry, { message: (message) => handle(message), stopped: (why) => fail(why) })
 * lease.post({ type: 'open', sink: lease.sink, setup })
 * await lease.release()
 */
export function leaseRecordWorker(entry: URL, listener: WorkerListener): WorkerLease {
  const shared = running.get(entry.href) ?? start(entry)
  const sink = nextSink++
  shared.listeners.set(sink, listener)
  let held = 0
  return {
    sink,
    post(message, transfer = []) {
      shared.worker.postMessage(message, transfer)
    },
    hold(delta) {
      held += delta
      shared.holds += delta
      refresh(shared)
    },
    async release() {
      shared.holds -= held
      held = 0
      shared.listeners.delete(sink)
      if (shared.listeners.size > 0) return refresh(shared)
      if (running.get(entry.href) === shared) running.delete(entry.href)
      shared.worker.removeAllListeners('exit')
      await shared.worker.terminate()
    },
  }
}

function start(entry: URL): RunningWorker {
  const worker = new Worker(entry)
  const shared: RunningWorker = { worker, listeners: new Map(), holds: 0 }
  running.set(entry.href, shared)
  const stop = (why: string) => {
    if (running.get(entry.href) === shared) running.delete(entry.href)
    for (const listener of shared.listeners.values()) listener.stopped(why)
    shared.listeners.clear()
  }
  worker.on('message', (message: FromRecordWorker) => shared.listeners.get(message.sink)?.message(message))
  worker.on('error', (error) => stop(errorMessage(error)))
  worker.on('exit', (code) => stop(`it exited with code ${code}`))
  // After the listeners: adding a 'message' listener refs the worker's port again.
  refresh(shared)
  return shared
}

function refresh(shared: RunningWorker): void {
  if (shared.holds > 0) shared.worker.ref()
  else shared.worker.unref()
}
