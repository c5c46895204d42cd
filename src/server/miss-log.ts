/**
 * Keeps the explanations of a replayer's misses, so that a scope's report can say why a test
 * missed, not only how often (the miss itself went to the client, who may have swallowed it).
 * @module
 */
import { delegateTo } from '../replay/delegate.js'
import type { Replayer } from '../replay/types.js'

/** Explanations kept; a test that misses more than this has one problem repeated. */
const KEPT_MISSES = 20

/**
 * Wrap a replayer so that its misses are kept.
 *
 * @example
 * const { replayer, missed } = withMissLog(createReplayer({ cassettes }))
 * replayer.lookup(query)
 * missed() // ['Failed to replay POST /v1/responses ...']
 */
export function withMissLog(inner: Replayer): { replayer: Replayer; missed: () => string[] } {
  const messages: string[] = []
  const replayer: Replayer = {
    ...delegateTo(inner),
    lookup(query) {
      const lookup = inner.lookup(query)
      if (lookup.kind === 'miss' && messages.length < KEPT_MISSES) messages.push(lookup.message)
      return lookup
    },
  }
  return { replayer, missed: () => [...messages] }
}
