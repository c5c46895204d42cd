/**
 * The text of a replay miss: what was asked, which cassette was searched, the closest recorded
 * request and where it differs, and how to fix it. The SDKs print it as the error message, so it
 * is written for the person reading a failed test. Pure: no I/O.
 * @module
 */
import type { ExchangeSource } from '../replay/types.js'
import type { JsonValue } from '../util/json.js'
import { diffJson, type JsonDifference } from './json-diff.js'

/** A recorded request with the same endpoint as the one that missed. */
export interface MissCandidate {
  source: ExchangeSource
  query: Record<string, string>
  /** The recorded body, canonical. */
  body: JsonValue | undefined
  /** The received body, canonicalised with this candidate's cassette `ignore` list. */
  receivedBody: JsonValue | undefined
}

/** Everything the explanation is built from. */
export interface MissDescription {
  reason: 'no_match' | 'exhausted'
  /** How to name the request: `POST /v1/responses`, `response.create over WebSocket`. */
  request: string
  query: Record<string, string>
  /** The `model` of the request, when it has one. */
  model?: string | undefined
  scope: string
  /** Every loaded cassette file, in load order. */
  cassettes: readonly string[]
  /** Recorded requests with the same endpoint, in recorded order. */
  candidates: readonly MissCandidate[]
  /** For `exhausted`: how many recordings of this exact request exist. */
  recordedCount?: number
  /** For `exhausted`: the 1-based number of this call among identical requests of the scope. */
  call?: number
  /** For `exhausted`: where the last of them is. */
  exhaustedSource?: ExchangeSource
  /** Other endpoints the cassettes hold, e.g. `POST /v1/chat/completions ×2`. */
  recordedEndpoints: readonly string[]
}

/** At most this many differing pointers are listed. */
export const MAX_LISTED_DIFFERENCES = 3

const MAX_VALUE_LENGTH = 80

/**
 * Build the miss message.
 *
 * @example
 * explainMiss({ reason: 'no_match', request: 'POST /v1/responses', query: {}, scope: 'default',
 *   cassettes: ['hello.yaml'], candidates, recordedEndpoints: [] })
 * // 'Failed to replay POST /v1/responses: no recorded request matches it in cassette "hello.yaml".\n
 * //  Closest recorded request: interaction 0 of "hello.yaml" (sse), which differs at:\n
 * //    /input: recorded "Say hello" vs received "Say goodbye"\n …'
 */
export function explainMiss(miss: MissDescription): string {
  const request = `${miss.request}${formatQuery(miss.query)}`
  const modelText = miss.model === undefined ? '' : ` (model "${miss.model}")`
  const lines: string[] = []
  if (miss.reason === 'exhausted') {
    const count = miss.recordedCount ?? 0
    const file = miss.exhaustedSource?.cassette ?? describeCassettes(miss.cassettes)
    lines.push(
      `Failed to replay ${request}${modelText}: exhausted: this request was recorded ${count} ` +
        `${count === 1 ? 'time' : 'times'} in cassette "${file}" and this is call ${miss.call ?? count + 1}` +
        `${scopeText(miss.scope)}.`,
    )
    lines.push(
      `Fix: re-record with: tapedeck serve --mode record --cassette ${file}`,
      `  or repeat the last recording: set match.on_exhausted: repeat_last in the cassette ` +
        `(or pass --on-exhausted repeat_last).`,
    )
    return lines.join('\n')
  }

  const closest = pickClosest(miss.candidates, miss.query)
  const file = closest?.candidate.source.cassette ?? miss.cassettes[0]
  const searched =
    miss.cassettes.length === 0 ? 'any cassette (none is loaded)' : describeCassettesQuoted(miss.cassettes)
  lines.push(
    `Failed to replay ${request}${modelText}: no recorded request matches it in ${searched}` +
      `${scopeText(miss.scope)}.`,
  )
  if (closest === undefined) {
    const held = miss.recordedEndpoints.length === 0 ? 'no requests' : miss.recordedEndpoints.join(', ')
    lines.push(`Nothing was recorded for this endpoint; the cassettes hold: ${held}.`)
  } else {
    lines.push(
      `Closest recorded request: ${describeSource(closest.candidate.source)}, which differs at:`,
      ...closest.differences.slice(0, MAX_LISTED_DIFFERENCES).map(formatDifference),
    )
    if (closest.total > MAX_LISTED_DIFFERENCES) {
      lines.push(`  … and ${closest.total - MAX_LISTED_DIFFERENCES} more.`)
    }
  }
  lines.push(
    `Fix: re-record with: tapedeck serve --mode record --cassette ${file ?? '<file>'}`,
    '  or answer misses from OpenAI with --on-miss proxy,',
    '  or, if the differing fields vary between runs, list their JSON pointers in the ' +
      'cassette\'s match.ignore.',
  )
  return lines.join('\n')
}

interface Closest {
  candidate: MissCandidate
  differences: JsonDifference[]
  total: number
}

/** The candidate with the fewest differing pointers; the first recorded wins a tie. */
function pickClosest(
  candidates: readonly MissCandidate[],
  receivedQuery: Record<string, string>,
): Closest | undefined {
  const cap = 200
  let best: Closest | undefined
  for (const candidate of candidates) {
    const differences = [
      ...diffQuery(candidate.query, receivedQuery),
      ...diffJson(candidate.body, candidate.receivedBody, cap),
    ]
    if (best === undefined || differences.length < best.total) {
      best = { candidate, differences, total: differences.length }
    }
  }
  return best
}

/** Query differences, with pointers written `?name` so they read apart from body pointers. */
function diffQuery(recorded: Record<string, string>, received: Record<string, string>): JsonDifference[] {
  const names = [...new Set([...Object.keys(recorded), ...Object.keys(received)])]
  return names
    .filter((name) => recorded[name] !== received[name])
    .map((name) => ({ pointer: `?${name}`, recorded: recorded[name], received: received[name] }))
}

function formatDifference(difference: JsonDifference): string {
  const where = difference.pointer === '' ? '(the whole body)' : difference.pointer
  const recorded = formatValue(difference.recorded)
  return `  ${where}: recorded ${recorded} vs received ${formatValue(difference.received)}`
}

/**
 * A JSON value for a message, cut to about 80 characters.
 *
 * @example
 * formatValue(undefined) // '(absent)'
 * formatValue('hi')      // '"hi"'
 */
export function formatValue(value: JsonValue | undefined): string {
  if (value === undefined) return '(absent)'
  // Cut long strings before serialising them: a received prompt can be megabytes long.
  const text = JSON.stringify(typeof value === 'string' ? value.slice(0, MAX_VALUE_LENGTH) : value)
  return text.length <= MAX_VALUE_LENGTH ? text : `${text.slice(0, MAX_VALUE_LENGTH - 1)}…`
}

function describeSource(source: ExchangeSource): string {
  const turn = source.turn === undefined ? '' : ` turn ${source.turn}`
  return `interaction ${source.interaction}${turn} of "${source.cassette}" (${source.transport})`
}

function describeCassettes(files: readonly string[]): string {
  return files.length === 1 ? (files[0] ?? '') : files.join(', ')
}

function describeCassettesQuoted(files: readonly string[]): string {
  if (files.length === 1) return `cassette "${files[0] ?? ''}"`
  return `cassettes ${files.map((file) => `"${file}"`).join(', ')}`
}

function scopeText(scope: string): string {
  return scope === 'default' ? '' : ` (scope "${scope}")`
}

function formatQuery(query: Record<string, string>): string {
  const entries = Object.entries(query)
  if (entries.length === 0) return ''
  return `?${new URLSearchParams(entries).toString()}`
}
