/**
 * The recording worker thread: builds (decodes, parses, redacts), checks, serialises and writes
 * the interactions the event loop captured, so that the loop forwarding the next requests spends
 * none of its time on them. Started by worker-sink.ts, once per process: it hosts one sink per
 * cassette being recorded (the server's, each scope's), each running the same record sink and
 * cassette store as in-thread recording, and reports back what they log and when their
 * recordings are on disk.
 * @module
 */
import { parentPort } from 'node:worker_threads'
import { createFsCassetteStore } from '../cassette/fs-cassette-store.js'
import type { Interaction } from '../cassette/model.js'
import { errorMessage, isTapedeckError } from '../errors.js'
import type { LogLevel, Logger } from '../util/logger.js'
import { describeCapture, interactionFromCapture, type HttpCapture } from './http-capture.js'
import { createRecordSink, type CassetteWriter } from './record-sink.js'
import { createRedactor } from './redact.js'
import { validationNotes } from './validation-notes.js'
import { answerToInteraction, expandReply } from '../synthetic/expand-reply.js'
import type { FromRecordWorker, SentError, ToRecordWorker, WorkerSinkSetup } from './worker-messages.js'

const port = parentPort
if (port === null) throw new Error('record-worker.js is a worker thread entry point; start it with new Worker().')
const send = (message: FromRecordWorker) => port.postMessage(message)

/** One sink hosted here: what it does with each message, in the order they came. */
interface HostedSink {
  handle(message: ToRecordWorker): void
}

const sinks = new Map<number, HostedSink>()

port.on('message', (message: ToRecordWorker) => {
  if (message.type === 'open') sinks.set(message.sink, hostSink(message.sink, message.setup))
  else sinks.get(message.sink)?.handle(message)
})

// The validator compiles its schemas on first use, about 0.35 s: done now, while the first
// request is still on its way to the upstream, the first recording reaches the disk within the
// batching interval instead of half a second later. Nothing here is on the forwarding thread.
setImmediate(warmUp)

function warmUp(): void {
  try {
    for (const [endpoint, path] of [['responses', '/v1/responses'], ['chat', '/v1/chat/completions']] as const) {
      const request = { model: 'warm-up', stream: true, ...(endpoint === 'chat' ? { messages: [] } : { input: 'warm-up' }) }
      const answer = expandReply(endpoint, { text: 'warm-up' }, { request, seed: 'warm-up', stream: true })
      validationNotes(answerToInteraction(answer, { method: 'POST', path, body: request }))
    }
  } catch {
    // Only a head start: the first real recording compiles whatever this did not.
  }
}

function hostSink(id: number, setup: WorkerSinkSetup): HostedSink {
  const logger = sinkLogger(id, setup.levels)
  const store = createFsCassetteStore({
    logger,
    ...(setup.flushIntervalMs === undefined ? {} : { flushIntervalMs: setup.flushIntervalMs }),
    onBatchDone: (count) => send({ type: 'settled', sink: id, count }),
  })
  // A write the store refuses at once never reaches a batch: it is settled (and uncounted) here.
  const reported = <T extends unknown[]>(write: (...args: T) => void) => (...args: T) => {
    try {
      write(...args)
    } catch (error) {
      send({ type: 'dropped', sink: id })
      throw error
    }
    send({ type: 'queued', sink: id })
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
  const build = async (capture: HttpCapture): Promise<Interaction | undefined> => {
    try {
      return await interactionFromCapture(capture, redactor)
    } catch (error) {
      logger.error(`Failed to record ${describeCapture(capture)}: ${errorMessage(error)}`)
      send({ type: 'dropped', sink: id })
      return undefined
    }
  }
  // Recordings reach the file in the order their messages came, whatever building each takes.
  let queue: Promise<void> = Promise.resolve()
  const inOrder = (next: () => Promise<void> | void) => {
    // A step that fails is logged; the steps after it (the close above all) still run.
    queue = queue.then(next).catch((error: unknown) => logger.error(`Failed to record into ${setup.file}: ${errorMessage(error)}`))
  }
  return {
    handle(message) {
      if (message.type === 'record') return inOrder(() => sink.record(message.interaction))
      if (message.type === 'capture') {
        const built = build(message.capture)
        return inOrder(async () => {
          const interaction = await built
          if (interaction !== undefined) sink.record(interaction)
        })
      }
      if (message.type !== 'close') return
      inOrder(() =>
        sink.close().then(
          () => send({ type: 'closed', sink: id }),
          (error: unknown) => send({ type: 'closed', sink: id, error: sentError(error) }),
        ),
      )
      inOrder(() => void sinks.delete(id))
    },
  }
}

/** A logger that sends the lines of the levels the sink's own logger keeps. */
function sinkLogger(id: number, levels: readonly LogLevel[]): Logger {
  const kept = new Set<LogLevel>(levels)
  const line = (level: LogLevel) => (message: string) => {
    if (kept.has(level)) send({ type: 'log', sink: id, level, message })
  }
  return {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: line('debug'),
    enabled: (level) => kept.has(level),
  }
}

function sentError(error: unknown): SentError {
  const sent: SentError = { message: errorMessage(error) }
  if (!isTapedeckError(error)) return sent
  sent.code = error.code
  if (error.file !== undefined) sent.file = error.file
  if (error.line !== undefined) sent.line = error.line
  if (error.column !== undefined) sent.column = error.column
  return sent
}
