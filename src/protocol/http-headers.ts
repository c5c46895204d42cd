/**
 * HTTP header maps as tapedeck passes them around: flat records with lower-case names.
 * @module
 */

/** A header map as Node delivers it (`IncomingHttpHeaders`) or as a plain record. */
export type HeaderInput = Readonly<Record<string, string | string[] | number | undefined>>

/**
 * Lower-case header names and flatten multi-values, keeping every header.
 *
 * @example
 * flattenHeaders({ 'X-A': ['1', '2'], b: 3 }) // { 'x-a': '1, 2', b: '3' }
 */
export function flattenHeaders(headers: HeaderInput): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const name in headers) {
    const value = headers[name]
    if (value === undefined) continue
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return flat
}
