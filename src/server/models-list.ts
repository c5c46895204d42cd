/**
 * `GET /v1/models` when no model list was recorded: the models the cassettes mention.
 * @module
 */
import type { Exchange } from '../replay/types.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'

/**
 * The models named by recorded requests and responses, as an OpenAI list.
 *
 * @example
 * modelsList(replayer.exchanges())
 * // { object: 'list', data: [{ id: 'gpt-5.5', object: 'model', created: 0, owned_by: 'openai' }] }
 */
export function modelsList(exchanges: readonly Exchange[]): JsonObject {
  const names = new Set<string>()
  const note = (value: JsonValue | undefined) => {
    if (typeof value === 'string' && value !== '') names.add(value)
  }
  for (const exchange of exchanges) {
    if (isJsonObject(exchange.body)) note(exchange.body['model'])
    const { answer } = exchange
    if (answer.kind === 'json' && isJsonObject(answer.body)) note(answer.body['model'])
    if (answer.kind === 'stream') {
      const first = answer.events.find((event) => isJsonObject(event.data))?.data
      if (isJsonObject(first)) {
        note(first['model'])
        if (isJsonObject(first['response'])) note(first['response']['model'])
      }
    }
  }
  return {
    object: 'list',
    data: [...names].sort().map((id) => ({ id, object: 'model', created: 0, owned_by: 'openai' })),
  }
}
