import { describe, expect, it } from 'vitest'
import { isTapedeckError } from '../../../src/errors.js'
import { cassetteFileFor, scopeNameFor, slugify, testFileStem } from '../../../src/vitest/cassette-names.js'
import { resolveHelperMode } from '../../../src/vitest/helper-mode.js'
import { currentTestFile, fullTestName } from '../../../src/vitest/test-names.js'

describe('cassette names', () => {
  it('slugifies test names into lower-case ASCII words joined by single dashes', () => {
    expect(slugify('Checkout > pays by card (EUR)')).toBe('checkout-pays-by-card-eur')
    expect(slugify('Crème brûlée — ¿sí?')).toBe('creme-brulee-si')
    expect(slugify('  --  ')).toMatch(/^test-[0-9a-f]{8}$/)
  })

  it('cuts long names and keeps them apart with a hash of the full name', () => {
    const long = 'word '.repeat(40)
    const slug = slugify(`${long}one`)
    expect(slug.length).toBeLessThanOrEqual(80)
    expect(slug).not.toBe(slugify(`${long}two`))
    expect(slug).toMatch(/^word-word-.*-[0-9a-f]{8}$/)
  })

  it('names a cassette per test under the test file stem, or one per file, next to the test file', () => {
    const testFile = '/repo/tests/chat.spec.ts'
    expect(cassetteFileFor({ dir: '__cassettes__', testFile, per: 'test', testName: 'chat > says hello' })).toBe(
      '/repo/tests/__cassettes__/chat.spec/chat-says-hello.yaml',
    )
    expect(cassetteFileFor({ dir: '__cassettes__', testFile, per: 'file' })).toBe('/repo/tests/__cassettes__/chat.spec.yaml')
    expect(cassetteFileFor({ dir: '/abs/cassettes', testFile, per: 'file' })).toBe('/abs/cassettes/chat.spec.yaml')
    expect(cassetteFileFor({ dir: '../fixtures', testFile, per: 'file' })).toBe('/repo/fixtures/chat.spec.yaml')
    expect(testFileStem('/repo/a.test.mts')).toBe('a.test')
  })

  it('names scopes readably and uniquely per run', () => {
    expect(scopeNameFor('/repo/tests/chat.spec.ts', 'chat > says hello', '1f3a9c0e')).toBe('chat-spec--chat-says-hello--1f3a9c0e')
    expect(scopeNameFor('/repo/tests/chat.spec.ts', undefined, '1f3a9c0e')).toBe('chat-spec--1f3a9c0e')
    expect(scopeNameFor('/r/x.ts', 'y', 'a')).not.toBe(scopeNameFor('/r/x.ts', 'y', 'b'))
  })
})

describe('test names', () => {
  it('joins suite names down from the file, or takes Vitest 4 fullTestName', () => {
    const file = { name: 'chat.spec.ts', filepath: '/r/chat.spec.ts' }
    const suite = { name: 'chat', suite: file }
    expect(fullTestName({ name: 'says hello', suite: { name: 'greetings', suite } })).toBe('chat > greetings > says hello')
    expect(fullTestName({ name: 'top level', suite: file })).toBe('top level')
    expect(fullTestName({ name: 'x', fullTestName: 'a > x' })).toBe('a > x')
  })

  it('refuses to guess the test file', () => {
    expect(currentTestFile('/r/a.spec.ts')).toBe('/r/a.spec.ts')
    expect(() => currentTestFile(undefined)).toThrow(/testPath is empty/)
  })
})

describe('the mode of a test run', () => {
  it('takes the option, then TAPEDECK_MODE, then replay in CI, then auto', () => {
    expect(resolveHelperMode('passthrough', { TAPEDECK_MODE: 'record', CI: 'true' })).toBe('passthrough')
    expect(resolveHelperMode(undefined, { TAPEDECK_MODE: 'record', CI: 'true' })).toBe('record')
    expect(resolveHelperMode(undefined, { CI: 'true' })).toBe('replay')
    expect(resolveHelperMode(undefined, { CI: 'false' })).toBe('auto')
    expect(resolveHelperMode(undefined, { TAPEDECK_MODE: ' ' })).toBe('auto')
  })

  it('refuses an unknown TAPEDECK_MODE, listing the modes', () => {
    let error: unknown
    try {
      resolveHelperMode(undefined, { TAPEDECK_MODE: 'rec' })
    } catch (caught) {
      error = caught
    }
    expect(isTapedeckError(error) && error.code).toBe('TAPEDECK_OPTIONS_INVALID')
    expect((error as Error).message).toContain('"replay", "record", "auto", "passthrough"')
  })
})
