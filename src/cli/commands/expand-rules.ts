/**
 * What `tapedeck expand` writes: every scenario rule's replies as the interactions they produce
 * (`synthetic: true`), each answering a request built from the rule's `match`. Pure.
 *
 * The request: `match.body` when it is a mapping (so a rule whose `match.body` is the whole
 * request an app sends expands to a cassette that replays to that app exactly); otherwise a
 * minimal one: `model` (a glob made concrete), the input from `last_user_message` or
 * `input_contains`, a tool result for `tool_result`, headers from `header`.
 * @module
 */
import type {
  Cassette,
  HttpInteraction,
  RecordedRequest,
  SseInteraction,
} from '../../cassette/model.js'
import { CHAT_COMPLETIONS_PATH, RESPONSES_PATH } from '../../protocol/endpoints.js'
import { replyToolCalls } from '../../scenario/reply-items.js'
import type { CompactReply, RuleMatch, ScenarioRule } from '../../scenario/types.js'
import { answerToInteraction, expandReply, toolCallId } from '../../synthetic/index.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.js'

/** The model of requests whose rule names none. */
export const EXPAND_DEFAULT_MODEL = 'gpt-5.5'

/** The output given to tool results that expand makes up. */
const TOOL_OUTPUT = '{"ok":true}'

/** The expanded cassette and what the reader should know about it. */
export interface ExpandedCassette {
  cassette: Cassette
  /** One line per rule whose request was guessed or that was left out. */
  notes: string[]
  /**
   * The interactions the rules produced (the tail of `cassette.interactions`), each with the rule
   * and the reply that gave it, so that a caller can report per rule.
   */
  generated: GeneratedInteraction[]
}

/** One interaction a rule produced. */
export interface GeneratedInteraction {
  interaction: HttpInteraction | SseInteraction
  /** 0-based index of the rule in the file (`/rules/<ruleIndex>`). */
  ruleIndex: number
  /** 0-based position among the replies the rule gives in one session. */
  use: number
}

interface KnownCall {
  call_id: string
  name: string
  arguments: string
}

/**
 * Expand `rules` (already checked by parseRules) into interactions appended to the cassette's
 * recorded ones. `file` goes into the seeds, exactly as when the server answers from the rules,
 * so ids are the same.
 *
 * @example
 * const rules = parseRules(cassette.rules, locateInYaml(text), 'scenarios/quickstart.yaml')
 * expandRules(cassette, rules, 'scenarios/quickstart.yaml').cassette.interactions
 * // [{ transport: 'sse', synthetic: true, request: { method: 'POST', path: '/v1/responses', … }, … }]
 */
export function expandRules(
  cassette: Cassette,
  rules: readonly ScenarioRule[],
  file: string,
): ExpandedCassette {
  const notes: string[] = []
  const generated: GeneratedInteraction[] = []
  // Every call any reply makes, so a tool-result rule finds its call even when it comes first
  // (rules are matched in file order, so the answering rule usually precedes the calling one).
  const calls = new Map<string, KnownCall>()
  rules.forEach((rule, ruleIndex) => {
    for (const { reply, seed } of repliesOf(rule, ruleIndex, file)) rememberCalls(reply, seed, calls)
  })
  rules.forEach((rule, ruleIndex) => {
    const label = `rule ${ruleIndex + 1}${rule.name === undefined ? '' : ` "${rule.name}"`}`
    const endpoint = endpointOf(rule.match)
    if (endpoint === undefined) {
      const other = rule.match?.endpoint ?? ''
      notes.push(`${label}: left out; expand writes Responses and Chat Completions answers, not ${other}.`)
      return
    }
    const guessed = guessedParts(rule.match)
    if (guessed.length > 0) {
      const what = `${guessed.join(' and ')} ${guessed.length === 1 ? 'is' : 'are'}`
      notes.push(
        `${label}: the request's ${what} made up; ` +
          'give match.body the request your app sends to replay it exactly.',
      )
    }
    repliesOf(rule, ruleIndex, file).forEach(({ reply, seed }, use) => {
      const { request, body } = buildRequest(rule.match, endpoint, calls)
      const answer = expandReply(endpoint, reply, { request: body, seed, stream: true })
      generated.push({ interaction: answerToInteraction(answer, request), ruleIndex, use })
    })
  })
  const expanded: Cassette = {
    version: 1,
    ...(cassette.name === undefined ? {} : { name: cassette.name }),
    meta: { ...cassette.meta, expanded_from: file },
    ...(cassette.match === undefined ? {} : { match: cassette.match }),
    interactions: [...cassette.interactions, ...generated.map((entry) => entry.interaction)],
  }
  return { cassette: expanded, notes, generated }
}

/**
 * Each reply a rule gives in one session, with the seed the rule matcher would give it
 * (`file#rule.reply.uses`), so that expanded ids equal served ones.
 */
function repliesOf(
  rule: ScenarioRule,
  ruleIndex: number,
  file: string,
): Array<{ reply: CompactReply; seed: string }> {
  const seed = (replyIndex: number, uses: number) => `${file}#${ruleIndex}.${replyIndex}.${uses}`
  if (!Array.isArray(rule.reply)) {
    const reply = rule.reply
    return Array.from({ length: rule.times ?? 1 }, (_, uses) => ({ reply, seed: seed(0, uses) }))
  }
  const count = Math.min(rule.reply.length, rule.times ?? rule.reply.length)
  return rule.reply.slice(0, count).map((reply, uses) => ({ reply, seed: seed(uses, uses) }))
}

function endpointOf(match: RuleMatch | undefined): 'responses' | 'chat' | undefined {
  const endpoint = match?.endpoint
  if (endpoint === undefined || endpoint === 'responses' || endpoint === RESPONSES_PATH) {
    return 'responses'
  }
  if (endpoint === 'chat' || endpoint === CHAT_COMPLETIONS_PATH) return 'chat'
  return undefined
}

/** The parts of the request that the rule does not pin down. */
function guessedParts(match: RuleMatch | undefined): string[] {
  const body = isJsonObject(match?.body) ? match.body : {}
  const guessed: string[] = []
  const concrete = match?.model !== undefined && !/[*?]/.test(match.model)
  if (body['model'] === undefined && !concrete) guessed.push('model')
  const hasInput = body['input'] !== undefined || body['messages'] !== undefined
  if (
    !hasInput &&
    match?.last_user_message === undefined &&
    match?.input_contains === undefined &&
    match?.tool_result === undefined
  ) {
    guessed.push('input')
  }
  return guessed
}

function buildRequest(
  match: RuleMatch | undefined,
  endpoint: 'responses' | 'chat',
  calls: ReadonlyMap<string, KnownCall>,
): { request: RecordedRequest; body: JsonObject } {
  const body: JsonObject = isJsonObject(match?.body) ? structuredClone(match.body) : {}
  body['model'] ??= concreteModel(match?.model)
  const text = match?.last_user_message ?? match?.input_contains
  const result = toolResultCall(match, calls)
  if (endpoint === 'responses') body['input'] ??= responsesInput(text, result)
  else body['messages'] ??= chatMessages(text, result)
  body['stream'] = true
  const path = endpoint === 'chat' ? CHAT_COMPLETIONS_PATH : RESPONSES_PATH
  const request: RecordedRequest = { method: 'POST', path, body }
  const header = match?.header
  if (header !== undefined) {
    const entries = Object.entries(header).map(([name, value]) => [name.toLowerCase(), value])
    request.headers = Object.fromEntries(entries)
  }
  return { request, body }
}

/** The call whose result the request carries, for a `tool_result` condition. */
function toolResultCall(
  match: RuleMatch | undefined,
  calls: ReadonlyMap<string, KnownCall>,
): KnownCall | undefined {
  const condition = match?.tool_result
  if (condition === undefined) return undefined
  const wanted = typeof condition === 'string' ? { name: condition } : condition
  const known = [...calls.values()].find(
    (call) =>
      (wanted.call_id === undefined || call.call_id === wanted.call_id) &&
      (wanted.name === undefined || call.name === wanted.name),
  )
  return (
    known ?? {
      call_id: wanted.call_id ?? 'call_expand_1',
      name: wanted.name ?? 'tool',
      arguments: '{}',
    }
  )
}

function responsesInput(text: string | undefined, call: KnownCall | undefined): JsonValue {
  if (call === undefined) return text ?? 'Hello'
  const items: JsonValue[] = []
  if (text !== undefined) items.push({ role: 'user', content: text })
  items.push({
    type: 'function_call',
    call_id: call.call_id,
    name: call.name,
    arguments: call.arguments,
  })
  items.push({ type: 'function_call_output', call_id: call.call_id, output: TOOL_OUTPUT })
  return items
}

function chatMessages(text: string | undefined, call: KnownCall | undefined): JsonValue {
  const messages: JsonValue[] = [{ role: 'user', content: text ?? 'Hello' }]
  if (call !== undefined) {
    messages.push({
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: call.call_id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        },
      ],
    })
    messages.push({ role: 'tool', tool_call_id: call.call_id, content: TOOL_OUTPUT })
  }
  return messages
}

/** A model the glob matches: `gpt-5*` → `gpt-5`. */
function concreteModel(glob: string | undefined): string {
  if (glob === undefined) return EXPAND_DEFAULT_MODEL
  return glob.replaceAll('*', '').replaceAll('?', '0') || EXPAND_DEFAULT_MODEL
}

function rememberCalls(reply: CompactReply, seed: string, calls: Map<string, KnownCall>): void {
  replyToolCalls(reply).forEach((call, index) => {
    const callId = call.call_id ?? toolCallId(seed, index)
    const args =
      call.arguments === undefined
        ? '{}'
        : typeof call.arguments === 'string'
          ? call.arguments
          : JSON.stringify(call.arguments)
    calls.set(callId, { call_id: callId, name: call.name, arguments: args })
  })
}
