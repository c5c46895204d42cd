/**
 * A record sink whose work runs on a worker thread (record-worker.ts). Parsing and redacting a
 * recording, checking it against the protocol, serialising it to YAML and writing the cassette
 * cost about a millisecond per 100-event stream; on the event loop that forwards traffic, the
 * next request would wait for it. Here the loop only hands each capture over (an HTTP body's raw
 * bytes are transferred, not copied) and the worker does the rest, in the same order, with the
 * same sink and store.
 *
 * The worker keeps the process alive only while recordings are on their way to disk, as the
 * in-thread store's timers and writes do; idle, it lets the process exit.
 *
 * The worker needs compiled JavaScript: {@link recordWorkerEntry} finds it next to this module
 * in the built package, and is undefined when tapedeck runs from TypeScript sources (its own
 * test suite), where recording stays on the event loop.
 * @module
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Cassette, Interaction } from '../cassette/model.js'
import { errorMessage, TapedeckError } from '../errors.js'
import { logs, silentLogger, type LogLevel, type Logger } from '../util/logger.js'
import { transferablesOf, type HttpCapture } from './http-capture.js'
import { describeInteraction, trackCaptures, type RecordSink } from './record-sink.js'
import type { Redactor } from './redact.js'
import type { FromRecordWorker, RecordWorkerSetup, SentError, ToRecordWorker } from './worker-messages.js'

/** Options of {@link createWorkerRecordSink}. */
export interface WorkerRecordSinkOptions {
  /** The worker's script: {@link recordWorkerEntry}. */
  entry: URL
  file: string
  strategy: 'append' | 'replace'
  /** For `replace`: the top of the new file (version, name, meta, match, rules). */
  header?: Omit<Cassette, 'interactions'>
  /** The cassette store's batching interval (fs-cassette-store.ts). */
  flushIntervalMs?: number
  /** Applied to HTTP captures, on the worker (from its `options`). Default: the defaults. */
  redactor?: Redactor
  logger?: Logger
}

const LEVELS: readonly LogLevel[] = ['error', 'warn', 'info', 'debug']

/**
 * The worker's backlog (recordings handed over, not yet serialised) at which new forwarded
 * requests wait, and the one at which they go on: about 3 MB of 100-event streams at most.
 */
const BACKLOG_HIGH = 64
const BACKLOG_LOW = 16

/**
 * The compiled worker script next to this module, or undefined when there is none (running
 * from TypeScript sources).
 *
 * @example
 * const entry = recordWorkerEntry()
 * const sink = entry === undefined ? createRecordSink(options) : createWorkerRecordSink({ entry, ...options })
 */
export function recordWorkerEntry(): URL | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined
  const entry = new URL('./record-worker.js', import.meta.url)
  return existsSync(fileURLToPath(entry)) ? entry : undefined
}

/**
 * Start a recording worker for one cassette file, and the sink that feeds it.
 *
 * @example
 * const sink = createWorkerRecordSink({ entry, file: 'cassettes/chat.yaml', strategy: 'append', logger })
 * sink.track(forwarder.forward(req, res, body))
 * await sink.close() // every recording is on disk, and the worker has stopped
 */
export function createWorkerRecordSink(options: WorkerRecordSinkOptions): RecordSink {
  const logger = options.logger ?? silentLogger
  const setup: RecordWorkerSetup = {
    file: options.file,
    strategy: options.strategy,
    ...(options.header === undefined ? {} : { header: options.header }),
    ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
    redact: options.redactor?.options ?? {},
    levels: LEVELS.filter((level) => logs(logger, level)),
  }
  const worker = new Worker(options.entry, { workerData: setup })
  logger.debug(`Recording into ${options.file} on a worker thread.`)
  let count = 0
  // Recordings handed over and not yet on disk (or failed): while any are, the worker holds
  // the process open.
  let outstanding = 0
  // Recordings handed over and not yet checked and serialised: the worker's backlog.
  let backlog = 0
  let caughtUp: { promise: Promise<void>; resolve: () => void } | undefined
  let stopped: TapedeckError | undefined
  let closing: Promise<void> | undefined
  // Set once the worker is gone; captures that settle while closing are still recorded.
  let ended = false
  let closed: { resolve: () => void; reject: (error: Error) => void } | undefined
  const holdOpen = (delta: number) => {
    outstanding += delta
    if (outstanding > 0 || closed !== undefined) worker.ref()
    else worker.unref()
  }
  const release = () => {
    caughtUp?.resolve()
    caughtUp = undefined
  }
  const worked = () => {
    backlog--
    if (backlog <= BACKLOG_LOW) release()
  }

  const stop = (why: string) => {
    if (stopped !== undefined) return
    stopped = new TapedeckError(
      'TAPEDECK_CASSETTE_WRITE',
      `The recording worker for cassette "${options.file}" stopped: ${why}. ` +
        `${outstanding} recording(s) not yet written are lost; later ones are not recorded. Restart tapedeck to record again.`,
      { file: options.file },
    )
    logger.error(stopped.message)
    closed?.reject(stopped)
    release()
  }
  worker.on('message', (message: FromRecordWorker) => {
    if (message.type === 'log') logger[message.level](message.message)
    else if (message.type === 'queued') worked()
    else if (message.type === 'settled') holdOpen(-message.count)
    else if (message.type === 'dropped') {
      count--
      worked()
      holdOpen(-1)
    } else if (message.error === undefined) closed?.resolve()
    else closed?.reject(receivedError(message.error))
  })
  worker.on('error', (error) => stop(errorMessage(error)))
  worker.on('exit', (code) => stop(`it exited with code ${code}`))
  // After the listeners: adding a 'message' listener refs the worker's port again.
  holdOpen(0)

  /** Hand one recording over; false (and logged) when it cannot be. */
  const handOver = (what: () => string, message: ToRecordWorker, transfer: ArrayBuffer[] = []) => {
    if (stopped !== undefined || ended) {
      const why = stopped?.message ?? `the recorder of cassette "${options.file}" is closed.`
      logger.error(`Failed to record ${what()}: ${why}`)
      return
    }
    try {
      worker.postMessage(message, transfer)
    } catch (error) {
      logger.error(`Failed to record ${what()}: ${errorMessage(error)}`)
      return
    }
    count++
    backlog++
    holdOpen(1)
  }
  const record = (interaction: Interaction) =>
    handOver(() => describeInteraction(interaction), { type: 'record', interaction })
  const recordHttp = (capture: HttpCapture) =>
    handOver(
      () => `${capture.request.method} ${capture.request.path} → ${capture.response.status}`,
      { type: 'capture', capture },
      transferablesOf(capture),
    )
  const captures = trackCaptures(record, logger)
  const httpCaptures = trackCaptures(recordHttp, logger)

  const closeWorker = async () => {
    await Promise.all([captures.settled(), httpCaptures.settled()])
    if (stopped !== undefined) throw stopped
    try {
      await new Promise<void>((resolve, reject) => {
        closed = { resolve, reject }
        holdOpen(0)
        const message: ToRecordWorker = { type: 'close' }
        worker.postMessage(message)
      })
    } finally {
      ended = true
      release()
      worker.removeAllListeners('exit')
      await worker.terminate()
    }
  }

  return {
    record,
    track: captures.track,
    trackHttp: httpCaptures.track,
    recorded: () => count,
    whenReady() {
      if (backlog < BACKLOG_HIGH || stopped !== undefined || ended) return undefined
      if (caughtUp === undefined) {
        let resolve = () => {}
        const promise = new Promise<void>((done) => (resolve = done))
        caughtUp = { promise, resolve }
      }
      return caughtUp.promise
    },
    close() {
      closing ??= closeWorker()
      return closing
    },
  }
}

function receivedError(sent: SentError): TapedeckError {
  const { message, code, ...place } = sent
  return new TapedeckError(code ?? 'TAPEDECK_CASSETTE_WRITE', message, place)
}
