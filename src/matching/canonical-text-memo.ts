/**
 * Canonical texts kept per request body. A replayed request's body is, for every repeat of the
 * same bytes, one shared frozen object (see server/prepared-requests.ts); its canonical text
 * under each ignore list is then computed once instead of on every request. Unfrozen bodies are
 * never kept: they could change after their text was taken. Pure: no I/O.
 * @module
 */
import { canonicalText } from './canonical-text.js'
import type { RequestIdentityInput } from './request-key.js'

interface Kept {
  method: string
  path: string
  query: RequestIdentityInput['query']
  /** By ignore-list slot. */
  texts: Array<string | undefined>
}

/**
 * Create a memo. `slot` numbers the ignore list (the caller's index of its distinct lists).
 *
 * @example
 * const textOf = createCanonicalTextMemo()
 * textOf(query, [], 0) // computed
 * textOf(query, [], 0) // kept, when query.body is frozen
 */
export function createCanonicalTextMemo(): (
  request: RequestIdentityInput,
  ignore: readonly string[],
  slot: number,
) => string {
  const kept = new WeakMap<object, Kept>()
  return (request, ignore, slot) => {
    const { body } = request
    if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) return canonicalText(request, ignore)
    let entry = kept.get(body)
    // The same body may come with another path or query (rare): then it is simply recomputed.
    if (entry === undefined || entry.method !== request.method || entry.path !== request.path || entry.query !== request.query) {
      entry = { method: request.method, path: request.path, query: request.query, texts: [] }
      kept.set(body, entry)
    }
    return (entry.texts[slot] ??= canonicalText(request, ignore))
  }
}
