import type { JsonValue } from './json.js'

/**
 * Serialise JSON with object keys sorted, so that two bodies that differ only in key order
 * produce the same string. Used for request identity, never for what goes on the wire.
 *
 * @example
 * stableStringify({ b: 1, a: [2, { d: 3, c: 4 }] }) // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function stableStringify(value: JsonValue | undefined): string {
  if (value === undefined) return 'undefined'
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  // String concatenation rather than map/join: this runs on every replayed request body.
  if (Array.isArray(value)) {
    let text = '['
    for (let index = 0; index < value.length; index++) {
      if (index > 0) text += ','
      text += stableStringify(value[index])
    }
    return `${text}]`
  }
  const keys = Object.keys(value).sort()
  let text = '{'
  let first = true
  for (const key of keys) {
    const item = value[key]
    if (item === undefined) continue
    text += `${first ? '' : ','}${JSON.stringify(key)}:${stableStringify(item)}`
    first = false
  }
  return `${text}}`
}
