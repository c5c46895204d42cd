/**
 * Expand a finished Response object into the canonical event stream that would have produced
 * it: for answers recorded (or synthesized) as JSON that must go out as a stream, e.g. a
 * WebSocket turn answered from an HTTP recording. Pure.
 *
 * @note The recording is the truth: ids, finished items and parts, recorded logprobs and
 * reasoning text all come from it, so the openai-node 7.57.0 accumulator (§5.2) rebuilds exactly
 * the recorded Response. Only the cutting into deltas and the obfuscation are made up.
 * @module
 */
import type { Chunking } from '../scenario/types.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { splitIntoChunks } from './chunking.js'
import { syntheticId } from './ids.js'
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
  /**
   * Default `word`. `whole` sends each text, refusal, reasoning text and arguments string as one
   * delta: for a recording, which holds no chunking to reproduce.
   */
  chunking?: Chunking | 'whole'
}

/** Id prefixes for recorded items that lack an id, by item type; others get `item_`. */
const ID_PREFIXES: Record<string, string> = {
  message: 'msg',
  function_call: 'fc',
  custom_tool_call: 'ctc',
  reasoning: 'rs',
  web_search_call: 'ws',
}

/** More characters than any text holds: one chunk per text. */
const WHOLE: Chunking = { chars: Number.MAX_SAFE_INTEGER }

/**
 * Whether a recorded JSON body is a Response object (`object: "response"`, or an id and an
 * `output` array), as opposed to an error body or another endpoint's answer.
 *
 * @example
 * isResponseObject({ id: 'resp_1', object: 'response', output: [] }) // true
 * isResponseObject({ error: { message: 'nope' } })                   // false
 */
export function isResponseObject(value: JsonValue | undefined): value is JsonObject {
  return (
    isJsonObject(value) &&
    (value['object'] === 'response' ||
      (typeof value['id'] === 'string' && Array.isArray(value['output'])))
  )
}

/**
 * The events of a stream that ends in `response`: `response.created`, `response.in_progress`,
 * each item's events, then `response.completed`, `response.incomplete` or `response.failed`
 * according to `response.status`. Ids are kept (an item without one gets an id from `seed`, in
 * every event and in the final Response); finished items and parts are the response's own
 * objects, and recorded logprobs and reasoning text are streamed. `sequence_number` runs from
 * 0; all events are at offset 0.
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
  const recorded = Array.isArray(response['output']) ? response['output'] : []
  const output = recorded.filter(isJsonObject).map((item, index) => withId(item, index, seed))
  const final: JsonObject = { ...response, output }
  delete final['output_text']
  const starting = { status: 'in_progress', error: null, incomplete_details: null, output: [], usage: null }
  const shell: JsonObject = { ...final, ...starting }
  if ('completed_at' in shell) shell['completed_at'] = null
  const chunking = options.chunking === 'whole' ? WHOLE : options.chunking
  const itemOptions = {
    obfuscation: options.obfuscation !== false,
    topLogprobs: undefined,
    random: createSeededRandom(`${seed}\u0000stream`),
    ...(chunking === undefined ? {} : { chunking }),
  }
  const items = planResponseItems(output, seed)
  const { drafts } = buildResponseDrafts(items, shell, itemOptions, endingOf(final))
  const exact = withRecordedLogprobs(
    drafts.flatMap((draft) => [...reasoningTextDrafts(draft, output, chunking), withRecordedObjects(draft, output)]),
    output,
  )
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

/**
 * The item with an id: `item_id` must name the item, and the SDK refuses an item whose id
 * changes between `output_item.added` and `output_item.done`, so the id goes into the final
 * Response too.
 */
function withId(item: JsonObject, index: number, seed: string): JsonObject {
  if (typeof item['id'] === 'string') return item
  const type = typeof item['type'] === 'string' ? item['type'] : ''
  const rest: JsonObject = { ...item }
  delete rest['id']
  return { id: syntheticId(ID_PREFIXES[type] ?? 'item', seed, `output/${index}`), ...rest }
}

/**
 * Put the recorded objects into the events: the recorded item (opened) in `output_item.added`,
 * the recorded item in `output_item.done`, the recorded part in `content_part.done`.
 */
function withRecordedObjects(draft: EventDraft, output: readonly JsonObject[]): EventDraft {
  const item = itemOf(draft, output)
  if (item === undefined) return draft
  const opened = draft.fields['item']
  if (draft.type === 'response.output_item.added' && isJsonObject(opened)) {
    return { ...draft, fields: { ...draft.fields, item: openedItem(item, opened) } }
  }
  if (draft.type === 'response.output_item.done') return { ...draft, fields: { ...draft.fields, item } }
  const part = partOf(draft, item)
  if (draft.type === 'response.content_part.done' && part !== undefined) {
    return { ...draft, fields: { ...draft.fields, part } }
  }
  return draft
}

/**
 * The recorded item as `output_item.added` shows it: the generator's opened item over the
 * recorded one, so fields the generator does not know (e.g. `namespace`) are kept, without the
 * reasoning text still to come.
 */
function openedItem(recorded: JsonObject, opened: JsonObject): JsonObject {
  const item: JsonObject = { ...recorded, ...opened }
  if (recorded['type'] === 'reasoning') delete item['content']
  if ('status' in item) item['status'] = 'in_progress'
  return item
}

/**
 * Recorded logprobs of `output_text` parts on their text events, in the event shape (no
 * `bytes`): `output_text.done` carries the full list, and so does the part's first delta, since
 * the SDK appends delta logprobs and a recording does not say which delta each token was in.
 */
function withRecordedLogprobs(drafts: readonly EventDraft[], output: readonly JsonObject[]): EventDraft[] {
  const given = new Set<JsonObject>()
  return drafts.map((draft) => {
    if (draft.type !== 'response.output_text.delta' && draft.type !== 'response.output_text.done') return draft
    const item = itemOf(draft, output)
    const part = item === undefined ? undefined : partOf(draft, item)
    const recorded = part === undefined ? [] : arrayOf(part['logprobs'])
    if (part === undefined || recorded.length === 0) return draft
    const first = !given.has(part)
    given.add(part)
    if (draft.type === 'response.output_text.delta' && !first) return draft
    return { ...draft, fields: { ...draft.fields, logprobs: recorded.map(eventLogprob) } }
  })
}

/** One logprob as text events carry it: `token`, `logprob` and `top_logprobs`, without `bytes`. */
function eventLogprob(entry: JsonValue): JsonValue {
  if (!isJsonObject(entry)) return entry
  const shaped: JsonObject = {}
  if ('token' in entry) shaped['token'] = entry['token'] ?? null
  if ('logprob' in entry) shaped['logprob'] = entry['logprob'] ?? null
  const top = entry['top_logprobs']
  if (Array.isArray(top)) shaped['top_logprobs'] = top.map(eventLogprob)
  return shaped
}

/**
 * The events of a reasoning item's recorded `reasoning_text` parts (open-weight models stream
 * reasoning this way), placed before the item's `output_item.done`; none for other drafts.
 */
function reasoningTextDrafts(
  draft: EventDraft,
  output: readonly JsonObject[],
  chunking: Chunking | undefined,
): EventDraft[] {
  const item = itemOf(draft, output)
  if (draft.type !== 'response.output_item.done' || item?.['type'] !== 'reasoning') return []
  const at = { item_id: String(item['id']), output_index: draft.fields['output_index'] ?? null }
  return arrayOf(item['content']).flatMap((part, contentIndex): EventDraft[] => {
    if (!isJsonObject(part) || part['type'] !== 'reasoning_text') return []
    const where = { ...at, content_index: contentIndex }
    const text = typeof part['text'] === 'string' ? part['text'] : ''
    const opened = { type: 'reasoning_text', text: '' }
    return [
      { type: 'response.content_part.added', fields: { ...where, part: opened }, token: false },
      ...splitIntoChunks(text, chunking).map((delta) => ({
        type: 'response.reasoning_text.delta',
        fields: { ...where, delta },
        token: true,
      })),
      { type: 'response.reasoning_text.done', fields: { ...where, text }, token: false },
      { type: 'response.content_part.done', fields: { ...where, part }, token: false },
    ]
  })
}

function itemOf(draft: EventDraft, output: readonly JsonObject[]): JsonObject | undefined {
  const index = draft.fields['output_index']
  return typeof index === 'number' ? output[index] : undefined
}

function partOf(draft: EventDraft, item: JsonObject): JsonObject | undefined {
  const index = draft.fields['content_index']
  const part = typeof index === 'number' ? arrayOf(item['content'])[index] : undefined
  return isJsonObject(part) ? part : undefined
}

function arrayOf(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : []
}
