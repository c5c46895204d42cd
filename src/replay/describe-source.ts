/**
 * How messages name the origin of an answer: a recording, a scenario rule, or the synthetic
 * generator (whose `interaction` is -1, which means nothing to a reader). Pure.
 * @module
 */
import type { ExchangeSource } from './types.js'

/**
 * Name where an answer came from.
 *
 * @example
 * describeSource({ cassette: 'a.yaml', interaction: 2, transport: 'sse' }) // 'interaction 2 of a.yaml'
 * describeSource({ cassette: 'a.yaml', interaction: -1, rule: 0, transport: 'http' }) // 'rule 0 of a.yaml'
 * describeSource({ cassette: 'a.yaml', interaction: -1, synthetic: true, transport: 'http' }) // 'synthesized'
 */
export function describeSource(source: ExchangeSource): string {
  if (source.synthetic === true) return 'synthesized'
  const turn = source.turn === undefined ? '' : ` turn ${source.turn}`
  if (source.rule !== undefined) return `rule ${source.rule}${turn} of ${source.cassette}`
  return `interaction ${source.interaction}${turn} of ${source.cassette}`
}

/**
 * The request-log outcome of an answer from this source.
 *
 * @example
 * outcomeOfSource({ cassette: 'a.yaml', interaction: -1, rule: 1, transport: 'http' }) // 'rule'
 */
export function outcomeOfSource(source: ExchangeSource): 'hit' | 'rule' | 'synthesized' {
  if (source.synthetic === true) return 'synthesized'
  return source.rule === undefined ? 'hit' : 'rule'
}
