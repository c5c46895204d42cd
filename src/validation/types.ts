/**
 * The vocabulary of the stream validator: profiles, violations, results.
 * @module
 */
import type { Dialect } from './dialects.js'
import type { RuleId } from './rules.js'

/**
 * `strict` checks the current specification; `wire` checks what real traffic does (the documented
 * relaxations of docs/compliance.md, plus whole-stream dialects such as unnumbered 2025 streams).
 */
export type ValidationProfile = 'wire' | 'strict'

/**
 * The profiles, for option parsing and help text.
 *
 * @example
 * new Option('--profile <profile>').choices(VALIDATION_PROFILES)
 */
export const VALIDATION_PROFILES: readonly ValidationProfile[] = ['wire', 'strict']

/** One broken rule, located precisely enough to find it in a cassette by eye. */
export interface Violation {
  /** A stable rule id from `RULES` (docs/compliance.md has the table). */
  rule: RuleId
  /** What was expected and what was seen. */
  message: string
  /** Index of the event (or chunk, or frame) in the stream; 0 for a JSON body; -1 for a WebSocket client frame. */
  index: number
  /** The event's `sequence_number`, when it has one. */
  sequence_number?: number
  /** JSON pointer into the event (or body) at `index`; '' is the whole event. */
  pointer: string
  /** The WebSocket turn, for violations found in a WebSocket interaction. */
  turn?: number
}

/** The verdict on one stream or body. */
export interface ValidationResult {
  valid: boolean
  violations: Violation[]
  /** The wire dialects the stream was recognised as (always empty under `strict`). */
  dialects: Dialect[]
}

/** Options shared by every validate function. */
export interface ValidateOptions {
  /** Default `wire`. */
  profile?: ValidationProfile
}
