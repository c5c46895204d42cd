#!/usr/bin/env node
/**
 * tapedeck's benchmark suite (`npm run bench`). Starts everything itself on 127.0.0.1: tapedeck
 * (from dist/) and each baseline in their own processes, load generators in theirs; runs every
 * workload side by side (alternating, repeated, medians), prints a table and writes JSON to
 * bench/results/. See docs/performance.md.
 *
 *   node bench/run.mjs [--quick] [--only W1,W3] [--references] [--cpu-prof] [--dist dist]
 */
import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { CONTENDED_PERCENT } from './lib/compare.mjs'
import { createContext } from './lib/context.mjs'
import { measureMachineCpu } from './lib/machine-cpu.mjs'
import { textTable, writeResults } from './lib/report.mjs'
import { runW1, runW2 } from './workloads/http-replay.mjs'
import { runW6 } from './workloads/memory.mjs'
import { runW4 } from './workloads/record-mode.mjs'
import { runW5 } from './workloads/scale.mjs'
import { runValidator } from './workloads/validator.mjs'
import { runW3 } from './workloads/websocket-replay.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const RESULTS_DIR = fileURLToPath(new URL('./results', import.meta.url))

const WORKLOADS = {
  W1: runW1,
  W2: runW2,
  W3: runW3,
  W4: runW4,
  W5: runW5,
  W6: runW6,
  VAL: runValidator,
}

const USAGE = `Usage: node bench/run.mjs [options]

  --quick          1 s runs, 1 repetition (a smoke run of about a minute; figures are rough)
  --only LIST      comma-separated workloads: ${Object.keys(WORKLOADS).join(',')}
  --references     also measure naive servers at 64 connections (one write per event, Express 5,
                   ws send() per frame) for context
  --cpu-prof       start every server process (tapedeck, baselines) with node --cpu-prof;
                   profiles go to --profile-dir
  --profile-dir D  default bench/results/profiles
  --dist DIR       the build to measure (default dist/)
  --no-write       print the table only
`

function parseFlags(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      references: { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'profile-dir': { type: 'string', default: `${RESULTS_DIR}/profiles` },
      dist: { type: 'string', default: `${ROOT}dist` },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  const only = values.only ? values.only.split(',').map((name) => name.trim().toUpperCase()) : Object.keys(WORKLOADS)
  const unknown = only.filter((name) => !(name in WORKLOADS))
  if (unknown.length > 0) throw new Error(`Failed to parse --only: unknown workload ${unknown.join(', ')}\n\n${USAGE}`)
  return {
    help: values.help,
    quick: values.quick,
    only,
    references: values.references,
    cpuProf: values['cpu-prof'],
    profileDir: values['profile-dir'],
    dist: values.dist,
    write: !values['no-write'],
  }
}

function gitCommit() {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim()
    return dirty ? `${commit} (src modified)` : commit
  } catch {
    return undefined
  }
}

async function main() {
  const flags = parseFlags(process.argv.slice(2))
  if (flags.help) {
    process.stdout.write(USAGE)
    return
  }
  const startedAt = Date.now()
  const ctx = await createContext(flags)
  const idleCheck = measureMachineCpu()
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const busyBeforeStartPercent = idleCheck.stop()
  if (busyBeforeStartPercent !== undefined && busyBeforeStartPercent > CONTENDED_PERCENT) {
    ctx.log(`Warning: the machine is already ${busyBeforeStartPercent}% busy (percent of one core); figures will be noisy.`)
  }
  const rows = []
  const info = {}
  const failures = []
  const stop = async () => {
    await ctx.cleanup()
    process.exit(130)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  try {
    for (const name of flags.only) {
      ctx.log(`${name}`)
      const workloadStart = Date.now()
      try {
        const result = await WORKLOADS[name](ctx)
        rows.push(...result.rows)
        info[name] = { ...result.info, elapsedSec: Math.round((Date.now() - workloadStart) / 1000) }
        ctx.log(`  ${name} done in ${info[name].elapsedSec} s`)
      } catch (error) {
        failures.push({ workload: name, error: error?.stack ?? String(error) })
        ctx.log(`  ${name} FAILED: ${error?.stack ?? error}`)
      }
    }
  } finally {
    await ctx.cleanup()
  }

  const cpuList = cpus()
  const results = {
    date: new Date().toISOString(),
    mode: flags.quick ? 'quick' : 'full',
    durationSec: ctx.durationSec,
    reps: ctx.reps,
    elapsedSec: Math.round((Date.now() - startedAt) / 1000),
    commit: gitCommit(),
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
      memoryGB: Math.round(totalmem() / 1024 ** 3),
      busyBeforeStartPercent,
      loadAverage: loadavg(),
    },
    flags: { only: flags.only, references: flags.references, cpuProf: flags.cpuProf },
    rows,
    info,
    failures,
  }
  process.stdout.write(`\n${textTable(rows)}`)
  const misses = rows.filter((row) => row.target?.pass === false)
  process.stdout.write(`\n${misses.length} target(s) missed, ${failures.length} workload(s) failed; ${results.elapsedSec} s.\n`)
  if (flags.write) process.stdout.write(`Results: ${writeResults(RESULTS_DIR, results)}\n`)
  if (failures.length > 0) process.exitCode = 1
}

main().catch((error) => {
  process.stderr.write(`${error?.message ?? error}\n`)
  process.exit(1)
})
