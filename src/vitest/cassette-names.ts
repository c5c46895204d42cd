/**
 * Names the Vitest helper derives from a test: its cassette file (readable, stable between
 * runs, so that the cassette of a test is found again) and its scope (unique per run, so that
 * parallel test files never share order counters). Pure: no I/O.
 * @module
 */
import { createHash } from 'node:crypto'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'

/** One cassette per test (the default) or one per test file. */
export type CassettePer = 'test' | 'file'

/** Longest slug kept whole; longer names are cut and end in a hash of the full name. */
const MAX_SLUG = 80

/**
 * A file-name-safe slug: lower-case ASCII letters, digits and single dashes.
 *
 * @example
 * slugify('Checkout > pays by card (EUR)') // 'checkout-pays-by-card-eur'
 * slugify('¿Qué?')                         // 'que'
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (slug === '') return `test-${shortHash(text)}`
  if (slug.length <= MAX_SLUG) return slug
  return `${slug.slice(0, MAX_SLUG - 9).replace(/-+$/, '')}-${shortHash(text)}`
}

/**
 * A test file's name without its script extension.
 *
 * @example
 * testFileStem('/repo/tests/chat.spec.ts') // 'chat.spec'
 */
export function testFileStem(testFile: string): string {
  return basename(testFile).replace(/\.(?:[cm]?[jt]sx?)$/, '')
}

/** What names a cassette. */
export interface CassetteNameInput {
  /** The cassette folder; relative folders start from the test file's folder. */
  dir: string
  /** Absolute path of the test file. */
  testFile: string
  per: CassettePer
  /** The full test name (suites and test joined with ` > `); required when `per` is `test`. */
  testName?: string
}

/**
 * The cassette file of a test (`<dir>/<file stem>/<test slug>.yaml`) or of a test file
 * (`<dir>/<file stem>.yaml`).
 *
 * @example
 * cassetteFileFor({ dir: '__cassettes__', testFile: '/repo/tests/chat.spec.ts', per: 'test', testName: 'chat > says hello' })
 * // '/repo/tests/__cassettes__/chat.spec/chat-says-hello.yaml'
 * cassetteFileFor({ dir: '__cassettes__', testFile: '/repo/tests/chat.spec.ts', per: 'file' })
 * // '/repo/tests/__cassettes__/chat.spec.yaml'
 */
export function cassetteFileFor(input: CassetteNameInput): string {
  const folder = isAbsolute(input.dir) ? input.dir : resolve(dirname(input.testFile), input.dir)
  const stem = testFileStem(input.testFile)
  if (input.per === 'file') return join(folder, `${stem}.yaml`)
  return join(folder, stem, `${slugify(input.testName ?? '')}.yaml`)
}

/**
 * A scope name for one run of a test or test file: readable, and unique thanks to `nonce`.
 *
 * @example
 * scopeNameFor('/repo/tests/chat.spec.ts', 'chat > says hello', '1f3a9c0e') // 'chat-spec--chat-says-hello--1f3a9c0e'
 * scopeNameFor('/repo/tests/chat.spec.ts', undefined, '1f3a9c0e')            // 'chat-spec--1f3a9c0e'
 */
export function scopeNameFor(testFile: string, testName: string | undefined, nonce: string): string {
  const parts = [slugify(testFileStem(testFile)).slice(0, 40)]
  if (testName !== undefined) parts.push(slugify(testName).slice(0, 60).replace(/-+$/, ''))
  parts.push(nonce)
  return parts.join('--')
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8)
}
