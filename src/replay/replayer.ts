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
import { canonicalRequest } from '../matching/request-key.js'
import { resolveEndpoint } from '../protocol/endpoints.js'
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
  /** The recorded body, canonical under its cassette's ignore list. */
  canonical: JsonValue | undefined
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
  const byKey = new Map<string, Entry[]>()
  const byIdentity = new Map<string, Entry[]>()
  const used = new Set<Exchange>()
  const counters = createOrderCounters()
  let hits = 0
  let misses = 0

  const index = (exchange: Exchange) => {
    const file = exchange.source.cassette
    const ignore = ignoreByFile.get(file) ?? []
    useIgnoreSet(ignore)
    const canonical = canonicalRequest(exchange, ignore)
    exchange.key = canonical.key
    const entry: Entry = {
      exchange,
      canonical: canonical.body,
      ignore,
      onExhausted: exhaustedByFile.get(file) ?? options.onExhausted ?? 'error',
    }
    entries.push(entry)
    pushTo(byKey, canonical.key, entry)
    pushTo(byIdentity, canonical.identity, entry)
  }

  for (const loaded of options.cassettes) for (const exchange of buildExchanges(loaded)) index(exchange)
  if (ignoreSets.length === 0) useIgnoreSet([])

  const hit = (exchange: Exchange): Lookup => {
    hits++
    used.add(exchange)
    return { kind: 'hit', exchange }
  }

  return {
    lookup(query) {
      let identity = ''
      let exhausted: { key: string; list: Entry[] } | undefined
      for (const ignore of ignoreSets) {
        const canonical = canonicalRequest(query, ignore)
        identity = canonical.identity
        const list = byKey.get(canonical.key)
        if (list === undefined) continue
        const count = counters.peek(query.scope, canonical.key)
        const entry = list[count]
        if (entry !== undefined) {
          counters.take(query.scope, canonical.key)
          return hit(entry.exchange)
        }
        exhausted ??= { key: canonical.key, list }
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
          candidates: missCandidates(byIdentity.get(identity) ?? [], query),
          recordedEndpoints: describeEndpoints(byIdentity),
        }),
      }
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
      body: entry.canonical,
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
