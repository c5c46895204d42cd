/**
 * The canonical key order of cassette objects, so that a cassette is always written the same
 * way whatever order its objects were built in. Only tapedeck's own objects are ordered: JSON
 * payloads (`body`, `data`, `rules`, `meta` extras) keep the order they were recorded in,
 * because replay sends them back as recorded.
 * @module
 */
import type { JsonObject } from '../util/json.js'
import type { YamlShape } from './yaml-emitter.js'

/**
 * Keys in the given order first, then any others in the object's own order (sorted, with
 * `sortRest`). Unknown keys only occur in `meta`, or in invalid input written for a message.
 */
function ordered(known: readonly string[], sortRest = false): (object: JsonObject) => string[] {
  const knownSet = new Set(known)
  return (object) => {
    const keys: string[] = []
    for (const key of known) if (object[key] !== undefined && Object.hasOwn(object, key)) keys.push(key)
    let rest: string[] | undefined
    for (const key of Object.keys(object)) if (!knownSet.has(key)) (rest ??= []).push(key)
    if (rest === undefined) return keys
    if (sortRest) rest.sort()
    return keys.concat(rest)
  }
}

const list = (items: YamlShape): YamlShape => ({ items })

// Header names are sorted: upstreams send them in varying order, and diffs should not churn.
const headers: YamlShape = { keys: ordered([], true) }
const frame: YamlShape = { keys: ordered(['at', 'data', 'raw']) }
const request: YamlShape = {
  keys: ordered(['method', 'path', 'query', 'headers', 'body', 'body_base64']),
  children: { headers },
}

/**
 * The key order of one interaction (any transport).
 *
 * @example
 * emitYaml([interaction], 2, { items: INTERACTION_SHAPE })
 */
export const INTERACTION_SHAPE: YamlShape = {
  keys: ordered([
    'transport',
    'recorded_at',
    'duration_ms',
    'synthetic',
    'notes',
    'request',
    'response',
    'preamble',
    'turns',
    'close',
  ]),
  children: {
    request,
    response: {
      // `truncated` sits above the (long) event list, where a reader sees it.
      keys: ordered(['status', 'headers', 'truncated', 'body', 'body_base64', 'events']),
      children: { headers, events: list({ keys: ordered(['at', 'event', 'id', 'data', 'raw_data', 'comment']) }) },
    },
    preamble: list(frame),
    turns: list({ keys: ordered(['client', 'server']), children: { client: frame, server: list(frame) } }),
    close: { keys: ordered(['at', 'by', 'code', 'reason']) },
  },
}

/**
 * The key order of a whole cassette.
 *
 * @example
 * emitYaml(cassette, 0, CASSETTE_SHAPE)
 */
export const CASSETTE_SHAPE: YamlShape = {
  keys: ordered(['version', 'name', 'meta', 'match', 'rules', 'interactions']),
  children: {
    meta: { keys: ordered(['recorded_with', 'created_at']) },
    match: { keys: ordered(['ignore', 'on_exhausted']) },
    interactions: list(INTERACTION_SHAPE),
  },
}
