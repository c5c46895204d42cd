/**
 * The replay engine: finds the recorded answer to a request. Identical requests (same key) are
 * answered in recorded order, counted per scope; when their recordings run out the cassette's
 * `on_exhausted` policy applies. Pure: no I/O.
 * @module
 */
import type { OnExhausted } from '../cassette/model.js'
import { TapedeckError } from '../errors.js'
import { canonicalBody } from '../matching/canonical-request.js'
import { explainMiss, type MissCandidate } from '../matching/explain-miss.js'
import { createOrderCounters } from '../matching/order-counters.js'
import { canonicalText } from '../matching/canonical-text.js'
import { createCanonicalTextMemo } from '../matching/canonical-text-memo.js'
import { keyOfCanonicalText } from '../matching/request-key.js'
import { endpointIdentity, resolveEndpoint } from '../protocol/endpoints.js'
import { isJsonObject, type JsonValue } from '../util/json.js'
import { buildExchanges, type LoadedCassette } from './exchange-index.js'
import type { Exchange, Lookup, Replayer, ReplayQuery } from './types.js'

/** Options of {@link createReplayer}. */
export interface ReplayerOptions {
  cassettes: ReadonlyArray<LoadedCassette>
  /** When set, overrides every cassette's `match.on_exhausted` (which defaults to `error`). */
  onExhausted?: OnExhausted | undefined
}

interface Entry {
  exchange: Exchange
  ignore: readonly string[]
  onExhausted: OnExhausted
}

/**
 * Create a replayer over cassettes.
 *
 * @example
 * const replayer = createReplayer({ cassettes: [{ file: 'hello.yaml', cassette }] })
 * const query = { method: 'POST', path: '/v1/responses', headers: {}, body, scope: 'default' }
 * const lookup = replayer.lookup(query)
 * if (lookup.kind === 'hit') emit(lookup.exchange.answer)
 */
export function createReplayer(options: ReplayerOptions): Replayer {
  const files = options.cassettes.map((loaded) => loaded.file)
  const ignoreByFile = new Map<string, readonly string[]>()
  const exhaustedByFile = new Map<string, OnExhausted>()
  for (const loaded of options.cassettes) {
    ignoreByFile.set(loaded.file, checkedIgnoreList(loaded))
    exhaustedByFile.set(loaded.file, options.onExhausted ?? loaded.cassette.match?.on_exhausted ?? 'error')
  }

  /** The distinct ignore lists in use: a request is keyed once per list. */
  const ignoreSets: Array<readonly string[]> = []
  const ignoreSignatures = new Set<string>()
  const useIgnoreSet = (ignore: readonly string[]) => {
    const signature = JSON.stringify(ignore)
    if (ignoreSignatures.has(signature)) return
    ignoreSignatures.add(signature)
    ignoreSets.push(ignore)
  }

  const entries: Entry[] = []
  /**
   * Keyed by the canonical text itself rather than its hash: a Map hashes string keys anyway,
   * and hashing every request with SHA-1 showed in profiles. Order counters still count by
   * `exchange.key`, the hash, so a key reads the same in every place.
   */
  const byText = new Map<string, Slot>()
  const byIdentity = new Map<string, Entry[]>()
  /** How many times each exchange has answered (an exchange never used is not in it). */
  const used = new Map<Exchange, number>()
  const counters = createOrderCounters()
  const textOf = createCanonicalTextMemo()
  let hits = 0
  let misses = 0

  const index = (exchange: Exchange) => {
    const file = exchange.source.cassette
    const ignore = ignoreByFile.get(file) ?? []
    useIgnoreSet(ignore)
    const text = canonicalText(exchange, ignore)
    exchange.key = keyOfCanonicalText(text)
    const entry: Entry = {
      exchange,
      ignore,
      onExhausted: exhaustedByFile.get(file) ?? options.onExhausted ?? 'error',
    }
    entries.push(entry)
    const slot = byText.get(text)
    if (slot === undefined) byText.set(text, { key: exchange.key, list: [entry] })
    else slot.list.push(entry)
    pushTo(byIdentity, endpointIdentity(exchange.method, exchange.path), entry)
  }

  for (const loaded of options.cassettes) for (const exchange of buildExchanges(loaded)) index(exchange)
  if (ignoreSets.length === 0) useIgnoreSet([])

  const hit = (exchange: Exchange): Lookup => {
    hits++
    used.set(exchange, (used.get(exchange) ?? 0) + 1)
    return { kind: 'hit', exchange }
  }

  return {
    lookup(query) {
      let exhausted: Slot | undefined
      for (let index = 0; index < ignoreSets.length; index++) {
        const slot = byText.get(textOf(query, ignoreSets[index] ?? [], index))
        if (slot === undefined) continue
        const entry = slot.list[counters.peek(query.scope, slot.key)]
        if (entry !== undefined) {
          counters.take(query.scope, slot.key)
          return hit(entry.exchange)
        }
        exhausted ??= slot
      }
      if (exhausted !== undefined) {
        const count = counters.take(query.scope, exhausted.key)
        const last = exhausted.list[exhausted.list.length - 1]
        if (last !== undefined && last.onExhausted === 'repeat_last') return hit(last.exchange)
        misses++
        return {
          kind: 'miss',
          reason: 'exhausted',
          message: explainMiss({
            ...describeRequest(query),
            reason: 'exhausted',
            cassettes: files,
            candidates: [],
            recordedCount: exhausted.list.length,
            call: count + 1,
            ...(last === undefined ? {} : { exhaustedSource: last.exchange.source }),
            recordedEndpoints: [],
          }),
        }
      }
      misses++
      return {
        kind: 'miss',
        reason: 'no_match',
        message: explainMiss({
          ...describeRequest(query),
          reason: 'no_match',
          cassettes: files,
          candidates: missCandidates(byIdentity.get(endpointIdentity(query.method, query.path)) ?? [], query),
          recordedEndpoints: describeEndpoints(byIdentity),
        }),
      }
    },
    giveBack(exchange, query) {
      const uses = used.get(exchange)
      if (uses === undefined) return
      counters.release(query.scope, exchange.key)
      hits--
      if (uses > 1) used.set(exchange, uses - 1)
      else used.delete(exchange)
    },
    unused() {
      return entries.filter((entry) => !used.has(entry.exchange)).map((entry) => entry.exchange)
    },
    add(exchange) {
      index(exchange)
    },
    exchanges() {
      return entries.map((entry) => entry.exchange)
    },
    stats() {
      return { exchanges: entries.length, hits, misses, unused: entries.length - used.size }
    },
    resetScope(scope) {
      counters.reset(scope)
    },
  }
}

/** The recordings of one canonical request, in recorded order, and their order-counter key. */
interface Slot {
  key: string
  list: Entry[]
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}

function checkedIgnoreList(loaded: LoadedCassette): readonly string[] {
  const ignore = loaded.cassette.match?.ignore ?? []
  ignore.forEach((pointer, position) => {
    if (typeof pointer === 'string' && (pointer === '' || pointer.startsWith('/'))) return
    throw new TapedeckError(
      'TAPEDECK_CASSETTE_INVALID',
      `Failed to load cassette "${loaded.file}": match.ignore[${position}] ` +
        `(${JSON.stringify(pointer)}) is not a JSON pointer. ` +
        'Write pointers like "/metadata" or "/input/*/id".',
      { file: loaded.file, pointer: `/match/ignore/${position}` },
    )
  })
  return ignore
}

function missCandidates(entries: readonly Entry[], query: ReplayQuery): MissCandidate[] {
  const endpoint = resolveEndpoint(query.method, query.path)
  const received = new Map<string, JsonValue | undefined>()
  return entries.map((entry) => {
    const signature = JSON.stringify(entry.ignore)
    if (!received.has(signature)) received.set(signature, canonicalBody(endpoint, query.body, entry.ignore))
    return {
      source: entry.exchange.source,
      query: entry.exchange.query ?? {},
      // The recorded side is canonicalised only here, for the message: a miss is rare.
      body: canonicalBody(resolveEndpoint(entry.exchange.method, entry.exchange.path), entry.exchange.body, entry.ignore),
      receivedBody: received.get(signature),
    }
  })
}

function describeRequest(query: ReplayQuery): {
  request: string
  query: Record<string, string>
  scope: string
  model?: string
} {
  const endpoint = resolveEndpoint(query.method, query.path)
  const request =
    endpoint === 'responses' && query.method.toUpperCase() === 'GET'
      ? `response.create over WebSocket ${query.path}`
      : `${query.method.toUpperCase()} ${query.path}`
  const model = isJsonObject(query.body) ? query.body['model'] : undefined
  return {
    request,
    query: query.query ?? {},
    scope: query.scope,
    ...(typeof model === 'string' ? { model } : {}),
  }
}

const ENDPOINT_LABELS: Record<string, string> = {
  responses: 'POST /v1/responses',
  chat: 'POST /v1/chat/completions',
}

function describeEndpoints(byIdentity: Map<string, Entry[]>): string[] {
  return [...byIdentity.entries()].map(([identity, list]) => {
    return `${ENDPOINT_LABELS[identity] ?? identity} ×${list.length}`
  })
}
