/**
 * The summary `tapedeck run` prints when the command has exited, and the exit code the
 * `--fail-on-*` flags derive from it. Pure.
 * @module
 */
import type { ExchangeSource } from '../../replay/types.js'
import type { TapedeckStats } from '../../server/options.js'

/** The counters of one run. */
export interface RunCounts {
  hits: number
  misses: number
  recorded: number
  synthesized: number
  /** Recordings (an HTTP/SSE interaction, or one WebSocket turn) nothing asked for. */
  unused: ExchangeSource[]
}

/** What turns a finished run into a failure. */
export interface FailOn {
  miss: boolean
  unused: boolean
}

/** Exit code when the command succeeded but a `--fail-on-*` condition holds. */
export const FAIL_ON_EXIT_CODE = 1

/**
 * The counters of a run from the server's stats.
 *
 * @example
 * countsOf(tapedeck.stats()) // { hits: 3, misses: 0, recorded: 0, synthesized: 0, unused: [] }
 */
export function countsOf(stats: TapedeckStats): RunCounts {
  return {
    // An answer from a cassette's rules is a hit like one from its recordings.
    hits: stats.hits + (stats.ruleHits ?? 0),
    misses: stats.misses,
    recorded: stats.recorded ?? 0,
    synthesized: stats.synthesized ?? 0,
    unused: stats.unusedExchanges,
  }
}

/**
 * The summary lines (without the `[tapedeck] ` prefix).
 *
 * @example
 * formatRunSummary({ hits: 2, misses: 1, recorded: 0, synthesized: 0, unused: [] })
 * // ['Summary: 2 hits, 1 miss, 0 recorded, 0 synthesized, 0 unused.']
 */
export function formatRunSummary(counts: RunCounts): string[] {
  const lines = [
    `Summary: ${plural(counts.hits, 'hit', 'hits')}, ${plural(counts.misses, 'miss', 'misses')}, ` +
      `${counts.recorded} recorded, ${counts.synthesized} synthesized, ${counts.unused.length} unused.`,
  ]
  if (counts.unused.length > 0) {
    lines.push(`Never used (${counts.unused.length}):`)
    for (const source of counts.unused) lines.push(`  ${describeSource(source)}`)
  }
  return lines
}

/**
 * The exit code of `tapedeck run`: the command's own when it failed; otherwise 1 when a
 * `--fail-on-*` condition holds, with the reason to print.
 *
 * @example
 * runExitCode(0, counts, { miss: true, unused: false }) // { code: 1, reason: '--fail-on-miss: 1 request missed.' }
 */
export function runExitCode(
  commandCode: number,
  counts: RunCounts,
  failOn: FailOn,
): { code: number; reason?: string } {
  if (commandCode !== 0) return { code: commandCode }
  if (failOn.miss && counts.misses > 0) {
    return {
      code: FAIL_ON_EXIT_CODE,
      reason: `--fail-on-miss: ${plural(counts.misses, 'request', 'requests')} missed.`,
    }
  }
  if (failOn.unused && counts.unused.length > 0) {
    const what = plural(counts.unused.length, 'recording was', 'recordings were')
    return { code: FAIL_ON_EXIT_CODE, reason: `--fail-on-unused: ${what} never used.` }
  }
  return { code: 0 }
}

/** `scenarios/quickstart.yaml interaction 2 (sse)`, `a.yaml interaction 0 turn 1 (websocket)` */
function describeSource(source: ExchangeSource): string {
  const turn = source.turn === undefined ? '' : ` turn ${source.turn}`
  return `${source.cassette} interaction ${source.interaction}${turn} (${source.transport})`
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}
