/**
 * Side-by-side measurement: runs the same load against several servers, alternating which goes
 * first on each repetition (so drift and thermal effects hit both), and reduces each server's
 * runs to medians. Server RSS and CPU come from the server child for exactly that run.
 */
import { measureMachineCpu } from './machine-cpu.mjs'
import { maximum, median } from './stats.mjs'

/** Above this much foreign CPU (percent of one core) a row is flagged as measured on a busy machine. */
export const CONTENDED_PERCENT = 30

/**
 * @typedef {object} Contender
 * @property {string} name
 * @property {{ reset(): Promise<unknown>, stats(): Promise<{ resources: object }> }} server
 * @property {(options: { warmup?: boolean }) => Promise<object>} load  runs one load (short and
 *   unmeasured with `warmup`), resolves with the client's JSON
 */

/**
 * Warm every contender up once (JIT, connection pools), then run each `reps` times, alternating
 * the order, and summarise.
 *
 * @example
 * const summary = await alternate([{ name: 'tapedeck', server, load }, { name: 'baseline', server: base, load: loadBase }], 3)
 * summary.tapedeck.rps // median requests per second
 */
export async function alternate(contenders, reps, log = () => {}) {
  const runs = Object.fromEntries(contenders.map(({ name }) => [name, []]))
  for (const { load } of contenders) await load({ warmup: true })
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? contenders : [...contenders].reverse()
    for (const { name, server, load } of order) {
      const machine = measureMachineCpu()
      await server.reset()
      const result = await load({})
      const { resources } = await server.stats()
      const machineCpuPercent = machine.stop()
      const run = { ...result, server: resources, machineCpuPercent }
      runs[name].push(run)
      log(
        `    ${name} rep ${rep + 1}/${reps}: ${describe(result)}, server cpu ${resources.cpuPercent}%, other ${foreignCpu(run) ?? '?'}%, rss ${resources.rssPeakMB} MB`,
      )
    }
  }
  return Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, summarise(list)]))
}

/**
 * Reduce runs to medians (throughput, latency, CPU) and the maximum peak RSS.
 *
 * @example
 * summarise([{ rps: 10, p50: 1, p99: 2, server: { rssPeakMB: 50 } }]).rps // 10
 */
export function summarise(runs) {
  const pick = (read) => median(runs.map(read))
  return {
    rps: pick((run) => run.rps),
    p50: pick((run) => run.p50),
    p99: pick((run) => run.p99),
    rssPeakMB: maximum(runs.map((run) => run.server?.rssPeakMB)),
    serverCpuPercent: pick((run) => run.server?.cpuPercent),
    clientCpuPercent: pick((run) => run.clientCpuPercent),
    machineCpuPercent: pick((run) => run.machineCpuPercent),
    // CPU the machine spent on neither the server nor the load client: other work sharing
    // the cores (percent of one core); high values make a run unreliable.
    foreignCpuPercent: pick((run) => foreignCpu(run)),
    // Server CPU time per request or turn: unlike throughput, it does not depend on whether
    // the load client or other work on the machine was the bottleneck.
    cpuUsPerOp: pick((run) => cpuPerOp(run)),
    errors: runs.reduce((sum, run) => sum + (run.errors ?? 0) + (run.non2xx ?? 0) + (run.timeouts ?? 0), 0),
    bytesPerResponse: pick((run) => run.bytesPerResponse),
    runs,
  }
}

function cpuPerOp(run) {
  const operations = run.requests ?? run.turns
  if (!operations || run.server?.cpuMs === undefined) return undefined
  return Math.round(((run.server.cpuMs * 1000) / operations) * 10) / 10
}

function foreignCpu(run) {
  if (run.machineCpuPercent === undefined || run.server?.cpuPercent === undefined) return undefined
  return Math.max(0, Math.round(run.machineCpuPercent - run.server.cpuPercent - (run.clientCpuPercent ?? 0)))
}

function describe(result) {
  const parts = [`${Math.round(result.rps ?? 0)}/s`, `p50 ${result.p50} ms`, `p99 ${result.p99} ms`]
  const errors = (result.errors ?? 0) + (result.non2xx ?? 0) + (result.timeouts ?? 0)
  if (errors > 0) parts.push(`ERRORS ${errors}`)
  if (result.clientCpuPercent !== undefined) parts.push(`client cpu ${result.clientCpuPercent}%`)
  return parts.join(', ')
}

/**
 * A table row comparing tapedeck with a baseline.
 *
 * @example
 * compareRow({ workload: 'W1', label: 'SSE replay', connections: 64, unit: 'req/s', tapedeck, baseline,
 *   baselineLabel: 'bare http', minRatio: 0.7 })
 */
export function compareRow({ workload, label, connections, unit, tapedeck, baseline, baselineLabel, minRatio }) {
  const ratio = pairedRatio(tapedeck.runs, baseline.runs)
  const target =
    minRatio === undefined
      ? { text: '', pass: null }
      : { text: `>= ${minRatio}x`, pass: ratio !== undefined && ratio >= minRatio && tapedeck.errors === 0 }
  const foreign = [tapedeck.foreignCpuPercent, baseline.foreignCpuPercent].filter((value) => value !== undefined)
  return {
    workload,
    label,
    connections,
    unit,
    contended: foreign.some((value) => value > CONTENDED_PERCENT),
    tapedeck,
    baseline: { label: baselineLabel, ...baseline },
    ratio,
    ratioOfMedians: tapedeck.rps !== undefined && baseline.rps ? tapedeck.rps / baseline.rps : undefined,
    cpuCostRatio: tapedeck.cpuUsPerOp && baseline.cpuUsPerOp ? baseline.cpuUsPerOp / tapedeck.cpuUsPerOp : undefined,
    target,
  }
}

/**
 * The median of the per-repetition ratios. Repetition i of both servers ran back to back, so
 * each ratio compares runs that met the same background load; drift between repetitions
 * cancels out, which a ratio of medians does not do.
 *
 * @example
 * pairedRatio([{ rps: 8 }, { rps: 4 }], [{ rps: 10 }, { rps: 5 }]) // 0.8
 */
export function pairedRatio(ownRuns, otherRuns) {
  const ratios = ownRuns.flatMap((run, index) => {
    const other = otherRuns[index]?.rps
    return run.rps !== undefined && other ? [run.rps / other] : []
  })
  return median(ratios)
}
