/**
 * The `delta.mismatch` comparison of whole items: the text a stream built for an item against the
 * text the item carries in output_item.done, and the done item against the final output.
 * @module
 */
import { report, STREAMED_ITEM_FIELD, type ItemState, type PartState, type ResponsesState } from './responses-state.js'
import { describeTextMismatch, type TextLeaf } from './text-compare.js'

/**
 * The text the stream built for an item (the latest stage of each part, or the call field), in
 * itemTextLeaves order; empty when there is nothing streamed to compare.
 *
 * @example
 * compareTextLeaves(state, streamedTextLeaves(item), itemTextLeaves(doneItem), '/item', 'the streamed text')
 */
export function streamedTextLeaves(item: ItemState): Array<string | undefined> {
  const latest = (part: PartState) => part.partDoneText ?? part.doneText ?? part.text
  if (item.type === 'message') return item.parts.map(latest)
  if (item.type === 'reasoning') return [...item.summary.map(latest), ...item.parts.map(latest)]
  const field = STREAMED_ITEM_FIELD[item.type]
  if (field === undefined || !item.streamed) return []
  return [item.doneText ?? item.text]
}

/**
 * Report delta.mismatch for each leaf whose text differs from the expected text (skipped once
 * a delta was lost, since the accumulated text is then known to be incomplete).
 *
 * @example
 * compareTextLeaves(state, ['Hi'], [{ pointer: '/content/0/text', text: 'Ho' }], '/item', 'the streamed text')
 */
export function compareTextLeaves(
  state: ResponsesState,
  expected: Array<string | undefined>,
  seen: TextLeaf[],
  base: string,
  what: string,
): void {
  if (expected.length === 0 || state.deltasLost) return
  if (seen.length !== expected.length) {
    report(
      state,
      'delta.mismatch',
      `expected ${expected.length} text part(s) carrying ${what}, saw ${seen.length}`,
      base,
    )
    return
  }
  seen.forEach((leaf, index) => {
    const text = expected[index]
    if (text !== undefined && leaf.text !== undefined && leaf.text !== text) {
      report(state, 'delta.mismatch', describeTextMismatch(what, text, leaf.text), `${base}${leaf.pointer}`)
    }
  })
}
