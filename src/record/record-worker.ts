/**
 * The recording worker thread: builds (decodes, parses, redacts), checks, serialises and writes
 * the interactions the event loop captured, so that the loop forwarding the next requests spends
 * none of its time on them.
 * Started by worker-sink.ts; runs the same record sink and cassette store as in-thread
 * recording, and reports back what it logs and when recordings are on disk.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads'
import { createFsCassetteStore } from '../cassette/fs-cassette-store.js'
import { isTapedeckError, errorMessage } from '../errors.js'
import type { LogLevel, Logger } from '../util/logger.js'
import type { Interaction } from '../cassette/model.js'
import { interactionFromCapture, type HttpCapture } from './http-capture.js'
import { createRecordSink, type CassetteWriter } from './record-sink.js'
import { createRedactor } from './redact.js'
import type { FromRecordWorker, RecordWorkerSetup, SentError, ToRecordWorker } from './worker-messages.js'

const port = parentPort
if (port === null) throw new Error('record-worker.js is a worker thread entry point; start it with new Worker().')
// Built by worker-sink.ts, which is the only code that starts this file.
const setup = workerData as RecordWorkerSetup
const send = (message: FromRecordWorker) => port.postMessage(message)

const kept = new Set<LogLevel>(setup.levels)
const line = (level: LogLevel) => (message: string) => {
  if (kept.has(level)) send({ type: 'log', level, message })
}
const logger: Logger = {
  error: line('error'),
  warn: line('warn'),
  info: line('info'),
  debug: line('debug'),
  enabled: (level) => kept.has(level),
}

const store = createFsCassetteStore({
  logger,
  ...(setup.flushIntervalMs === undefined ? {} : { flushIntervalMs: setup.flushIntervalMs }),
  onBatchDone: (count) => send({ type: 'settled', count }),
})
// A write the store refuses at once never reaches a batch: it is settled (and uncounted) here.
const reported = <T extends unknown[]>(write: (...args: T) => void) => (...args: T) => {
  try {
    write(...args)
  } catch (error) {
    send({ type: 'dropped' })
    throw error
  }
  send({ type: 'queued' })
}
const writer: CassetteWriter = {
  append: reported((file, interaction) => store.append(file, interaction)),
  replace: reported((file, cassette) => store.replace(file, cassette)),
  close: () => store.close(),
}
const sink = createRecordSink({
  writer,
  file: setup.file,
  strategy: setup.strategy,
  ...(setup.header === undefined ? {} : { header: setup.header }),
  logger,
})

const redactor = createRedactor(setup.redact)
// Messages are handled one after another, so recordings reach the file in the order they came.
let queue: Promise<void> = Promise.resolve()
const inOrder = (next: () => Promise<void> | void) => {
  queue = queue.then(next)
}
const build = async (capture: HttpCapture): Promise<Interaction | undefined> => {
  try {
    return await interactionFromCapture(capture, redactor)
  } catch (error) {
    const { method, path } = capture.request
    logger.error(`Failed to record ${method} ${path} → ${capture.response.status}: ${errorMessage(error)}`)
    send({ type: 'dropped' })
    return undefined
  }
}

port.on('message', (message: ToRecordWorker) => {
  if (message.type === 'record') return inOrder(() => sink.record(message.interaction))
  if (message.type === 'capture') {
    const built = build(message.capture)
    return inOrder(async () => {
      const interaction = await built
      if (interaction !== undefined) sink.record(interaction)
    })
  }
  inOrder(() =>
    sink.close().then(
      () => send({ type: 'closed' }),
      (error: unknown) => send({ type: 'closed', error: sentError(error) }),
    ),
  )
})

function sentError(error: unknown): SentError {
  const sent: SentError = { message: errorMessage(error) }
  if (!isTapedeckError(error)) return sent
  sent.code = error.code
  if (error.file !== undefined) sent.file = error.file
  if (error.line !== undefined) sent.line = error.line
  if (error.column !== undefined) sent.column = error.column
  return sent
}
