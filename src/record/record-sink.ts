/**
 * Where captured interactions go in record and auto mode: each one is checked (the stream
 * validator's findings become `notes`), then queued to the cassette writer. The sink also keeps
 * the captures still in flight, so that shutting down waits for them before the last flush.
 *
 * This sink runs wherever recording runs: on the recording worker in the built package
 * (record-worker.ts hosts it), on the event loop from TypeScript sources. On the event loop,
 * checking and queueing (which serialises the interaction to YAML), the costly part of
 * recording, share the loop with the next requests: they run in the background,
 * in short turns between which the loop serves I/O, so that a request arriving meanwhile waits
 * for one turn at most, never for a whole batch. Steps run in order, so interactions reach the
 * file in the order they were recorded.
 *
 * Two strategies: `append` adds to what the file holds (auto mode; comments and hand edits
 * survive), `replace` starts the file over with the first recording of the run and appends the
 * rest (record mode). A run that records nothing leaves the file as it was.
 * @module
 */
import type { Cassette, Interaction } from '../cassette/model.js'
import { silentLogger, type Logger } from '../util/logger.js'
import { validationNotes } from './validation-notes.js'
import { errorMessage } from '../errors.js'
import { interactionFromCapture, type HttpCapture } from './http-capture.js'
import { createRedactor, type Redactor } from './redact.js'

/** The part of the cassette store the sink writes through (fs-cassette-store.ts implements it). */
export interface CassetteWriter {
  append(file: string, interaction: Interaction): void
  replace(file: string, cassette: Cassette): void
  close(): Promise<void>
}

/** Options of {@link createRecordSink}. */
export interface RecordSinkOptions {
  writer: CassetteWriter
  file: string
  strategy: 'append' | 'replace'
  /** For `replace`: the top of the new file (version, name, meta, match, rules). */
  header?: Omit<Cassette, 'interactions'>
  /** Notes for an interaction. Default: the stream validator's, `wire` profile. */
  check?: (interaction: Interaction) => string[]
  /** Applied to HTTP captures (`trackHttp`). Default: `createRedactor()` (the defaults). */
  redactor?: Redactor
  logger?: Logger
}

/** The sink. */
export interface RecordSink {
  /** Record a capture once it settles; a capture that settles with nothing is skipped. */
  track(capture: Promise<Interaction | undefined>): void
  /** The same for an HTTP capture (http-capture.ts), which is turned into a redacted interaction. */
  trackHttp(capture: Promise<HttpCapture | undefined>): void
  /** Check and queue one interaction now. */
  record(interaction: Interaction): void
  /** Interactions queued so far. */
  recorded(): number
  /**
   * Undefined while the sink keeps up; otherwise resolves once it has caught up. A forwarder
   * waits for it before sending the next request upstream, so that a recording rate the sink
   * cannot sustain slows clients down instead of growing memory without bound.
   */
  whenReady(): Promise<void> | undefined
  /** Wait for the captures in flight, then flush and close the writer (rejects on a failed write). */
  close(): Promise<void>
}

/**
 * Create a sink that records into one cassette file.
 *
 * @example
 * const sink = createRecordSink({ writer: store, file: 'cassettes/chat.yaml', strategy: 'append' })
 * sink.trackHttp(forwarder.forward(req, res, body))
 * await sink.close() // every recording is on disk
 */
export function createRecordSink(options: RecordSinkOptions): RecordSink {
  const logger = options.logger ?? silentLogger
  const check = options.check ?? validationNotes
  const steps = createBackgroundSteps(logger)
  let count = 0
  let started = options.strategy === 'append'

  const write = (interaction: Interaction, checked: Interaction) => {
    try {
      if (started) options.writer.append(options.file, checked)
      else options.writer.replace(options.file, { version: 1, ...options.header, interactions: [checked] })
      started = true
      logger.debug(`Recorded ${describeInteraction(interaction)} into ${options.file}.`)
    } catch (error) {
      count--
      logger.error(`Failed to record ${describeInteraction(interaction)}: ${errorMessage(error)}`)
    }
  }

  const checkThenWrite = (interaction: Interaction) => {
    const findings = notesOf(interaction, check)
    if (findings.length > 0) {
      logger.warn(
        `Recorded ${describeInteraction(interaction)} into ${options.file} with ${findings.length} protocol finding(s), ` +
          `kept in its notes: ${findings[0] ?? ''}`,
      )
    }
    const checked = findings.length > 0 ? { ...interaction, notes: [...(interaction.notes ?? []), ...findings] } : interaction
    steps.add(() => write(interaction, checked))
  }

  // Counted at once (the count is what the run summary reports), written in the background.
  const record = (interaction: Interaction) => {
    count++
    steps.add(() => checkThenWrite(interaction))
  }

  const redactor = options.redactor ?? createRedactor()
  const captures = trackCaptures(record, logger)
  // Built side by side, recorded in the order they completed: a body that takes longer to decode
  // (gzip goes through the thread pool) does not let the next one overtake it.
  let lastBuilt: Promise<unknown> = Promise.resolve()
  const httpCaptures = trackCaptures((capture: HttpCapture) => {
    const built = interactionFromCapture(capture, redactor)
    // Its failure is reported through inOrder, once the captures before it are recorded.
    built.catch(() => {})
    const inOrder = lastBuilt.then(() => built)
    lastBuilt = inOrder.catch(() => {})
    captures.track(inOrder)
  }, logger)
  return {
    record,
    track: captures.track,
    trackHttp: httpCaptures.track,
    recorded: () => count,
    // Its background steps already hold the loop while the backlog is too long.
    whenReady: () => undefined,
    async close() {
      await httpCaptures.settled()
      await captures.settled()
      await steps.idle()
      await options.writer.close()
    },
  }
}

/** The captures a sink waits for: {@link trackCaptures}. */
export interface CaptureTracker<T> {
  /** Hand the capture's value on once it settles (nothing when it settles with none). */
  track(capture: Promise<T | undefined>): void
  /** Resolves once every capture tracked so far (and any tracked meanwhile) has settled. */
  settled(): Promise<void>
}

/**
 * The in-flight captures of a sink, handed to `record` as they settle; shared by the in-thread
 * sink and the worker one (worker-sink.ts).
 *
 * @example
 * const captures = trackCaptures((interaction: Interaction) => queue.push(interaction), logger)
 * captures.track(relayResponsesWebSocket({ client, request, upstream }))
 * await captures.settled()
 */
export function trackCaptures<T>(record: (value: T) => void, logger: Logger): CaptureTracker<T> {
  const inFlight = new Set<Promise<void>>()
  return {
    track(capture) {
      const settled = capture.then(
        (value) => {
          if (value !== undefined) record(value)
        },
        (error: unknown) => logger.error(`Failed to capture an interaction: ${String(error)}`),
      )
      inFlight.add(settled)
      void settled.finally(() => inFlight.delete(settled))
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight])
    },
  }
}

/**
 * A FIFO of small jobs run in the event loop's check phase (`setImmediate`), for about
 * {@link STEP_BUDGET_MS} at a time: between two turns the loop polls for I/O, so a request arriving
 * meanwhile waits for one turn at most, not for all the queued work. When more than
 * {@link MAX_BACKLOG} jobs wait (a recording rate the turns cannot keep up with), a turn runs
 * until the backlog is back under it, so memory stays bounded under any load.
 */
interface BackgroundSteps {
  add(step: () => void): void
  /** Resolves once every step added so far (and every step they added) has run. */
  idle(): Promise<void>
}

const STEP_BUDGET_MS = 1
const MAX_BACKLOG = 32

function createBackgroundSteps(logger: Logger): BackgroundSteps {
  const queue: Array<() => void> = []
  let scheduled = false
  let waiters: Array<() => void> = []
  const runOne = () => {
    const step = queue.shift()
    try {
      step?.()
    } catch (error) {
      logger.error(`Failed to record an interaction: ${errorMessage(error)}`)
    }
  }
  const runTurn = () => {
    const deadline = performance.now() + STEP_BUDGET_MS
    do {
      runOne()
    } while (queue.length > MAX_BACKLOG || (queue.length > 0 && performance.now() < deadline))
    if (queue.length > 0) {
      setImmediate(runTurn)
      return
    }
    scheduled = false
    const done = waiters
    waiters = []
    for (const resolve of done) resolve()
  }
  return {
    add(step) {
      queue.push(step)
      if (scheduled) return
      scheduled = true
      setImmediate(runTurn)
    },
    idle: () => (scheduled ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve()),
  }
}

/** The checker's notes; a checker that throws is itself a note, never a lost recording. */
function notesOf(interaction: Interaction, check: (interaction: Interaction) => string[]): string[] {
  try {
    return check(interaction)
  } catch (error) {
    return [`The stream validator failed on this interaction: ${errorMessage(error)}`]
  }
}

/**
 * One interaction in a log line.
 *
 * @example
 * describeInteraction(interaction) // 'POST /v1/responses → 200 (stream)'
 */
export function describeInteraction(interaction: Interaction): string {
  if (interaction.transport === 'websocket') {
    return `a WebSocket connection (${interaction.turns.length} turn${interaction.turns.length === 1 ? '' : 's'})`
  }
  const { method, path } = interaction.request
  return `${method} ${path} → ${interaction.response.status}${interaction.transport === 'sse' ? ' (stream)' : ''}`
}
