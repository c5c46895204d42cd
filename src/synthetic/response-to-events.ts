/**
 * Expand a finished Response object into the canonical event stream that would have produced
 * it: for answers recorded (or synthesized) as JSON that must go out as a stream, e.g. a
 * WebSocket turn answered from an HTTP recording. Pure.
 * @module
 */
import type { Chunking } from '../scenario/types.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import type { EventDraft } from './item-events.js'
import { planResponseItems } from './planned-items.js'
import { buildResponseDrafts, toSyntheticEvents, type StreamEnding } from './response-drafts.js'
import { createSeededRandom } from './seeded-random.js'
import { createTimeline } from './timing.js'
import type { SyntheticEvent } from './types.js'

/** How the stream is cut and padded. */
export interface ResponseToEventsOptions {
  /** Default true, as on the wire; pass false when the request turned obfuscation off. */
  obfuscation?: boolean
  chunking?: Chunking
}

/**
 * The events of a stream that ends in `response`: `response.created`, `response.in_progress`,
 * each item's events, then `response.completed`, `response.incomplete` or `response.failed`
 * according to `response.status`. Ids are kept; finished items and parts are the response's own
 * objects, unchanged. All events are at offset 0.
 *
 * @example
 * responseToEvents({ id: 'resp_1', object: 'response', status: 'completed', output: [
 *   { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed',
 *     content: [{ type: 'output_text', text: 'Hi', annotations: [], logprobs: [] }] }] }, 'seed')
 *   .map((event) => event.event)
 * // ['response.created', 'response.in_progress', 'response.output_item.added',
 * //  'response.content_part.added', 'response.output_text.delta', 'response.output_text.done',
 * //  'response.content_part.done', 'response.output_item.done', 'response.completed']
 */
export function responseToEvents(
  response: JsonObject,
  seed: string,
  options: ResponseToEventsOptions = {},
): SyntheticEvent[] {
  const output = (Array.isArray(response['output']) ? response['output'] : []).filter(isJsonObject)
  const final: JsonObject = { ...response, output }
  delete final['output_text']
  const starting = { status: 'in_progress', error: null, incomplete_details: null, output: [], usage: null }
  const shell: JsonObject = { ...final, ...starting }
  if ('completed_at' in shell) shell['completed_at'] = null
  const items = planResponseItems(output, seed)
  const itemOptions = {
    obfuscation: options.obfuscation !== false,
    topLogprobs: undefined,
    random: createSeededRandom(`${seed}\u0000stream`),
    ...(options.chunking === undefined ? {} : { chunking: options.chunking }),
  }
  const { drafts } = buildResponseDrafts(items, shell, itemOptions, endingOf(final))
  const exact = drafts.map((draft) => withRecordedObjects(draft, output))
  exact[exact.length - 1] = { type: endingOf(final).type, fields: { response: final }, token: false }
  return toSyntheticEvents(exact, createTimeline({}), true)
}

function endingOf(response: JsonObject): StreamEnding {
  const status = response['status']
  const type =
    status === 'failed' ? 'response.failed'
    : status === 'incomplete' ? 'response.incomplete'
    : 'response.completed'
  return { type, patch: {}, lastItemStatus: 'completed' }
}

/** Put the recorded item (or part) into `output_item.done` (`content_part.done`), not a rebuilt one. */
function withRecordedObjects(draft: EventDraft, output: readonly JsonObject[]): EventDraft {
  const index = draft.fields['output_index']
  if (typeof index !== 'number') return draft
  const item = output[index]
  if (item === undefined) return draft
  if (draft.type === 'response.output_item.done') return { ...draft, fields: { ...draft.fields, item } }
  const contentIndex = draft.fields['content_index']
  if (draft.type === 'response.content_part.done' && typeof contentIndex === 'number') {
    const content = item['content']
    const part: JsonValue | undefined = Array.isArray(content) ? content[contentIndex] : undefined
    if (part !== undefined) return { ...draft, fields: { ...draft.fields, part } }
  }
  return draft
}
