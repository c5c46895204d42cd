/**
 * What the event loop and the recording worker (record-worker.ts) say to each other. One worker
 * serves every sink of the process (the server's, and each scope's): messages name their sink.
 * Plain data only: every message crosses the thread boundary by structured clone.
 * @module
 */
import type { Cassette, Interaction } from '../cassette/model.js'
import type { TapedeckErrorCode } from '../errors.js'
import type { LogLevel } from '../util/logger.js'
import type { HttpCapture } from './http-capture.js'
import type { RedactionOptions } from './redact.js'

/** What the worker needs to open one sink: its cassette file and how to write it. */
export interface WorkerSinkSetup {
  file: string
  strategy: 'append' | 'replace'
  header?: Omit<Cassette, 'interactions'>
  flushIntervalMs?: number
  /** How HTTP captures are redacted (the event loop's redactor's options). */
  redact: RedactionOptions
  /** The levels the sink's logger keeps; the worker sends only those. */
  levels: LogLevel[]
}

/** Event loop → worker. */
export type ToRecordWorker =
  | { type: 'open'; sink: number; setup: WorkerSinkSetup }
  | { type: 'record'; sink: number; interaction: Interaction }
  /** An HTTP exchange to turn into an interaction (decode, parse, redact), then record. */
  | { type: 'capture'; sink: number; capture: HttpCapture }
  | { type: 'close'; sink: number }

/** An error as it crosses the boundary (a TapedeckError keeps its code and place). */
export interface SentError {
  message: string
  code?: TapedeckErrorCode
  file?: string
  line?: number
  column?: number
}

/** Worker → event loop. */
export type FromRecordWorker =
  | { type: 'log'; sink: number; level: LogLevel; message: string }
  /** One recording was checked, serialised and queued to the cassette store. */
  | { type: 'queued'; sink: number }
  /** `count` recordings are done with: on disk, or failed (and logged). */
  | { type: 'settled'; sink: number; count: number }
  /** One recording was refused before it was queued (and logged): it is not counted as recorded. */
  | { type: 'dropped'; sink: number }
  | { type: 'closed'; sink: number; error?: SentError }
