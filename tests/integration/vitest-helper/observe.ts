/**
 * Lets the driver compare runs: each test writes what the SDK received to
 * `$VITEST_HELPER_OBSERVATIONS/<test file>--<test name>.json`, and the driver checks that the
 * replay run received exactly what the record run did.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { expect } from 'vitest'

/** The cassette folder of the run. */
export function cassetteFolder(): string {
  const folder = process.env['VITEST_HELPER_CASSETTES']
  if (folder === undefined || folder === '') throw new Error('Set VITEST_HELPER_CASSETTES to a cassette folder.')
  return folder
}

/** Write what the current test received. */
export function observe(received: unknown): void {
  const folder = process.env['VITEST_HELPER_OBSERVATIONS']
  if (folder === undefined || folder === '') return
  const { testPath, currentTestName } = expect.getState()
  const name = `${basename(testPath ?? 'unknown')}--${currentTestName ?? 'unknown'}`.replace(/[^a-zA-Z0-9.-]+/g, '-')
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, `${name}.json`), JSON.stringify(received, null, 2))
}
