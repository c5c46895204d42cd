#!/usr/bin/env node
/**
 * Summarise a V8 .cpuprofile (from `node bench/run.mjs --cpu-prof`): the functions with the most
 * self time, and the tapedeck functions with the most total (inclusive) time.
 *
 *   node bench/lib/profile-summary.mjs bench/results/profiles/tapedeck-W1-....cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

/**
 * Self and inclusive time per function, as percent of the busy samples (idle excluded, since
 * the server also idles while the baseline is measured).
 *
 * @example
 * const { self, inclusive } = summariseProfile(JSON.parse(readFileSync(file, 'utf8')))
 */
export function summariseProfile(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const hits = new Map()
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1)
  const idleIds = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id))
  const total = profile.samples.filter((id) => !idleIds.has(id)).length
  const nameOf = (node) => {
    const { functionName, url, lineNumber } = node.callFrame
    const file = url ? basename(url) : ''
    return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`
  }
  const self = new Map()
  const inclusive = new Map()
  for (const [id, count] of hits) {
    if (idleIds.has(id)) continue
    const node = nodes.get(id)
    self.set(nameOf(node), (self.get(nameOf(node)) ?? 0) + count)
    // Count each function once per sample, however deep its recursion.
    const seen = new Set()
    for (let current = id; current !== undefined; current = parent.get(current)) {
      const name = nameOf(nodes.get(current))
      if (seen.has(name)) continue
      seen.add(name)
      inclusive.set(name, (inclusive.get(name) ?? 0) + count)
    }
  }
  const ranked = (map) =>
    [...map.entries()].sort((a, b) => b[1] - a[1]).map(([name, count]) => ({ name, percent: (count / total) * 100 }))
  return { total, self: ranked(self), inclusive: ranked(inclusive) }
}

function main() {
  const args = process.argv.slice(2)
  const topIndex = args.indexOf('--top')
  const top = topIndex === -1 ? 25 : Number(args[topIndex + 1])
  const files = args.filter((arg, index) => arg.endsWith('.cpuprofile') && index !== topIndex + 1)
  for (const file of files) {
    const { total, self, inclusive } = summariseProfile(JSON.parse(readFileSync(file, 'utf8')))
    const line = ({ name, percent }) => `  ${percent.toFixed(1).padStart(5)}%  ${name}`
    process.stdout.write(`${file} (${total} busy samples)\nSelf time:\n${self.slice(0, top).map(line).join('\n')}\n`)
    const ours = inclusive.filter(({ name }) => / [\w-]+\.js:\d+$/.test(name) && !name.includes('node:'))
    process.stdout.write(`Inclusive time (JavaScript files):\n${ours.slice(0, top).map(line).join('\n')}\n\n`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main()
