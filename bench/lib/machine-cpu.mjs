/**
 * Machine-wide CPU use from /proc/stat (Linux), to tell when something outside the benchmark
 * (another test run, a build) shared the cores during a run. Elsewhere it reports nothing.
 */
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'

function readTimes() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]
    const fields = line.trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal ...
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0)
    return { idle, total }
  } catch {
    return undefined
  }
}

/**
 * Start measuring; `stop()` returns the machine's busy time as percent of one core (so two
 * saturated cores read 200), or undefined where /proc/stat is unavailable.
 *
 * @example
 * const window = measureMachineCpu()
 * // ... run ...
 * window.stop() // e.g. 187.5
 */
export function measureMachineCpu() {
  const start = readTimes()
  return {
    stop() {
      const end = readTimes()
      if (!start || !end || end.total === start.total) return undefined
      const busy = 1 - (end.idle - start.idle) / (end.total - start.total)
      return Math.round(busy * cpus().length * 1000) / 10
    },
  }
}
