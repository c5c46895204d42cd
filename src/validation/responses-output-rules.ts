/**
 * The end of a completed Responses stream: every added item is done (or, under wire, listed) and
 * response.output lists the items in output_index order with the text of their output_item.done.
 * @module
 */
import { isJsonObject, type JsonObject } from '../util/json.js'
import { label } from './responses-item-rules.js'
import { report, type ResponsesState } from './responses-state.js'
import { compareTextLeaves } from './responses-text-leaves.js'
import { itemTextLeaves } from './text-compare.js'

/**
 * At response.completed: every added item is done and response.output lists them in
 * output_index order, with the text of their output_item.done.
 *
 * @example
 * checkCompletedOutput(state, event.response)
 */
export function checkCompletedOutput(state: ResponsesState, response: JsonObject): void {
  const items = [...state.items.values()].sort((a, b) => a.outputIndex - b.outputIndex)
  const output = response['output']
  const listed = Array.isArray(output) ? new Set(output.map((item) => (isJsonObject(item) ? item['id'] : undefined))) : new Set()
  for (const item of items) {
    // wire: like openai-node 7.57.0, an item never done is accepted when the final output lists it.
    if (!item.done && !(state.profile === 'wire' && item.id !== undefined && listed.has(item.id))) {
      report(
        state,
        'item.unfinished',
        `expected output_item.done for ${label(item)} before response.completed, saw none`,
        '',
      )
    }
  }
  if (!Array.isArray(output)) return
  if (!state.resumed && output.length !== items.length) {
    report(
      state,
      'output.mismatch',
      `expected response.output to list the ${items.length} item(s) added during the stream, saw ${output.length}`,
      '/response/output',
    )
    return
  }
  items.forEach((item, position) => {
    const at = state.resumed ? item.outputIndex : position
    const final = output[at]
    const pointer = `/response/output/${at}`
    if (!isJsonObject(final) || final['type'] !== item.type || (item.id !== undefined && final['id'] !== item.id)) {
      const seen = isJsonObject(final) ? `${String(final['type'])} ${JSON.stringify(final['id'])}` : JSON.stringify(final)
      report(
        state,
        'output.mismatch',
        `expected response.output[${at}] to be ${label(item)}, saw ${seen}`,
        pointer,
      )
      return
    }
    if (item.doneItem !== undefined && !item.partial) {
      const expected = itemTextLeaves(item.doneItem).map((leaf) => leaf.text)
      compareTextLeaves(state, expected, itemTextLeaves(final), pointer, 'the text of output_item.done')
    }
  })
}
