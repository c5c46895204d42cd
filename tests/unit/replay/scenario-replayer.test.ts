import { describe, expect, it } from 'vitest'
import { composeReplayer } from '../../../src/replay/compose-replayer.js'
import { createReplayer } from '../../../src/replay/replayer.js'
import { scenarioReplayer, type RuleFile } from '../../../src/replay/scenario-replayer.js'
import type { Exchange, Lookup, Replayer, ReplayQuery } from '../../../src/replay/types.js'
import type { ScenarioRule } from '../../../src/scenario/types.js'
import { cassette, httpJson } from './cassette-builders.js'

/** A Responses WebSocket turn of one connection (its own scenario session). */
const turn = (input: string): ReplayQuery => ({
  method: 'GET',
  path: '/v1/responses',
  headers: {},
  body: { model: 'gpt-5.5', input, store: false },
  scope: 'default',
  session: 'default/websocket-1',
})

function exchangeOf(lookup: Lookup): Exchange {
  if (lookup.kind !== 'hit') throw new Error(`expected a hit, got: ${lookup.message}`)
  return lookup.exchange
}

type Completed = { response?: { output?: Array<{ content?: Array<{ text?: string }> }> } }

/** The text of the Response the answer's terminal frame carries. */
function textOf(lookup: Lookup): string | undefined {
  const { answer } = exchangeOf(lookup)
  if (answer.kind !== 'stream') throw new Error('expected a stream answer')
  const completed = answer.events.at(-1)?.data as Completed | undefined
  return completed?.response?.output?.[0]?.content?.[0]?.text
}

/** Look `query` up and give its answer back, as a refused WebSocket turn does. */
function refuse(replayer: Replayer, query: ReplayQuery): Lookup {
  const lookup = replayer.lookup(query)
  replayer.giveBack?.(exchangeOf(lookup), query)
  return lookup
}

function withRules(...files: Array<[string, ScenarioRule[]]>): Replayer {
  const ruleFiles: RuleFile[] = files.map(([file, rules]) => ({ file, rules }))
  return scenarioReplayer(createReplayer({ cassettes: [] }), ruleFiles)
}

describe('scenarioReplayer giveBack', () => {
  it('gives a rule reply back: the same turn gets the same answer, then the list goes on', () => {
    const replayer = withRules(['agent.yaml', [{ reply: [{ text: 'first' }, { text: 'second' }] }]])
    const refused = refuse(replayer, turn('hi'))
    const retried = replayer.lookup(turn('hi'))
    expect(exchangeOf(retried).answer).toEqual(exchangeOf(refused).answer)
    expect(textOf(retried)).toBe('first')
    expect(textOf(replayer.lookup(turn('hi')))).toBe('second')
  })

  it('lets a times: 1 rule answer again after its answer is given back', () => {
    const replayer = withRules(['agent.yaml', [{ times: 1, reply: { text: 'once' } }]])
    refuse(replayer, turn('hi'))
    expect(textOf(replayer.lookup(turn('hi')))).toBe('once')
    expect(replayer.lookup(turn('hi'))).toMatchObject({ kind: 'miss' })
  })

  it('gives back the turn in every file tried before the one that answered', () => {
    const replayer = withRules(
      ['first.yaml', [{ match: { turn: 2 }, reply: { text: 'turn two of first.yaml' } }]],
      ['second.yaml', [{ reply: { text: 'from second.yaml' } }]],
    )
    expect(textOf(refuse(replayer, turn('hi')))).toBe('from second.yaml')
    expect(textOf(replayer.lookup(turn('hi')))).toBe('from second.yaml')
    expect(textOf(replayer.lookup(turn('hi')))).toBe('turn two of first.yaml')
  })

  it('counts a reply given back as neither a rule hit nor a miss', () => {
    const replayer = withRules(['agent.yaml', [{ reply: { text: 'ok' } }]])
    refuse(replayer, turn('hi'))
    expect(replayer.stats()).toMatchObject({ hits: 0, misses: 0, ruleHits: 0 })
    replayer.lookup(turn('hi'))
    expect(replayer.stats()).toMatchObject({ hits: 0, misses: 0, ruleHits: 1 })
  })

  it('still gives a recording back to the recordings, through the composed replayer', () => {
    const recorded = cassette([httpJson('/v1/responses', { model: 'm', input: 'joke' }, { n: 1 })])
    recorded.rules = [{ reply: { text: 'from the rule' } }]
    const replayer = composeReplayer({ cassettes: [{ file: 'jokes.yaml', cassette: recorded }], synthesize: { generator: 'echo' } })
    const query: ReplayQuery = { method: 'POST', path: '/v1/responses', headers: {}, body: { model: 'm', input: 'joke' }, scope: 'default' }
    refuse(replayer, query)
    expect(replayer.stats()).toMatchObject({ hits: 0, unused: 1 })
    expect(exchangeOf(replayer.lookup(query)).source).toMatchObject({ interaction: 0 })
    expect(exchangeOf(replayer.lookup(query)).source).toMatchObject({ rule: 0 })
  })

  it('gives a rule reply back through the synthesizing layer of the composed replayer', () => {
    const rules = cassette([])
    rules.rules = [{ times: 1, reply: { text: 'once' } }]
    const replayer = composeReplayer({ cassettes: [{ file: 'agent.yaml', cassette: rules }], synthesize: { generator: 'echo' } })
    refuse(replayer, turn('hi'))
    expect(exchangeOf(replayer.lookup(turn('hi'))).source).toMatchObject({ cassette: 'agent.yaml', rule: 0 })
    expect(exchangeOf(replayer.lookup(turn('hi'))).source).toMatchObject({ synthetic: true })
  })
})
