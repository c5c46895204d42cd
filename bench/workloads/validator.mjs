/**
 * The stream validator's throughput: runs bench/validate.mjs (owned by the validator work) as a
 * child process when it exists, and picks its events-per-second figure out of the output (a JSON
 * line with an `eventsPerSecond`-like field, or text such as "812,345 events/s").
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('../validate.mjs', import.meta.url))
const MIN_EVENTS_PER_SECOND = 500_000
const TIMEOUT_MS = 120_000

/**
 * Find the events-per-second figures in a script's output: a JSON line with an
 * `eventsPerSecond`-like field, or lines such as "wire   1,018,635 events/s" (one per profile).
 *
 * @example
 * parseEventsPerSecond('wire 1,018,635 events/s\nstrict 900,000 events/s')
 * // [{ label: 'wire', value: 1018635 }, { label: 'strict', value: 900000 }]
 */
export function parseEventsPerSecond(output) {
  const figures = []
  for (const line of output.trim().split('\n')) {
    const json = tryJson(line.trim())
    const fromJson = json && findNumber(json)
    if (fromJson !== undefined) {
      figures.push({ label: '', value: fromJson })
      continue
    }
    const match = /^\s*(.*?)\s*([\d][\d,_.]*)\s*(?:events\s*(?:\/\s*s|per\s+second|\/sec)|ev\/s)/i.exec(line)
    if (match) figures.push({ label: match[1].replace(/[:=]\s*$/, '').trim(), value: Number(match[2].replace(/[,_]/g, '')) })
  }
  return figures
}

function tryJson(text) {
  if (!text.startsWith('{')) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function findNumber(value) {
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner === 'number' && /events?_?per_?s(ec(ond)?)?|eventspersecond|events_?s$/i.test(key)) return inner
  }
  for (const inner of Object.values(value)) {
    const found = findNumber(inner)
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Run the validator benchmark, if present.
 *
 * @example
 * const { rows } = await runValidator(ctx)
 */
export async function runValidator(ctx) {
  if (!existsSync(SCRIPT)) {
    ctx.log('  validator: bench/validate.mjs not found, skipped')
    return { rows: [], info: { skipped: 'bench/validate.mjs not found' } }
  }
  ctx.log('  validator: node bench/validate.mjs')
  const { code, output } = await run(SCRIPT)
  const figures = parseEventsPerSecond(output)
  ctx.log(`    exit ${code}: ${figures.map(({ label, value }) => `${label} ${value}`).join(', ') || 'no figure found'}`)
  const rows = (figures.length > 0 ? figures : [{ label: '', value: undefined }]).map(({ label, value }) => ({
    workload: 'VAL',
    label: `stream validator${label ? ` (${label} profile)` : ''}, one core`,
    connections: undefined,
    unit: 'events/s',
    tapedeck: { rps: value },
    baseline: undefined,
    ratio: undefined,
    target: {
      text: `>= ${MIN_EVENTS_PER_SECOND.toLocaleString('en-US')}/s`,
      pass: code === 0 && value !== undefined && value >= MIN_EVENTS_PER_SECOND,
    },
  }))
  return {
    rows,
    info: { exitCode: code, output: output.slice(-4000) },
  }
}

function run(script) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}
