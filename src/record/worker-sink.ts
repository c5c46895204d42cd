/**
 * A record sink whose work runs on the recording worker thread (record-worker.ts, one per
 * process: shared-record-worker.ts). Parsing and redacting a recording, checking it against the
 * protocol, serialising it to YAML and writing the cassette cost about a millisecond per
 * 100-event stream; on the event loop that forwards traffic, the next request would wait for it. Here the loop only hands each capture over (an HTTP body's raw
 * bytes are transferred, not copied) and the worker does the rest, in the same order, with the
 * same sink and store.
 *
 * The worker needs compiled JavaScript: {@link recordWorkerEntry} finds it next to this module
 * in the built package, and is undefined when tapedeck runs from TypeScript sources (its own
 * test suite), where recording stays on the event loop.
 * @module
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Cassette, Interaction } from '../cassette/model.js'
import { errorMessage, TapedeckError } from '../errors.js'
import { logs, silentLogger, type LogLevel, type Logger } from '../util/logger.js'
import { describeCapture, transferablesOf, type HttpCapture } from './http-capture.js'
import { describeInteraction, trackCaptures, type RecordSink } from './record-sink.js'
import type { Redactor } from './redact.js'
import { leaseRecordWorker } from './shared-record-worker.js'
import type { SentError, ToRecordWorker, WorkerSinkSetup } from './worker-messages.js'

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
 * A sink that records into one cassette file on the process's recording worker.
 *
 * @example
 * const sink = createWorkerRecordSink({ entry, file: 'cassettes/chat.yaml', strategy: 'append', logger })
 * sink.trackHttp(forwarder.forward(req, res, body))
 * await sink.close() // every recording is on disk
 */
export function createWorkerRecordSink(options: WorkerRecordSinkOptions): RecordSink {
  const logger = options.logger ?? silentLogger
  const setup: WorkerSinkSetup = {
    file: options.file,
    strategy: options.strategy,
    ...(options.header === undefined ? {} : { header: options.header }),
    ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
    redact: options.redactor?.options ?? {},
    levels: LEVELS.filter((level) => logs(logger, level)),
  }
  let count = 0
  // Recordings handed over and not yet on disk (or failed): while any are, the process stays up.
  let outstanding = 0
  // Recordings handed over and not yet checked and serialised: the worker's backlog for us.
  let backlog = 0
  let caughtUp: { promise: Promise<void>; resolve: () => void } | undefined
  let stopped: TapedeckError | undefined
  let closing: Promise<void> | undefined
  // Set once the close is sent: captures tracked before close() are awaited and recorded first; a
  // later one would reach a closed store on the worker, so it is refused (and logged) here.
  let ended = false
  let closed: { resolve: () => void; reject: (error: Error) => void } | undefined

  const onDisk = (settled: number) => {
    outstanding -= settled
    lease.hold(-settled)
  }
  const release = () => {
    caughtUp?.resolve()
    caughtUp = undefined
  }
  const worked = () => {
    backlog--
    if (backlog <= BACKLOG_LOW) release()
  }
  const lease = leaseRecordWorker(options.entry, {
    message(message) {
      if (message.type === 'log') logger[message.level](message.message)
      else if (message.type === 'queued') worked()
      else if (message.type === 'settled') onDisk(message.count)
      else if (message.type === 'dropped') {
        count--
        worked()
        onDisk(1)
      } else if (message.error === undefined) closed?.resolve()
      else closed?.reject(receivedError(message.error))
    },
    stopped(why) {
      stopped = new TapedeckError(
        'TAPEDECK_CASSETTE_WRITE',
        `The recording worker stopped while recording into cassette "${options.file}": ${why}. ` +
          `${outstanding} recording(s) not yet written are lost; later ones are not recorded. Restart tapedeck to record again.`,
        { file: options.file },
      )
      logger.error(stopped.message)
      closed?.reject(stopped)
      release()
    },
  })
  lease.post({ type: 'open', sink: lease.sink, setup })
  logger.debug(`Recording into ${options.file} on a worker thread.`)

  /** Hand one recording over (or log why it cannot be). */
  const handOver = (what: () => string, message: ToRecordWorker, transfer: readonly ArrayBuffer[] = []) => {
    if (stopped !== undefined || ended) {
      const why = stopped?.message ?? `the recorder of cassette "${options.file}" is closed.`
      logger.error(`Failed to record ${what()}: ${why}`)
      return
    }
    try {
      lease.post(message, transfer)
    } catch (error) {
      logger.error(`Failed to record ${what()}: ${errorMessage(error)}`)
      return
    }
    count++
    backlog++
    outstanding++
    lease.hold(1)
  }
  const record = (interaction: Interaction) =>
    handOver(() => describeInteraction(interaction), { type: 'record', sink: lease.sink, interaction })
  const recordHttp = (capture: HttpCapture) =>
    handOver(
      () => describeCapture(capture),
      { type: 'capture', sink: lease.sink, capture },
      transferablesOf(capture),
    )
  const captures = trackCaptures(record, logger)
  const httpCaptures = trackCaptures(recordHttp, logger)

  const closeSink = async () => {
    await Promise.all([captures.settled(), httpCaptures.settled()])
    try {
      if (stopped !== undefined) throw stopped
      ended = true
      lease.hold(1)
      await new Promise<void>((resolve, reject) => {
        closed = { resolve, reject }
        lease.post({ type: 'close', sink: lease.sink })
      })
    } finally {
      ended = true
      release()
      await lease.release()
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
      closing ??= closeSink()
      return closing
    },
  }
}

function receivedError(sent: SentError): TapedeckError {
  const { message, code, ...place } = sent
  return new TapedeckError(code ?? 'TAPEDECK_CASSETTE_WRITE', message, place)
}
