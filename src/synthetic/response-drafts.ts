/**
 * A whole Responses stream as drafts: lifecycle events, every item's events, and one terminal
 * event; plus the cut-offs (`fail_after`, `disconnect_after`) and the final numbering and
 * timing. Pure.
 * @module
 */
import type { JsonObject } from '../util/json.js'
import { streamItem, type EventDraft, type ItemStreamOptions } from './item-events.js'
import type { PlannedItem } from './planned-items.js'
import type { Timeline } from './timing.js'
import type { SyntheticEvent } from './types.js'

/** How a stream ends: its terminal event and the fields that change in the final Response. */
export interface StreamEnding {
  type: 'response.completed' | 'response.incomplete' | 'response.failed'
  patch: JsonObject
  /** Status of the last item (`incomplete` when the response was cut short). */
  lastItemStatus: 'completed' | 'incomplete'
}

/**
 * Drafts of the full stream and the final Response object (the terminal event's `response`,
 * which is also the non-streaming JSON body).
 *
 * @example
 * const { drafts, final } = buildResponseDrafts(items, shell, options, completedEnding(usage))
 * drafts[0].type // 'response.created'
 */
export function buildResponseDrafts(
  items: readonly PlannedItem[],
  shell: JsonObject,
  options: ItemStreamOptions,
  ending: StreamEnding,
): { drafts: EventDraft[]; final: JsonObject } {
  const drafts: EventDraft[] = [
    { type: 'response.created', fields: { response: shell }, token: false },
    { type: 'response.in_progress', fields: { response: shell }, token: false },
  ]
  const output: JsonObject[] = []
  items.forEach((item, index) => {
    const status = index === items.length - 1 ? ending.lastItemStatus : 'completed'
    const streamed = streamItem(item, index, options, status)
    drafts.push(...streamed.events)
    output.push(streamed.final)
  })
  const final = { ...shell, ...ending.patch, output }
  drafts.push({ type: ending.type, fields: { response: final }, token: false })
  return { drafts, final }
}

/**
 * Cut a stream after `count` events and fail it: an `error` event, then `response.failed`
 * listing the items finished so far (none when the response was never created).
 *
 * @example
 * failDrafts(drafts, 5, shell, { code: 'server_error', message: 'Boom.' }, 'flat').at(-1)?.type
 * // 'response.failed'
 */
export function failDrafts(
  drafts: readonly EventDraft[],
  count: number,
  shell: JsonObject,
  failure: { code: string; message: string },
  shape: 'flat' | 'nested',
): EventDraft[] {
  const kept = drafts.slice(0, Math.min(count, drafts.length - 1))
  const error: JsonObject =
    shape === 'nested'
      ? { error: { type: 'server_error', code: failure.code, message: failure.message, param: null } }
      : { code: failure.code, message: failure.message, param: null }
  const result = [...kept, { type: 'error', fields: error, token: false }]
  if (kept.length === 0) return result
  const finished = kept
    .filter((draft) => draft.type === 'response.output_item.done')
    .map((draft) => draft.fields['item'] as JsonObject)
  const responseError = { code: failure.code, message: failure.message }
  const failed = { ...shell, status: 'failed', error: responseError, output: finished }
  result.push({ type: 'response.failed', fields: { response: failed }, token: false })
  return result
}

/**
 * Number the drafts (`sequence_number` from 0), give them times, and make them events. Every
 * payload is a fresh copy, so no two events share an object (YAML would write aliases).
 *
 * @example
 * toSyntheticEvents(drafts, createTimeline({}), true)[0]
 * // { at: 0, event: 'response.created',
 * //   data: { type: 'response.created', sequence_number: 0, response: {…} } }
 */
export function toSyntheticEvents(
  drafts: readonly EventDraft[],
  timeline: Timeline,
  named: boolean,
): SyntheticEvent[] {
  return drafts.map((draft, index) => {
    const data = structuredClone({ type: draft.type, sequence_number: index, ...draft.fields })
    const at = timeline.next(draft.token)
    return named ? { at, event: draft.type, data } : { at, data }
  })
}
