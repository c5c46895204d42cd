import { describe, expect, it } from 'vitest'
import type { Cassette } from '../../../src/cassette/model.js'
import { isTapedeckError } from '../../../src/errors.js'
import { createReplayer } from '../../../src/replay/replayer.js'
import type { Exchange, Lookup, ReplayQuery } from '../../../src/replay/types.js'
import type { JsonValue } from '../../../src/util/json.js'
import { cassette, httpJson } from './cassette-builders.js'

const query = (body: JsonValue, scope = 'default'): ReplayQuery => ({ method: 'POST', path: '/v1/responses', headers: {}, body, scope })

const answerOf = (lookup: Lookup): JsonValue | undefined =>
  lookup.kind === 'hit' && lookup.exchange.answer.kind === 'json' ? lookup.exchange.answer.body : undefined

const jokes = (match?: Cassette['match']) =>
  cassette(
    [
      httpJson('/v1/responses', { model: 'm', input: 'joke' }, { n: 1 }),
      httpJson('/v1/responses', { model: 'm', input: 'other' }, { n: 'other' }),
      httpJson('/v1/responses', { model: 'm', input: 'joke' }, { n: 2 }),
    ],
    match,
  )

describe('createReplayer', () => {
  it('answers identical requests in recorded order, then misses as exhausted', () => {
    const replayer = createReplayer({ cassettes: [{ file: 'jokes.yaml', cassette: jokes() }] })
    expect(answerOf(replayer.lookup(query({ model: 'm', input: 'joke' })))).toEqual({ n: 1 })
    expect(answerOf(replayer.lookup(query({ input: 'joke', model: 'm', stream: true })))).toEqual({ n: 2 })
    const third = replayer.lookup(query({ model: 'm', input: 'joke' }))
    expect(third).toMatchObject({ kind: 'miss', reason: 'exhausted' })
    expect(third.kind === 'miss' ? third.message : '').toContain('recorded 2 times in cassette "jokes.yaml" and this is call 3')
  })

  it('repeats the last recording with onExhausted repeat_last', () => {
    const replayer = createReplayer({ cassettes: [{ file: 'jokes.yaml', cassette: jokes() }], onExhausted: 'repeat_last' })
    const answers = [1, 2, 3, 4].map(() => answerOf(replayer.lookup(query({ model: 'm', input: 'joke' }))))
    expect(answers).toEqual([{ n: 1 }, { n: 2 }, { n: 2 }, { n: 2 }])
  })

  it("follows the cassette's match.on_exhausted, which the option overrides", () => {
    const fromCassette = createReplayer({ cassettes: [{ file: 'j.yaml', cassette: jokes({ on_exhausted: 'repeat_last' }) }] })
    for (let call = 0; call < 3; call++) fromCassette.lookup(query({ model: 'm', input: 'joke' }))
    expect(fromCassette.stats().misses).toBe(0)

    const overridden = createReplayer({ cassettes: [{ file: 'j.yaml', cassette: jokes({ on_exhausted: 'repeat_last' }) }], onExhausted: 'error' })
    for (let call = 0; call < 3; call++) overridden.lookup(query({ model: 'm', input: 'joke' }))
    expect(overridden.stats().misses).toBe(1)
  })

  it('keeps order counters per scope, and starts a scope over on reset', () => {
    const replayer = createReplayer({ cassettes: [{ file: 'jokes.yaml', cassette: jokes() }] })
    expect(answerOf(replayer.lookup(query({ model: 'm', input: 'joke' }, 'test-a')))).toEqual({ n: 1 })
    expect(answerOf(replayer.lookup(query({ model: 'm', input: 'joke' }, 'test-b')))).toEqual({ n: 1 })
    expect(answerOf(replayer.lookup(query({ model: 'm', input: 'joke' }, 'test-a')))).toEqual({ n: 2 })
    replayer.resetScope('test-a')
    expect(answerOf(replayer.lookup(query({ model: 'm', input: 'joke' }, 'test-a')))).toEqual({ n: 1 })
  })

  it('explains a request that matches nothing with the closest recording', () => {
    const replayer = createReplayer({ cassettes: [{ file: 'jokes.yaml', cassette: jokes() }] })
    const lookup = replayer.lookup(query({ model: 'm', input: 'jokes' }))
    expect(lookup.kind).toBe('miss')
    const message = lookup.kind === 'miss' ? lookup.message : ''
    expect(message).toContain('no recorded request matches it in cassette "jokes.yaml"')
    expect(message).toContain('Closest recorded request: interaction 0 of "jokes.yaml" (http)')
    expect(message).toContain('/input: recorded "joke" vs received "jokes"')
  })

  it('applies each cassette its own ignore list', () => {
    const strict = cassette([httpJson('/v1/responses', { model: 'm', metadata: { run: 1 } }, { from: 'strict' })])
    const lenient = cassette([httpJson('/v1/responses', { model: 'x', metadata: { run: 1 } }, { from: 'lenient' })], { ignore: ['/metadata'] })
    const replayer = createReplayer({
      cassettes: [
        { file: 'strict.yaml', cassette: strict },
        { file: 'lenient.yaml', cassette: lenient },
      ],
    })
    expect(answerOf(replayer.lookup(query({ model: 'x', metadata: { run: 99 } })))).toEqual({ from: 'lenient' })
    expect(replayer.lookup(query({ model: 'm', metadata: { run: 99 } }))).toMatchObject({ kind: 'miss', reason: 'no_match' })
    expect(answerOf(replayer.lookup(query({ model: 'm', metadata: { run: 1 } })))).toEqual({ from: 'strict' })
  })

  it('gives a looked-up recording back: the next identical request gets it, and it counts as unused again', () => {
    const replayer = createReplayer({ cassettes: [{ file: 'jokes.yaml', cassette: jokes() }] })
    const first = replayer.lookup(query({ model: 'm', input: 'joke' }, 'test-a'))
    if (first.kind !== 'hit') throw new Error('expected a hit')
    replayer.giveBack?.(first.exchange, query({ model: 'm', input: 'joke' }, 'test-a'))
    expect(replayer.stats()).toMatchObject({ hits: 0, unused: 3 })
    expect(answerOf(replayer.lookup(query({ model: 'm', input: 'joke' }, 'test-a')))).toEqual({ n: 1 })
    expect(answerOf(replayer.lookup(query({ model: 'm', input: 'joke' }, 'test-a')))).toEqual({ n: 2 })
  })

  it('reports hits, misses and the exchanges never used', () => {
    const replayer = createReplayer({ cassettes: [{ file: 'jokes.yaml', cassette: jokes() }] })
    replayer.lookup(query({ model: 'm', input: 'joke' }))
    replayer.lookup(query({ model: 'm', input: 'nothing' }))
    expect(replayer.stats()).toEqual({ exchanges: 3, hits: 1, misses: 1, unused: 2 })
    expect(replayer.unused().map((exchange) => exchange.source.interaction)).toEqual([1, 2])
  })

  it('answers from exchanges added at run time, keyed by the replayer', () => {
    const replayer = createReplayer({ cassettes: [] })
    const exchange: Exchange = {
      endpoint: 'responses',
      method: 'POST',
      path: '/v1/responses',
      body: { model: 'm', input: 'new' },
      key: 'not-a-real-key',
      source: { cassette: 'live.yaml', interaction: 0, transport: 'http' },
      answer: { kind: 'json', status: 200, headers: {}, body: { added: true } },
    }
    replayer.add(exchange)
    expect(answerOf(replayer.lookup(query({ model: 'm', input: 'new' })))).toEqual({ added: true })
    expect(replayer.exchanges()).toEqual([exchange])
  })

  it('rejects an ignore entry that is not a JSON pointer, naming the cassette', () => {
    const bad = cassette([], { ignore: ['metadata'] })
    let caught: unknown
    try {
      createReplayer({ cassettes: [{ file: 'bad.yaml', cassette: bad }] })
    } catch (error) {
      caught = error
    }
    expect(isTapedeckError(caught) && caught.code).toBe('TAPEDECK_CASSETTE_INVALID')
    expect(isTapedeckError(caught) && caught.file).toBe('bad.yaml')
  })
})
