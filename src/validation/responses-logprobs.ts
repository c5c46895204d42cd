/**
 * Wire dialect detection for logprobs: count the output_text events and parts that carry
 * `logprobs` and remember where they are missing. At the end of the stream, none anywhere is the
 * `no-logprobs` dialect; some missing in a stream that has them is `logprobs.missing`.
 * @module
 */
import { isJsonObject, type JsonObject } from '../util/json.js'
import type { ResponsesState } from './responses-state.js'

/**
 * Remember whether output_text parts inside an item carry logprobs (wire dialect detection).
 *
 * @example
 * trackItemLogprobs(state, event.item, '/item')
 */
export function trackItemLogprobs(state: ResponsesState, item: JsonObject, base: string): void {
  if (state.profile !== 'wire' || item['type'] !== 'message' || !Array.isArray(item['content'])) return
  item['content'].forEach((part, index) => {
    if (isJsonObject(part) && part['type'] === 'output_text') trackLogprobs(state, part, `${base}/content/${index}`)
  })
}

/**
 * Count one logprobs carrier, or remember where it is missing.
 *
 * @example
 * trackLogprobs(state, event, '')
 */
export function trackLogprobs(state: ResponsesState, holder: JsonObject, base: string): void {
  if (state.profile !== 'wire') return
  if (holder['logprobs'] !== undefined) state.logprobCarriers++
  else state.missingLogprobs.push({
    index: state.index,
    sequence_number: state.seq,
    pointer: `${base}/logprobs`,
  })
}
