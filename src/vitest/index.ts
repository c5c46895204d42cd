/**
 * `tapedeck/vitest`: a cassette per test (or per test file), named after it, in one server shared
 * by the whole run. Each test gets its own scope, so test files running in parallel replay and
 * record their own cassettes, with their own order counters, even when they ask the same thing.
 *
 * ```ts
 * import OpenAI from 'openai'
 * import { expect, it } from 'vitest'
 * import { useTapedeck } from 'tapedeck/vitest'
 *
 * const tapedeck = useTapedeck()
 *
 * it('says hello', async () => {
 *   const openai = new OpenAI(tapedeck.clientOptions())
 *   const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Say hello' })
 *   expect(response.output_text).toContain('Hello')
 * })
 * ```
 *
 * `TAPEDECK_MODE=record npm test` re-records every cassette; CI replays strictly.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import { TapedeckError } from '../errors.js'
import type { Mode, OnMiss } from '../server/options.js'
import { PLACEHOLDER_API_KEY } from '../protocol/placeholder-key.js'
import { SCOPE_HEADER } from '../protocol/scope.js'
import type { ScopeReport } from '../server/scopes/scope-report.js'
import type { ScopeSpec } from '../server/scopes/scope-spec.js'
import { cassetteFileFor, scopeNameFor, type CassettePer } from './cassette-names.js'
import { resolveHelperMode } from './helper-mode.js'
import { bindScope, closeScope, readScope } from './scope-client.js'
import { leaseServer, type ServerLease } from './shared-server.js'
import { currentTestFile, fullTestName } from './test-names.js'

export { tapedeckGlobalSetup, type TapedeckGlobalSetup } from './global-setup.js'
export type { TapedeckProvided } from './provided.js'
export type { ScopeReport } from '../server/scopes/scope-report.js'
export { bindScope, closeScope, readScope } from './scope-client.js'
export { cassetteFileFor, slugify, type CassettePer } from './cassette-names.js'

/** Options of {@link useTapedeck}. */
export interface UseTapedeckOptions {
  /** The cassette folder; relative folders start from the test file's. Default `__cassettes__`. */
  cassettes?: string
  /** One cassette per test (default) or one per test file. */
  per?: CassettePer
  /** Default: `TAPEDECK_MODE`, else `replay` when `CI` is set, else `auto`. */
  mode?: Mode
  /** Where `record` and `auto` forward to. Default: the server's (`TAPEDECK_UPSTREAM`, else OpenAI). */
  upstream?: string
  /** What a request the cassette does not answer gets in `replay`. Default `error`. */
  onMiss?: OnMiss
  /** In `replay`, fail the test when one of its requests missed (even if the code swallowed the 404). */
  failOnMiss?: boolean
  /** In `replay` and `auto`, fail the test when recordings of its cassette were not used. */
  failOnUnused?: boolean
}

/** What a test uses to reach tapedeck. */
export interface TapedeckHandle {
  /** The base URL of the current test: `http://127.0.0.1:PORT/__tapedeck/scopes/<scope>/v1`. */
  readonly baseURL: string
  /** The scope header of the current test (the base URL already carries the scope). */
  readonly headers: Record<string, string>
  /** The current scope name. */
  readonly scope: string
  /** The cassette file of the current test (or test file). */
  readonly cassette: string
  /** The mode in effect. */
  readonly mode: Mode
  /** Options for `new OpenAI(...)`: base URL, scope header, and a key (a placeholder when none is set). */
  clientOptions(): { baseURL: string; apiKey: string; defaultHeaders: Record<string, string> }
  /** The current scope's counters so far. */
  stats(): Promise<ScopeReport>
}

/** The key given to SDKs when `OPENAI_API_KEY` is not set (replay needs none); `tapedeck run` gives the same. */
export { PLACEHOLDER_API_KEY }

interface ActiveScope {
  scope: string
  cassette: string
}

/**
 * Give each test of this file (or of the enclosing `describe`) its own cassette and scope in
 * the shared tapedeck server. Call it at the top of a test file or of a `describe`.
 *
 * @example
 * const tapedeck = useTapedeck({ failOnUnused: true })
 * it('answers', async () => {
 *   const openai = new OpenAI(tapedeck.clientOptions())
 *   await openai.responses.create({ model: 'gpt-5.5', input: 'Say hello' })
 * })
 */
export function useTapedeck(options: UseTapedeckOptions = {}): TapedeckHandle {
  const per = options.per ?? 'test'
  const dir = options.cassettes ?? '__cassettes__'
  const mode = resolveHelperMode(options.mode, process.env)
  const nonce = randomBytes(4).toString('hex')
  const cassetteOwners = new Map<string, string>()
  let lease: ServerLease | undefined
  let active: ActiveScope | undefined

  const open = async (testFile: string, testId: string, testName: string | undefined): Promise<void> => {
    if (lease === undefined) throw notRunning('bind a scope')
    const cassette = cassetteFileFor({ dir, testFile, per, ...(testName === undefined ? {} : { testName }) })
    const owner = cassetteOwners.get(cassette)
    if (owner !== undefined && owner !== testId) {
      throw new TapedeckError(
        'TAPEDECK_OPTIONS_INVALID',
        `Failed to name the cassette of test "${testName ?? testFile}": another test of this file has the ` +
          `same name once made file-safe, and both would use ${cassette}. Rename one of them.`,
      )
    }
    cassetteOwners.set(cassette, testId)
    const scope = scopeNameFor(testFile, testName, nonce)
    await bindScope(lease.url, scope, scopeSpec(cassette, mode, options))
    active = { scope, cassette }
  }

  const close = async (): Promise<void> => {
    const closing = active
    active = undefined
    if (closing === undefined || lease === undefined) return
    const report = await closeScope(lease.url, closing.scope)
    checkReport(report, mode, options)
  }

  // Vitest reads the hooks' parameter lists: no parameters, or a destructured context.
  beforeAll(async () => {
    lease = await leaseServer()
    if (per === 'file') {
      const testFile = currentTestFile(expect.getState().testPath)
      await open(testFile, testFile, undefined)
    }
  })
  afterAll(async () => {
    try {
      await close()
    } finally {
      await lease?.release()
      lease = undefined
    }
  })
  if (per === 'test') {
    beforeEach(async ({ task }) => {
      await open(task.file.filepath, task.id, fullTestName(task))
    })
    afterEach(() => close())
  }

  const current = (what: string): ActiveScope => {
    if (active === undefined) throw notRunning(what)
    return active
  }
  const baseURL = (what: string) => {
    const { scope } = current(what)
    if (lease === undefined) throw notRunning(what)
    return `${lease.url}/__tapedeck/scopes/${encodeURIComponent(scope)}/v1`
  }
  const headers = (what: string) => ({ [SCOPE_HEADER]: current(what).scope })

  return {
    get baseURL() {
      return baseURL('read baseURL')
    },
    get headers() {
      return headers('read headers')
    },
    get scope() {
      return current('read the scope').scope
    },
    get cassette() {
      return current('read the cassette').cassette
    },
    mode,
    clientOptions() {
      return {
        baseURL: baseURL('build client options'),
        apiKey: process.env['OPENAI_API_KEY'] ?? PLACEHOLDER_API_KEY,
        defaultHeaders: headers('build client options'),
      }
    },
    stats() {
      const { scope } = current('read stats')
      if (lease === undefined) return Promise.reject(notRunning('read stats'))
      return readScope(lease.url, scope)
    },
  }
}

function scopeSpec(cassette: string, mode: Mode, options: UseTapedeckOptions): ScopeSpec {
  const spec: ScopeSpec = { cassette, mode }
  if (options.onMiss !== undefined) spec.onMiss = options.onMiss
  if (options.upstream !== undefined) spec.upstream = options.upstream
  return spec
}

/** Fail the test through `expect`, with the server's explanations, when asked to. */
function checkReport(report: ScopeReport, mode: Mode, options: UseTapedeckOptions): void {
  if (options.failOnMiss === true && mode === 'replay') {
    expect(
      report.misses,
      `${report.misses} request(s) were not answered by ${report.cassette}:\n\n${report.missed.join('\n\n')}\n`,
    ).toBe(0)
  }
  if (options.failOnUnused === true && (mode === 'replay' || mode === 'auto')) {
    expect(
      report.unused,
      `${report.unused.length} recording(s) of ${report.cassette} were not used:\n` +
        report.unused.map((line) => `  - ${line}\n`).join('') +
        'Re-record the test with TAPEDECK_MODE=record, or delete them from the cassette.\n',
    ).toEqual([])
  }
}

function notRunning(what: string): TapedeckError {
  return new TapedeckError(
    'TAPEDECK_OPTIONS_INVALID',
    `Failed to ${what}: no test of this useTapedeck() is running. Use the handle inside a test ` +
      '(or in beforeEach/afterEach hooks declared after useTapedeck()), not at the top of the file.',
  )
}
