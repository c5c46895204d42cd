/**
 * Pick the scenario rule that answers a request: the first rule in file order whose conditions
 * hold and that still has a reply for this session. State (turn numbers, how often each rule
 * answered, the tool calls handed out) is kept per session, so parallel sessions (tests with
 * their own `x-tapedeck-scope`, WebSocket connections) never take each other's turns.
 * @module
 */
import { resolveEndpoint } from '../protocol/endpoints.js'
import type { ReplayQuery } from '../replay/types.js'
import { isJsonObject } from '../util/json.js'
import { toolCallId } from '../synthetic/ids.js'
import { checkConditions, type MatchSubject, type RuleConditions } from './match-conditions.js'
import { replyToolCalls } from './reply-items.js'
import { lastUserMessage, toolResults } from './request-text.js'
import type { CompactReply, RuleHit, ScenarioRule } from './types.js'

/** Matches requests against one file's rules. */
export interface RuleMatcher {
  /** The rule that answers `query` in `session`, consuming one of its replies; undefined on a miss. */
  match(query: ReplayQuery, session: string): RuleHit | undefined
  /**
   * Undo one `match` of `session` whose answer was not sent (a WebSocket turn refused with
   * `previous_response_not_found`): the turn it counted and, with the `hit` it returned, that
   * rule's use and the tool calls its reply handed out. The session's next request then gets the
   * same turn number and, when that rule answers it, the same reply with the same seed. Undo the
   * latest match first.
   */
  giveBack(session: string, hit?: RuleHit): void
  /** Why each rule does or does not answer `query` now (no state changes). */
  explain(query: ReplayQuery, session?: string): string
  /** Forget the state of one session, or of all sessions. */
  reset(session?: string): void
}

interface SessionState {
  /** Requests of this session that reached the rules. */
  requests: number
  /** How many times each rule answered. */
  uses: number[]
  /** Tool calls handed out: call_id → tool name. */
  calls: Map<string, string>
}

/**
 * Create a matcher for the rules of `file` (the name goes into seeds and messages).
 *
 * @example
 * const matcher = createRuleMatcher(rules, 'cassettes/agent.yaml')
 * const hit = matcher.match(query, query.scope)
 * if (hit) answer(expandResponses(hit.reply, { request, seed: hit.seed, stream: true }))
 * else miss(matcher.explain(query, query.scope))
 */
export function createRuleMatcher(rules: readonly ScenarioRule[], file: string): RuleMatcher {
  const sessions = new Map<string, SessionState>()
  // What each hit's reply changed in its session's known calls (the name each call_id had
  // before, or undefined), so that giving the hit back restores them.
  const replacedCalls = new WeakMap<RuleHit, ReadonlyArray<[string, string | undefined]>>()
  const conditions = rules.map((rule): RuleConditions | undefined => rule.match && { match: rule.match })
  const stateOf = (session: string): SessionState => {
    let state = sessions.get(session)
    if (state === undefined) {
      state = { requests: 0, uses: rules.map(() => 0), calls: new Map() }
      sessions.set(session, state)
    }
    return state
  }

  return {
    match(query, session) {
      const state = stateOf(session)
      state.requests += 1
      const subject = toSubject(query, state.requests, state.calls)
      for (const [ruleIndex, rule] of rules.entries()) {
        const uses = state.uses[ruleIndex] ?? 0
        const reply = nextReply(rule, uses)
        if (reply === undefined || checkConditions(conditions[ruleIndex], subject) !== undefined) continue
        state.uses[ruleIndex] = uses + 1
        const replyIndex = Array.isArray(rule.reply) ? uses : 0
        const seed = `${file}#${ruleIndex}.${replyIndex}.${uses}`
        const hit: RuleHit = { rule, reply, ruleIndex, replyIndex, seed }
        const replaced = rememberToolCalls(reply, seed, state.calls)
        // Most replies hand out no tool calls: then there is nothing to restore, and no entry.
        if (replaced.length > 0) replacedCalls.set(hit, replaced)
        return hit
      }
      return undefined
    },
    giveBack(session, hit) {
      // A session reset since the match has nothing left to undo.
      const state = sessions.get(session)
      if (state === undefined) return
      state.requests = Math.max(0, state.requests - 1)
      if (hit === undefined) return
      state.uses[hit.ruleIndex] = Math.max(0, (state.uses[hit.ruleIndex] ?? 0) - 1)
      // Restored last to first, so a call_id the reply set twice gets its oldest name back.
      for (const [callId, name] of (replacedCalls.get(hit) ?? []).toReversed()) {
        if (name === undefined) state.calls.delete(callId)
        else state.calls.set(callId, name)
      }
      replacedCalls.delete(hit)
    },
    explain(query, session) {
      const state = session === undefined ? undefined : sessions.get(session)
      const turn = Math.max(1, state?.requests ?? 1)
      const subject = toSubject(query, turn, state?.calls ?? new Map())
      const lines = rules.map((rule, ruleIndex) => {
        const label = `rule ${ruleIndex + 1}${rule.name === undefined ? '' : ` "${rule.name}"`}`
        const uses = state?.uses[ruleIndex] ?? 0
        if (nextReply(rule, uses) === undefined) {
          return `- ${label}: used up (answered ${uses} time${uses === 1 ? '' : 's'} in this session)`
        }
        return `- ${label}: ${checkConditions(conditions[ruleIndex], subject) ?? 'matches'}`
      })
      const where = session === undefined ? '' : ` of session "${session}"`
      const header = `Scenario rules of "${file}" for ${query.method} ${query.path} (turn ${turn}${where}):`
      return [header, ...(lines.length > 0 ? lines : ['- (the file has no rules)'])].join('\n')
    },
    reset(session) {
      if (session === undefined) sessions.clear()
      else sessions.delete(session)
    },
  }
}

/** The reply a rule gives on its (uses + 1)th match, or undefined once it is used up. */
function nextReply(rule: ScenarioRule, uses: number): CompactReply | undefined {
  if (rule.times !== undefined && uses >= rule.times) return undefined
  return Array.isArray(rule.reply) ? rule.reply[uses] : rule.reply
}

function toSubject(
  query: ReplayQuery,
  turn: number,
  knownCalls: ReadonlyMap<string, string>,
): MatchSubject {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(query.headers)) headers[name.toLowerCase()] = value
  const body = query.body
  const model = isJsonObject(body) && typeof body['model'] === 'string' ? body['model'] : undefined
  return {
    endpoint: resolveEndpoint(query.method, query.path),
    path: query.path,
    model,
    headers,
    body: query.body,
    lastUserMessage: lastUserMessage(query.body),
    toolResults: toolResults(query.body),
    turn,
    knownCalls,
  }
}

/**
 * Note the call_ids a reply will carry (given, or derived from the seed exactly as the
 * generator derives them), so a later `tool_result: { name }` recognises their results even
 * when the request chains with `previous_response_id` and does not resend the call. Returns
 * each call_id set, in order, with the name it had before (undefined when it was new).
 */
function rememberToolCalls(
  reply: CompactReply,
  seed: string,
  calls: Map<string, string>,
): Array<[string, string | undefined]> {
  const replaced: Array<[string, string | undefined]> = []
  for (const [index, call] of replyToolCalls(reply).entries()) {
    const callId = call.call_id ?? toolCallId(seed, index)
    replaced.push([callId, calls.get(callId)])
    calls.set(callId, call.name)
  }
  return replaced
}
