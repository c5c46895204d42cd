/**
 * Reporting: the console table, the Markdown table (pasted into docs/performance.md), and the
 * JSON files in bench/results/.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CONTENDED_PERCENT } from './compare.mjs'

const COLUMNS = [
  'Workload',
  'Case',
  'Conns',
  'tapedeck',
  'Baseline',
  'Ratio',
  'p50 ms',
  'p99 ms',
  'CPU us/op',
  'RSS MB',
  'Target',
  'Result',
]

const integer = (value) => (value === undefined ? '-' : Math.round(value).toLocaleString('en-US'))
const decimal = (value, digits = 2) => (value === undefined || value === null ? '-' : Number(value).toFixed(digits))

function figure(side, unit) {
  if (side === undefined) return '-'
  if (unit === 'ms') return `${decimal(side.p50)} ms`
  if (unit === 'MB') return `${decimal(side.value, 0)} MB`
  return `${integer(side.rps)} ${unit}`
}

/** `tapedeck / baseline` of one figure, or tapedeck's alone. */
function pair(row, key, digits) {
  const own = row.tapedeck?.[key]
  const other = row.baseline?.[key]
  if (own === undefined) return '-'
  return other === undefined ? decimal(own, digits) : `${decimal(own, digits)} / ${decimal(other, digits)}`
}

/**
 * One row as table cells.
 *
 * @example
 * cells({ workload: 'W1', label: 'SSE', connections: 64, unit: 'req/s', tapedeck: { rps: 1 }, ratio: 0.8, target: { text: '', pass: null } })
 */
export function cells(row) {
  const baseline = row.baseline ? `${figure(row.baseline, row.unit)} (${row.baseline.label})` : '-'
  const ratio = row.addedMs !== undefined ? `${row.addedMs >= 0 ? '+' : ''}${decimal(row.addedMs, 3)} ms` : row.ratio === undefined ? '-' : `${decimal(row.ratio)}x`
  const latency = row.unit === 'MB' || row.unit === 'events/s' || row.connections === undefined
  const errors = (row.tapedeck?.errors ?? 0) > 0 ? ` (${row.tapedeck.errors} errors)` : ''
  return [
    row.workload,
    row.label,
    row.connections === undefined ? '-' : String(row.connections),
    `${figure(row.tapedeck, row.unit)}${errors}`,
    baseline,
    ratio,
    latency ? '-' : decimal(row.tapedeck?.p50),
    latency ? '-' : decimal(row.tapedeck?.p99),
    pair(row, 'cpuUsPerOp', 0),
    pair(row, 'rssPeakMB', 0),
    row.target?.text || '-',
    [row.target?.pass === true ? 'pass' : row.target?.pass === false ? 'MISS' : '', row.contended ? '*' : '']
      .filter(Boolean)
      .join(' '),
  ]
}

/**
 * A fixed-width text table for the terminal.
 *
 * @example
 * process.stdout.write(textTable(rows))
 */
export function textTable(rows) {
  const table = [COLUMNS, ...rows.map(cells)]
  const widths = COLUMNS.map((_, column) => Math.max(...table.map((line) => line[column].length)))
  const format = (line) => line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()
  const lines = [format(table[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...table.slice(1).map(format)]
  return `${lines.join('\n')}\n${footnote(rows)}`
}

function footnote(rows, star = '*') {
  return rows.some((row) => row.contended)
    ? `${star} measured while other processes used more than ${CONTENDED_PERCENT}% of a core: rerun on an idle machine.\n`
    : ''
}

/**
 * A Markdown table.
 *
 * @example
 * markdownTable(rows).startsWith('| Workload |') // true
 */
export function markdownTable(rows) {
  const line = (values) => `| ${values.map((value) => value.replace(/\|/g, '\\|')).join(' | ')} |`
  const table = [line(COLUMNS), line(COLUMNS.map(() => '---')), ...rows.map((row) => line(cells(row)))].join('\n')
  const note = footnote(rows, '\\*')
  return `${table}\n${note ? `\n${note}` : ''}`
}

/**
 * Write `<iso-date>.json`, `latest.json` and `latest.md` into `dir`; returns the dated path.
 *
 * @example
 * writeResults('bench/results', { date: new Date().toISOString(), rows })
 */
export function writeResults(dir, results) {
  mkdirSync(dir, { recursive: true })
  const stamp = results.date.replace(/[:.]/g, '-')
  const json = `${JSON.stringify(results, null, 2)}\n`
  const dated = join(dir, `${stamp}.json`)
  writeFileSync(dated, json)
  writeFileSync(join(dir, 'latest.json'), json)
  writeFileSync(join(dir, 'latest.md'), `${markdownSummary(results)}`)
  return dated
}

function markdownSummary(results) {
  const { machine } = results
  return [
    `Run ${results.date}, ${results.mode} mode: ${results.durationSec} s per run, ${results.reps} repetition(s); figures are medians, ratios are medians of back-to-back pairs; ${results.elapsedSec} s in all.`,
    `Node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGB} GB, ${machine.platform}; tapedeck ${results.commit ?? 'unknown commit'}.`,
    '',
    markdownTable(results.rows),
  ].join('\n')
}
