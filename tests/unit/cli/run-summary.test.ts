import { describe, expect, it } from 'vitest'
import {
  countsOf,
  formatRunSummary,
  runExitCode,
  type RunCounts,
} from '../../../src/cli/commands/run-summary.js'

const clean: RunCounts = { hits: 3, misses: 0, recorded: 0, synthesized: 0, unused: [] }
const unused: RunCounts = {
  ...clean,
  unused: [
    { cassette: 'a.yaml', interaction: 2, transport: 'sse' },
    { cassette: 'b.yaml', interaction: 0, turn: 1, transport: 'websocket' },
  ],
}

describe('run summary', () => {
  it('counts hits, misses, recorded, synthesized and unused recordings', () => {
    expect(
      formatRunSummary({ hits: 1, misses: 1, recorded: 2, synthesized: 0, unused: [] }),
    ).toEqual(['Summary: 1 hit, 1 miss, 2 recorded, 0 synthesized, 0 unused.'])
    expect(formatRunSummary(unused)).toEqual([
      'Summary: 3 hits, 0 misses, 0 recorded, 0 synthesized, 2 unused.',
      'Never used (2):',
      '  a.yaml interaction 2 (sse)',
      '  b.yaml interaction 0 turn 1 (websocket)',
    ])
  })

  it('reads the server stats, recorded absent when nothing goes upstream', () => {
    const stats = {
      exchanges: 4,
      hits: 2,
      misses: 1,
      unused: 1,
      unusedExchanges: [{ cassette: 'a.yaml', interaction: 0, transport: 'http' as const }],
    }
    expect(countsOf(stats)).toEqual({
      hits: 2,
      misses: 1,
      recorded: 0,
      synthesized: 0,
      unused: stats.unusedExchanges,
    })
    expect(countsOf({ ...stats, forwarded: 3, recorded: 3 }).recorded).toBe(3)
    const generated = { ...stats, ruleHits: 2, synthesized: 4 }
    expect(countsOf(generated)).toMatchObject({ hits: 4, synthesized: 4 })
  })

  it("keeps the command's failing exit code, and turns --fail-on-* conditions into 1", () => {
    const missed = { ...clean, misses: 2 }
    expect(runExitCode(7, missed, { miss: true, unused: true })).toEqual({ code: 7 })
    expect(runExitCode(0, missed, { miss: false, unused: false })).toEqual({ code: 0 })
    expect(runExitCode(0, missed, { miss: true, unused: false })).toEqual({
      code: 1,
      reason: '--fail-on-miss: 2 requests missed.',
    })
    expect(runExitCode(0, unused, { miss: true, unused: true })).toEqual({
      code: 1,
      reason: '--fail-on-unused: 2 recordings were never used.',
    })
    expect(runExitCode(0, clean, { miss: true, unused: true })).toEqual({ code: 0 })
  })
})
