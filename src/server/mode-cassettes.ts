/**
 * What each mode reads and writes at start-up: the cassettes to replay, and in `record` and
 * `auto` the cassette recordings go to (the first `--cassette` file, created when missing) with
 * its record sink.
 *
 * - `replay`: every cassette and scenario folder is replayed; nothing is written.
 * - `auto`: the same, the target included (an empty one when the file is missing); recordings
 *   are appended, so comments and hand edits survive.
 * - `record`: nothing is replayed; the first recording of the run rewrites the target, keeping
 *   its `name`, `match`, `rules` and `meta` (with `recorded_with` and `created_at` renewed),
 *   and the rest are appended. A run that records nothing leaves the file as it was.
 * - `passthrough`: nothing is read or written.
 * - `replay` with `synthesize.record`: like `replay`, and synthesized answers are appended to
 *   the first `--cassette` file (created when missing), as `auto` appends recordings.
 *
 * Scenario rules of every cassette that is replayed are checked here (see load-cassettes.ts).
 * @module
 */
import { basename, extname } from 'node:path'
import type { Cassette, HttpInteraction, SseInteraction } from '../cassette/model.js'
import { createRecordSink, type RecordSink } from '../record/record-sink.js'
import { createWorkerRecordSink, recordWorkerEntry } from '../record/worker-sink.js'
import type { LoadedCassette } from '../replay/exchange-index.js'
import type { FsCassetteStore } from '../cassette/fs-cassette-store.js'
import { cassetteStoreFor, checkRulesOf, loadCassettes } from './load-cassettes.js'
import { recordsInteractions } from './mode.js'
import type { RecordingTarget } from './options.js'
import type { ResolvedOptions } from './resolve-options.js'

/** The cassettes of a run. */
export interface ModeCassettes {
  /** What the replayer serves. */
  replay: LoadedCassette[]
  /** Where recordings go (`record`, `auto`). */
  target: RecordingTarget | undefined
  sink: RecordSink | undefined
  /** Set when synthesized answers are recorded: queues one to the target through the sink. */
  recordSynthesized?: (interaction: HttpInteraction | SseInteraction) => void
}

/**
 * Load what the mode replays and open what it records into.
 *
 * @example
 * const { replay, target, sink } = await openModeCassettes(resolveOptions({ mode: 'auto', cassette: 'a.yaml' }))
 */
export async function openModeCassettes(settings: ResolvedOptions): Promise<ModeCassettes> {
  const { mode, files, folder, logger, validate } = settings
  if (mode === 'passthrough') return { replay: [], target: undefined, sink: undefined }
  const recordsSynthesized = settings.synthesize?.record === true
  const file = recordsInteractions(mode) || recordsSynthesized ? files[0] : undefined
  if (file === undefined) {
    return { replay: await loadCassettes({ files, folder, logger, validate }), target: undefined, sink: undefined }
  }
  const store = cassetteStoreFor({ logger, flushIntervalMs: settings.flushIntervalMs, validate })
  const existing = await store.load(file)
  const target = { file, interactions: existing?.interactions.length ?? 0 }
  const strategy = mode !== 'record' && existing !== null ? 'append' : 'replace'
  const header = cassetteHeader(file, existing, settings.recordedWith, new Date(settings.clock.now()))
  const own: LoadedCassette = { file, cassette: existing ?? { version: 1, interactions: [] } }
  const replay = mode === 'record' ? [] : [own, ...(await loadOthers())]
  // Opened last, once nothing else can fail: in the built package it starts a worker thread.
  const sink = openSink({ settings, store, file, strategy, header })
  const opened: ModeCassettes = { replay, target, sink }
  if (recordsSynthesized && mode !== 'record') opened.recordSynthesized = (interaction) => sink.record(interaction)
  return opened

  async function loadOthers(): Promise<LoadedCassette[]> {
    await checkRulesOf([own])
    return loadCassettes({ files: files.slice(1), folder, logger, validate })
  }
}

/** The record sink: recording's own work runs on a worker thread when the package is built (worker-sink.ts). */
function openSink(opening: {
  settings: ResolvedOptions
  store: FsCassetteStore
  file: string
  strategy: 'append' | 'replace'
  header: Omit<Cassette, 'interactions'>
}): RecordSink {
  const { settings, store, file, strategy, header } = opening
  const { logger, redactor } = settings
  const entry = recordWorkerEntry()
  if (entry === undefined) return createRecordSink({ writer: store, file, strategy, header, logger, redactor })
  return createWorkerRecordSink({ entry, file, strategy, header, logger, redactor, flushIntervalMs: settings.flushIntervalMs })
}

/** The top of a cassette the recorder (re)writes: the file's own settings kept, provenance renewed. */
function cassetteHeader(
  file: string,
  existing: Cassette | null,
  recordedWith: string,
  now: Date,
): Omit<Cassette, 'interactions'> {
  const header: Omit<Cassette, 'interactions'> = {
    version: 1,
    name: existing?.name ?? basename(file, extname(file)),
    meta: { ...existing?.meta, recorded_with: recordedWith, created_at: now.toISOString() },
  }
  if (existing?.match !== undefined) header.match = existing.match
  if (existing?.rules !== undefined) header.rules = existing.rules
  return header
}
