/**
 * Scopes: a test names itself in the `x-tapedeck-scope` header (on HTTP requests and WebSocket
 * handshakes alike), and order counters, scenario state and reports are kept per scope.
 * @module
 */

/** The header that names the test a request belongs to. */
export const SCOPE_HEADER = 'x-tapedeck-scope'

/** The scope of requests that name none. */
export const DEFAULT_SCOPE = 'default'

/**
 * The scope a header value names, or undefined when it names none (absent, blank, repeated).
 *
 * @example
 * scopeNamed(' suite/test 1 ') // 'suite/test 1'
 * scopeNamed('')               // undefined
 */
export function scopeNamed(value: string | string[] | undefined): string | undefined {
  const scope = typeof value === 'string' ? value.trim() : undefined
  return scope === undefined || scope === '' ? undefined : scope
}

/**
 * The scope whose order counters a request uses: the one it names, else `default`.
 *
 * @example
 * scopeOf({ 'x-tapedeck-scope': 'suite/test 1' }) // 'suite/test 1'
 * scopeOf({})                                      // 'default'
 */
export function scopeOf(headers: Readonly<Record<string, string | string[] | undefined>>): string {
  return scopeNamed(headers[SCOPE_HEADER]) ?? DEFAULT_SCOPE
}
