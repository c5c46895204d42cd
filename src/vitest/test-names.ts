/**
 * What the Vitest helper reads from Vitest: the running test file, and the full name of a test
 * (suites and test joined with ` > `). Read structurally, so that it works across Vitest
 * versions (Vitest 4 has `fullTestName`, older ones only the chain of suites).
 * @module
 */
import { TapedeckError } from '../errors.js'

/** The parts of a Vitest task the helper reads. */
export interface TaskLike {
  name: string
  fullTestName?: string | undefined
  suite?: TaskLike | undefined
  filepath?: string
}

/**
 * The test file running now, from Vitest's expect state (set for the whole file, hooks included).
 *
 * @example
 * beforeAll(() => { currentTestFile(expect.getState().testPath) }) // '/repo/tests/chat.spec.ts'
 */
export function currentTestFile(testPath: string | undefined): string {
  if (testPath !== undefined && testPath !== '') return testPath
  throw new TapedeckError(
    'TAPEDECK_INTERNAL',
    'Failed to find the running test file: expect.getState().testPath is empty. ' +
      'Call useTapedeck() in a test file run by Vitest, and please report the Vitest version.',
  )
}

/**
 * The full name of a test: its suites' names and its own, joined with ` > `.
 *
 * @example
 * fullTestName({ name: 'says hello', suite: { name: 'chat', suite: { name: 'chat.spec.ts', filepath: '/r/chat.spec.ts' } } })
 * // 'chat > says hello'
 */
export function fullTestName(task: TaskLike): string {
  if (typeof task.fullTestName === 'string' && task.fullTestName !== '') return task.fullTestName
  const names = [task.name]
  for (let suite = task.suite; suite !== undefined && suite.filepath === undefined; suite = suite.suite) {
    if (suite.name !== '') names.unshift(suite.name)
  }
  return names.join(' > ')
}
