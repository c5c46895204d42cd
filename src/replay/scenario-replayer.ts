/**
 * Hand-written scenario rules behind the Replayer interface: recordings first, then the rules
 * of the loaded cassettes (cassette order, then rule order; the first match wins), each reply
 * expanded by the generator for the endpoint and transport that asked. State (turn numbers,
 * rule uses) is kept per session: the scope over HTTP, the connection over WebSocket. A rule's
 * answer that was not sent can be given back, so that the same request gets it again.
 * Pure: no I/O.
 * @module
 */
import { createRuleMatcher, type RuleMatcher } from '../scenario/rule-matcher.js'
import type { RuleHit, ScenarioRule } from '../scenario/types.js'
import { expandReply } from '../synthetic/expand-reply.js'
import { delegateTo } from './delegate.js'
import { expansionContext, generatedExchange, generationTarget, sessionOf } from './generated-exchange.js'
import type { Exchange, Lookup, Replayer, ReplayQuery } from './types.js'

/** The rules of one cassette, already checked by `parseRules`. */
export interface RuleFile {
  file: string
  rules: readonly ScenarioRule[]
}

interface FileMatcher {
  file: string
  matcher: RuleMatcher
}

/** Which file's rule answered, so that giving the answer back can undo that match. */
interface RuleUse {
  /** The matcher of the file whose rule answered; every file before it was tried too. */
  matcher: RuleMatcher
  hit: RuleHit
}

/**
 * Answer what `inner` misses from scenario rules. A request no rule answers stays the inner
 * miss, its message extended with why each rule did not match. Without rules, `inner` itself
 * is returned.
 *
 * @example
 * const rules = parseRules(cassette.rules, locateInYaml(text), 'agent.yaml')
 * const replayer = scenarioReplayer(createReplayer({ cassettes }), [{ file: 'agent.yaml', rules }])
 * replayer.lookup(query)
 * // { kind: 'hit', exchange: { source: { cassette: 'agent.yaml', rule: 0, … }, … } }
 */
export function scenarioReplayer(inner: Replayer, files: readonly RuleFile[]): Replayer {
  const matchers: FileMatcher[] = files
    .filter(({ rules }) => rules.length > 0)
    .map(({ file, rules }) => ({ file, matcher: createRuleMatcher(rules, file) }))
  if (matchers.length === 0) return inner
  // Each lookup a rule answered was a miss of `inner` first; those given back count as neither.
  let answered = 0
  let givenBack = 0
  const uses = new WeakMap<Exchange, RuleUse>()

  const lookup = (query: ReplayQuery): Lookup => {
    const found = inner.lookup(query)
    if (found.kind === 'hit') return found
    const target = generationTarget(query)
    if (target === undefined) return found
    const session = sessionOf(query)
    for (const { file, matcher } of matchers) {
      const hit = matcher.match(query, session)
      if (hit === undefined) continue
      answered++
      const answer = expandReply(target.endpoint, hit.reply, expansionContext(target, hit.seed))
      const exchange = generatedExchange(query, target, answer, { cassette: file, rule: hit.ruleIndex })
      uses.set(exchange, { matcher, hit })
      return { kind: 'hit', exchange }
    }
    const explanations = matchers.map(({ matcher }) => matcher.explain(query, session))
    const message = [found.message, 'No scenario rule answers it either.', ...explanations].join('\n')
    return { ...found, message }
  }

  return {
    ...delegateTo(inner),
    lookup,
    giveBack(exchange, query) {
      const use = uses.get(exchange)
      if (use === undefined) {
        inner.giveBack?.(exchange, query)
        return
      }
      uses.delete(exchange)
      givenBack++
      // The query of the lookup names the session its match counted in.
      const session = sessionOf(query)
      // Every file tried before the answering one counted the request as a turn of the session.
      for (const { matcher } of matchers) {
        const answering = matcher === use.matcher
        matcher.giveBack(session, answering ? use.hit : undefined)
        if (answering) break
      }
    },
    stats() {
      const stats = inner.stats()
      const ruleHits = answered - givenBack
      return { ...stats, misses: stats.misses - answered, ruleHits: (stats.ruleHits ?? 0) + ruleHits }
    },
    resetScope(scope) {
      inner.resetScope(scope)
      for (const { matcher } of matchers) matcher.reset(scope)
    },
    endSession(session) {
      inner.endSession?.(session)
      for (const { matcher } of matchers) matcher.reset(session)
    },
  }
}
