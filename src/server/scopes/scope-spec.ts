/**
 * What a client asks for when it binds a scope (`PUT /__tapedeck/scopes/:scope`), checked. A
 * scope is a test's own slot in a shared server: its cassette, its mode, its order counters.
 * Pure: no I/O.
 * @module
 */
import { TapedeckError } from '../../errors.js'
import { isJsonObject } from '../../util/json.js'
import { MODES, ON_MISS_STRATEGIES, type Mode, type OnMiss } from '../options.js'

/** The body of `PUT /__tapedeck/scopes/:scope`. */
export interface ScopeSpec {
  /** The cassette the scope replays and records into (relative paths: the server's folder). */
  cassette: string
  /** Default: the server's mode. */
  mode?: Mode
  /** Default: the server's. */
  onMiss?: OnMiss
  /** Default: the server's upstream. */
  upstream?: string
}

const SPEC_FIELDS = ['cassette', 'mode', 'onMiss', 'upstream'] as const

/** Longest scope name accepted; names travel in a header and in a URL path. */
const MAX_SCOPE_LENGTH = 200

/**
 * Check a scope name: 1 to 200 visible ASCII characters, and not `default` (the scope of
 * requests that name none).
 *
 * @example
 * checkScopeName('chat.spec--answers-hello-1f3a') // returns; a bad name throws TAPEDECK_OPTIONS_INVALID
 */
export function checkScopeName(scope: string): void {
  if (scope.length > 0 && scope.length <= MAX_SCOPE_LENGTH && /^[\x21-\x7e]+$/.test(scope) && scope !== 'default') {
    return
  }
  throw new TapedeckError(
    'TAPEDECK_OPTIONS_INVALID',
    `Failed to bind scope ${JSON.stringify(scope)}: a scope name is 1 to ${MAX_SCOPE_LENGTH} visible ASCII ` +
      'characters (no spaces), and "default" is reserved for requests that name no scope. ' +
      'Use a slug of the test name, such as "checkout--pays-by-card-3f9a".',
  )
}

/**
 * Parse the JSON body of a bind request.
 *
 * @example
 * parseScopeSpec({ cassette: '/repo/__cassettes__/chat/hello.yaml', mode: 'replay' })
 * // { cassette: '/repo/__cassettes__/chat/hello.yaml', mode: 'replay' }
 */
export function parseScopeSpec(body: unknown): ScopeSpec {
  if (!isJsonObject(body)) {
    throw invalid('the body is not a JSON object', 'Send {"cassette": "path/to/cassette.yaml", "mode": "replay"}.')
  }
  const unknown = Object.keys(body).filter((key) => !(SPEC_FIELDS as readonly string[]).includes(key))
  if (unknown.length > 0) {
    throw invalid(`unknown field(s) ${unknown.map((key) => `"${key}"`).join(', ')}`, `Use ${SPEC_FIELDS.join(', ')}.`)
  }
  const { cassette, mode, onMiss, upstream } = body
  if (typeof cassette !== 'string' || cassette.trim() === '') {
    throw invalid('"cassette" is missing or not a path', 'Name the cassette file of the scope, such as "__cassettes__/chat/hello.yaml".')
  }
  const spec: ScopeSpec = { cassette }
  if (mode !== undefined) spec.mode = choice('mode', mode, MODES)
  if (onMiss !== undefined) spec.onMiss = choice('onMiss', onMiss, ON_MISS_STRATEGIES)
  if (upstream !== undefined) {
    if (typeof upstream !== 'string') throw invalid('"upstream" is not a string', 'Pass a URL such as "https://api.openai.com/v1".')
    spec.upstream = upstream
  }
  return spec
}

function choice<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T
  throw invalid(`"${field}" is ${JSON.stringify(value)}`, `Use one of ${allowed.map((item) => `"${item}"`).join(', ')}.`)
}

function invalid(reason: string, fix: string): TapedeckError {
  return new TapedeckError('TAPEDECK_OPTIONS_INVALID', `Failed to bind the scope: ${reason}. ${fix}`)
}
