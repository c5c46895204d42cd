/**
 * A client of a tapedeck server's scopes admin API (`/__tapedeck/scopes/:scope`), for test
 * helpers that run in another process than the server.
 * @module
 */
import { errorMessage, TapedeckError } from '../errors.js'
import type { ScopeReport } from '../server/scopes/scope-report.js'
import type { ScopeSpec } from '../server/scopes/scope-spec.js'

/**
 * Bind a scope to its cassette.
 *
 * @example
 * await bindScope('http://127.0.0.1:8787', 'chat--hello--1f3a', { cassette: '/repo/__cassettes__/chat/hello.yaml', mode: 'replay' })
 */
export function bindScope(serverUrl: string, scope: string, spec: ScopeSpec): Promise<ScopeReport> {
  return call(serverUrl, 'PUT', scope, spec)
}

/**
 * Read a scope's report so far.
 *
 * @example
 * const { hits, misses } = await readScope('http://127.0.0.1:8787', 'chat--hello--1f3a')
 */
export function readScope(serverUrl: string, scope: string): Promise<ScopeReport> {
  return call(serverUrl, 'GET', scope)
}

/**
 * Unbind a scope: its recordings are on disk when this resolves.
 *
 * @example
 * const { unused } = await closeScope('http://127.0.0.1:8787', 'chat--hello--1f3a')
 */
export function closeScope(serverUrl: string, scope: string): Promise<ScopeReport> {
  return call(serverUrl, 'DELETE', scope)
}

async function call(serverUrl: string, method: string, scope: string, body?: ScopeSpec): Promise<ScopeReport> {
  const url = `${serverUrl}/__tapedeck/scopes/${encodeURIComponent(scope)}`
  let response: Response
  try {
    response = await fetch(url, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    })
  } catch (error) {
    throw new TapedeckError(
      'TAPEDECK_UPSTREAM_UNREACHABLE',
      `Failed to ${method} ${url}: ${errorMessage(error)}. ` +
        'Check that the tapedeck server of the test run is still running.',
      { cause: error },
    )
  }
  const text = await response.text()
  if (response.ok) return JSON.parse(text) as ScopeReport
  const error = errorOf(text)
  throw new TapedeckError(
    error.code === 'tapedeck_cassette_write_failed' ? 'TAPEDECK_CASSETTE_WRITE' : 'TAPEDECK_OPTIONS_INVALID',
    `Failed to ${method} scope "${scope}": ${response.status} ${error.message}`,
  )
}

function errorOf(text: string): { message: string; code?: string } {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown; code?: unknown } }
    const { message, code } = parsed.error ?? {}
    if (typeof message === 'string') return { message, ...(typeof code === 'string' ? { code } : {}) }
  } catch {
    // Not an OpenAI-shaped error: the raw text says more.
  }
  return { message: text.slice(0, 500) }
}
