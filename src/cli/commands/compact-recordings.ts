/**
 * What `tapedeck compact` writes: one scenario rule per recorded Responses or Chat Completions
 * exchange (an HTTP or SSE interaction, or a WebSocket turn), matching a small subset of the
 * request and answering with the compact form of the recorded answer. Pure.
 * @module
 */
import type { Cassette, Interaction } from '../../cassette/model.js'
import { CHAT_COMPLETIONS_PATH, RESPONSES_PATH } from '../../protocol/endpoints.js'
import { flattenResponseCreate } from '../../replay/exchange-index.js'
import { lastUserMessage, toolResults } from '../../scenario/request-text.js'
import type { CompactReply, RuleMatch, ScenarioRule } from '../../scenario/types.js'
import { compactFromBody, compactFromEvents } from '../../synthetic/index.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.js'

/** The compacted cassette and the interactions it left out. */
export interface CompactedCassette {
  cassette: Cassette
  notes: string[]
}

/**
 * Turn every recorded Responses/Chat exchange into a rule. Each rule answers once per session
 * (`times: 1`), in recorded order, so a tool loop whose requests share the user message still
 * gets its answers in turn. Other interactions are kept as they are.
 *
 * @example
 * compactRecordings(cassette).cassette.rules
 * // [{ name: 'interaction 0', match: { endpoint: 'responses', body: { model: 'gpt-5.5' },
 * //    input_contains: 'Say hello' }, times: 1, reply: { id: 'resp_…', text: 'Hello!', … } }]
 */
export function compactRecordings(cassette: Cassette): CompactedCassette {
  const rules: ScenarioRule[] = []
  const kept: Interaction[] = []
  const notes: string[] = []
  cassette.interactions.forEach((interaction, index) => {
    const compacted = compactInteraction(interaction, index)
    if (compacted.length === 0) {
      kept.push(interaction)
      notes.push(
        `interaction ${index} (${describe(interaction)}) is kept as recorded: only Responses and Chat Completions answers are compacted.`,
      )
    }
    rules.push(...compacted)
  })
  const compacted: Cassette = {
    version: 1,
    ...(cassette.name === undefined ? {} : { name: cassette.name }),
    ...(cassette.meta === undefined ? {} : { meta: cassette.meta }),
    ...(cassette.match === undefined ? {} : { match: cassette.match }),
    // A rule is JSON data; its optional keys are simply absent, which JsonValue cannot express.
    rules: [...(cassette.rules ?? []), ...(rules as unknown as JsonValue[])],
    interactions: kept,
  }
  return { cassette: compacted, notes }
}

function compactInteraction(interaction: Interaction, index: number): ScenarioRule[] {
  if (interaction.transport === 'websocket') {
    return interaction.turns.flatMap((turn, turnIndex) => {
      const frame = turn.client.data
      if (!isJsonObject(frame) || frame['type'] !== 'response.create') return []
      const reply = compactFromEvents(turn.server)
      return [
        ruleFor(
          `interaction ${index} turn ${turnIndex}`,
          'responses',
          flattenResponseCreate(frame),
          reply,
        ),
      ]
    })
  }
  const endpoint = endpointOf(interaction.request.method, interaction.request.path)
  if (endpoint === undefined) return []
  const reply =
    interaction.transport === 'sse'
      ? compactFromEvents(interaction.response.events, {
          truncated: interaction.response.truncated === true,
        })
      : compactFromBody(interaction.response.body, interaction.response.status)
  return [ruleFor(`interaction ${index}`, endpoint, interaction.request.body, reply)]
}

function ruleFor(
  name: string,
  endpoint: 'responses' | 'chat',
  body: JsonValue | undefined,
  reply: CompactReply,
): ScenarioRule {
  const match: RuleMatch = { endpoint }
  const subset: JsonObject = {}
  if (isJsonObject(body)) {
    if (typeof body['model'] === 'string') subset['model'] = body['model']
    const previous = body['previous_response_id']
    if (typeof previous === 'string') subset['previous_response_id'] = previous
  }
  if (Object.keys(subset).length > 0) match.body = subset
  const text = lastUserMessage(body)
  if (text !== undefined && text !== '') match.input_contains = text
  const result = toolResults(body).at(-1)
  if (result !== undefined) match.tool_result = { call_id: result.call_id }
  return { name, match, times: 1, reply }
}

function endpointOf(method: string, path: string): 'responses' | 'chat' | undefined {
  if (method !== 'POST') return undefined
  if (path === RESPONSES_PATH) return 'responses'
  return path === CHAT_COMPLETIONS_PATH ? 'chat' : undefined
}

function describe(interaction: Interaction): string {
  return interaction.transport === 'websocket'
    ? `WS ${interaction.request.path}`
    : `${interaction.request.method} ${interaction.request.path}`
}
