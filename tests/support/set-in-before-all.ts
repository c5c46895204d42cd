/**
 * The value a `beforeAll` sets, for a test helper's getters: reading it outside a test (before
 * the hook ran) is a mistake in the test file, and says so.
 *
 * @example
 * get fake() { return setInBeforeAll(fake, 'useFakeUpstream()') }
 */
export function setInBeforeAll<T>(value: T | undefined, helper: string): T {
  if (value === undefined) throw new Error(`${helper}: read it inside a test, after beforeAll`)
  return value
}
