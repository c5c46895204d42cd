/**
 * The report of `tapedeck validate`: one verdict per stream or body, as human text or JSON.
 * @module
 */
import type { Interaction } from '../../cassette/model.js'
import type { InputProblem, InteractionKind, ValidationProfile, ValidationResult, Violation } from '../../validation/index.js'

/** The verdict on one stream or body. */
export interface StreamVerdict {
  file: string
  label: string
  kind: InteractionKind
  /** Events, chunks, frames or 1 for a body. */
  size: number
  result: ValidationResult
}

/** Everything one run found. */
export interface ValidateReport {
  profile: ValidationProfile
  files: number
  verdicts: StreamVerdict[]
  skipped: number
  problems: InputProblem[]
}

const KIND_LABELS: Readonly<Record<InteractionKind, string>> = {
  'responses-sse': 'responses sse',
  'chat-sse': 'chat sse',
  response: 'response body',
  'chat.completion': 'chat.completion body',
  error: 'error body',
  websocket: 'websocket',
}

/**
 * How many events, chunks or frames an interaction holds (1 for a body).
 *
 * @example
 * sizeOf(interaction) // 42
 */
export function sizeOf(interaction: Interaction): number {
  if (interaction.transport === 'sse') return interaction.response.events.length
  if (interaction.transport === 'websocket') return interaction.turns.reduce((total, turn) => total + turn.server.length, 0)
  return 1
}

/**
 * The human report: a line per stream (failures with their violations), then a summary.
 *
 * @example
 * io.stdout(formatHumanReport(report, { quiet: false }))
 */
export function formatHumanReport(report: ValidateReport, options: { quiet: boolean }): string {
  const lines: string[] = []
  for (const verdict of report.verdicts) {
    if (verdict.result.valid && options.quiet) continue
    lines.push(`${verdict.result.valid ? 'ok  ' : 'FAIL'} ${verdict.label}  (${describe(verdict)})`)
    for (const violation of verdict.result.violations) lines.push(`       ${formatViolation(violation, verdict.kind)}`)
  }
  lines.push(summaryLine(report))
  return `${lines.join('\n')}\n`
}

function describe(verdict: StreamVerdict): string {
  const parts = [KIND_LABELS[verdict.kind]]
  if (verdict.kind === 'responses-sse') parts.push(`${verdict.size} events`)
  else if (verdict.kind === 'chat-sse') parts.push(`${verdict.size} chunks`)
  else if (verdict.kind === 'websocket') parts.push(`${verdict.size} server frames`)
  if (verdict.result.dialects.length > 0) parts.push(`dialect: ${verdict.result.dialects.join(', ')}`)
  if (!verdict.result.valid) parts.push(`${verdict.result.violations.length} violation(s)`)
  return parts.join(', ')
}

/**
 * One violation as `[rule] message at event 12 (sequence_number 12) /pointer`.
 *
 * @example
 * formatViolation({ rule: 'seq.gap', message: 'expected 3, saw 5', index: 4, sequence_number: 5, pointer: '/sequence_number' }, 'responses-sse')
 * // '[seq.gap] expected 3, saw 5 at event 4 (sequence_number 5) /sequence_number'
 */
export function formatViolation(violation: Violation, kind: InteractionKind): string {
  const where: string[] = []
  if (violation.turn !== undefined) where.push(`turn ${violation.turn}`)
  if (violation.index < 0) where.push('client frame')
  else if (kind === 'responses-sse' || kind === 'chat-sse' || kind === 'websocket') where.push(`event ${violation.index}`)
  else where.push('body')
  if (violation.sequence_number !== undefined) where.push(`(sequence_number ${violation.sequence_number})`)
  const pointer = violation.pointer === '' ? '' : ` ${violation.pointer}`
  return `[${violation.rule}] ${violation.message} at ${where.join(' ')}${pointer}`
}

function summaryLine(report: ValidateReport): string {
  const failed = report.verdicts.filter((verdict) => !verdict.result.valid).length
  const checked = report.verdicts.length
  const parts = [`${checked} checked in ${report.files} file(s): ${checked - failed} ok, ${failed} failed`]
  if (report.skipped > 0) parts.push(`${report.skipped} skipped (not a Responses or Chat Completions exchange)`)
  if (report.problems.length > 0) parts.push(`${report.problems.length} unreadable`)
  return `${parts.join(', ')} (profile: ${report.profile})`
}

/**
 * The `--json` report.
 *
 * @example
 * JSON.parse(formatJsonReport(report)).summary.failed // 0
 */
export function formatJsonReport(report: ValidateReport): string {
  const failed = report.verdicts.filter((verdict) => !verdict.result.valid).length
  const json = {
    profile: report.profile,
    valid: failed === 0 && report.problems.length === 0,
    summary: {
      files: report.files,
      checked: report.verdicts.length,
      ok: report.verdicts.length - failed,
      failed,
      skipped: report.skipped,
      unreadable: report.problems.length,
    },
    results: report.verdicts.map((verdict) => ({
      file: verdict.file,
      label: verdict.label,
      kind: verdict.kind,
      size: verdict.size,
      valid: verdict.result.valid,
      dialects: verdict.result.dialects,
      violations: verdict.result.violations,
    })),
    errors: report.problems,
  }
  return `${JSON.stringify(json, null, 2)}\n`
}
