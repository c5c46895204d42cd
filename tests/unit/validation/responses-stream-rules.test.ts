import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../../src/util/json.js'
import { validateResponsesEvents, type ValidationResult } from '../../../src/validation/index.js'
import { indexOf, loadResponsesEvents, loadSsePayloads, renumber } from './fixture-streams.js'

const rules = (result: ValidationResult) => [...new Set(result.violations.map((violation) => violation.rule))]
const text = () => loadResponsesEvents('responses-text.jsonl')
const toolCall = () => loadResponsesEvents('responses-reasoning-tool-call.jsonl')
const webSearch = () => loadResponsesEvents('responses-web-search.jsonl')
const at = (events: JsonObject[], type: string, nth = 0) => events[indexOf(events, type, nth)] as JsonObject

describe('validateResponsesEvents: valid streams', () => {
  it.each(['responses-text.jsonl', 'responses-reasoning-tool-call.jsonl', 'responses-web-search.jsonl'])(
    'accepts %s under both profiles',
    (name) => {
      for (const profile of ['wire', 'strict'] as const) {
        const result = validateResponsesEvents(loadResponsesEvents(name), { profile })
        expect(result.violations).toEqual([])
        expect(result).toMatchObject({ valid: true, dialects: [] })
      }
    },
  )

  it('accepts an error event followed by response.failed as the end of a stream', () => {
    const events = text().slice(0, 6)
    const response = at(events, 'response.created')['response'] as JsonObject
    events.push({ type: 'error', sequence_number: 6, code: 'server_error', message: 'The server had an error.', param: null })
    events.push({ type: 'response.failed', sequence_number: 7, response: { ...response, status: 'failed', error: { code: 'server_error', message: 'The server had an error.' } } })
    expect(validateResponsesEvents(events).violations).toEqual([])
  })
})

describe('validateResponsesEvents: lifecycle and numbering', () => {
  it('reports first.created when the stream does not start with response.created', () => {
    const result = validateResponsesEvents(renumber(text().slice(1)))
    expect(rules(result)).toContain('first.created')
    expect(result.violations[0]).toMatchObject({ rule: 'first.created', index: 0, sequence_number: 0, pointer: '/type' })
  })

  it('reports seq.start, seq.gap, seq.duplicate and seq.order with the expected and seen numbers', () => {
    const events = text()
    events[0]!['sequence_number'] = 1
    expect(validateResponsesEvents(events).violations[0]).toMatchObject({ rule: 'seq.start', message: 'expected sequence_number 0 on the first event, saw 1' })

    const gap = text()
    gap.splice(5, 1)
    expect(validateResponsesEvents(gap).violations).toContainEqual(
      expect.objectContaining({ rule: 'seq.gap', index: 5, sequence_number: 6, message: 'expected sequence_number 5, saw 6 (1 missing)' }),
    )

    const duplicate = text()
    duplicate[6]!['sequence_number'] = 5
    expect(rules(validateResponsesEvents(duplicate))).toEqual(['seq.duplicate', 'seq.gap'])

    const order = text()
    order[6]!['sequence_number'] = 2
    expect(rules(validateResponsesEvents(order))).toContain('seq.order')
  })

  it('reports seq.missing under wire when one event of a numbered stream has no sequence_number', () => {
    const events = text()
    delete events[4]!['sequence_number']
    expect(validateResponsesEvents(events, { profile: 'wire' }).violations).toEqual([
      expect.objectContaining({ rule: 'seq.missing', index: 4, pointer: '/sequence_number' }),
    ])
    expect(rules(validateResponsesEvents(events, { profile: 'strict' }))).toEqual(['schema'])
  })

  it('reports terminal.missing and terminal.after', () => {
    const cut = text().slice(0, -1)
    expect(validateResponsesEvents(cut).violations).toEqual([expect.objectContaining({ rule: 'terminal.missing', index: cut.length - 1 })])
    expect(validateResponsesEvents(cut, { truncated: true }).violations).toEqual([])

    const after = text()
    const completed = after.pop() as JsonObject
    after.splice(after.length - 1, 0, completed)
    const result = validateResponsesEvents(renumber(after))
    expect(rules(result)).toContain('terminal.after')
  })

  it('reports response.id when a lifecycle event changes the response id', () => {
    const events = text()
    const last = events.at(-1) as JsonObject
    ;(last['response'] as JsonObject)['id'] = 'resp_other'
    expect(validateResponsesEvents(events).violations).toEqual([
      expect.objectContaining({ rule: 'response.id', pointer: '/response/id', index: events.length - 1 }),
    ])
  })

  it('reports response.status when a lifecycle event carries the wrong status', () => {
    const events = text()
    ;((events.at(-1) as JsonObject)['response'] as JsonObject)['status'] = 'in_progress'
    expect(rules(validateResponsesEvents(events))).toEqual(['response.status'])
  })

  it('reports event.unknown and event.type', () => {
    const events = text()
    events.splice(2, 0, { type: 'response.telepathy.delta', sequence_number: 2 })
    expect(rules(validateResponsesEvents(renumber(events)))).toEqual(['event.unknown'])
    const broken: unknown[] = text()
    broken[3] = 'not an event'
    expect(rules(validateResponsesEvents(broken as JsonObject[]))).toContain('event.type')
  })
})

describe('validateResponsesEvents: items and parts', () => {
  it('reports item.missing for an event that points at an output_index never added', () => {
    const events = text()
    at(events, 'response.output_text.delta')['output_index'] = 4
    expect(validateResponsesEvents(events).violations).toEqual([
      expect.objectContaining({ rule: 'item.missing', pointer: '/output_index', message: 'expected output_index 4 to have been added by response.output_item.added, saw no such item' }),
    ])
  })

  it('reports item.id when item_id is not the id of the item (for example the call_id)', () => {
    const events = toolCall()
    at(events, 'response.function_call_arguments.delta')['item_id'] = 'call_5m2QeTq9vXk1LrA7bN3cYd0H'
    const [violation] = validateResponsesEvents(events).violations
    expect(violation).toMatchObject({ rule: 'item.id', pointer: '/item_id' })
    expect(violation?.message).toContain('saw "call_5m2QeTq9vXk1LrA7bN3cYd0H"')
  })

  it('reports item.type when an event does not fit the item type', () => {
    const events = toolCall()
    const delta = at(events, 'response.function_call_arguments.delta')
    delta['type'] = 'response.custom_tool_call_input.delta'
    expect(rules(validateResponsesEvents(events))).toContain('item.type')
  })

  it('reports item.duplicate, item.order, item.done_twice, item.call_id and item.closed', () => {
    const duplicate = text()
    const added = at(duplicate, 'response.output_item.added')
    duplicate.splice(3, 0, structuredClone(added))
    expect(rules(validateResponsesEvents(renumber(duplicate)))).toContain('item.duplicate')

    const order = text()
    for (const event of order) if (event['output_index'] === 0) event['output_index'] = 1
    expect(rules(validateResponsesEvents(order))).toContain('item.order')

    const twice = text()
    twice.splice(-1, 0, structuredClone(at(twice, 'response.output_item.done')))
    expect(rules(validateResponsesEvents(renumber(twice)))).toEqual(['item.done_twice'])

    const callId = toolCall()
    ;((at(callId, 'response.output_item.done', 1)['item'] as JsonObject))['call_id'] = 'call_changed'
    expect(rules(validateResponsesEvents(callId))).toContain('item.call_id')

    const closed = text()
    closed.splice(-1, 0, { type: 'response.output_text.delta', item_id: (at(closed, 'response.output_item.added')['item'] as JsonObject)['id'] as string, output_index: 0, content_index: 0, delta: 'late', logprobs: [] })
    expect(rules(validateResponsesEvents(renumber(closed)))).toEqual(['item.closed'])
  })

  it('reports content.order, content.missing and content.type', () => {
    const order = text()
    at(order, 'response.content_part.added')['content_index'] = 1
    expect(rules(validateResponsesEvents(order))).toContain('content.order')

    const missing = text()
    at(missing, 'response.output_text.delta', 2)['content_index'] = 3
    expect(validateResponsesEvents(missing).violations[0]).toMatchObject({ rule: 'content.missing', pointer: '/content_index' })

    const type = text()
    const delta = at(type, 'response.output_text.delta')
    type.splice(indexOf(type, 'response.output_text.delta'), 1, { ...delta, type: 'response.refusal.delta' })
    delete type[indexOf(type, 'response.refusal.delta')]!['logprobs']
    expect(rules(validateResponsesEvents(type))).toContain('content.type')
  })

  it('reports content.unfinished when a part is never done before its item', () => {
    const events = text()
    events.splice(indexOf(events, 'response.content_part.done'), 1)
    expect(rules(validateResponsesEvents(renumber(events)))).toEqual(['content.unfinished'])
  })

  it('reports annotation.order when annotation_index skips', () => {
    const events = webSearch()
    at(events, 'response.output_text.annotation.added')['annotation_index'] = 2
    expect(rules(validateResponsesEvents(events))).toEqual(['annotation.order'])
  })

  it('reports item.unfinished (strict) and output.mismatch', () => {
    const unfinished = toolCall()
    unfinished.splice(indexOf(unfinished, 'response.output_item.done', 1), 1)
    expect(rules(validateResponsesEvents(renumber(unfinished), { profile: 'strict' }))).toEqual(['item.unfinished'])

    const mismatch = toolCall()
    const completed = mismatch.at(-1)!['response'] as JsonObject
    completed['output'] = [...(completed['output'] as JsonObject[])].reverse()
    expect(rules(validateResponsesEvents(mismatch))).toEqual(['output.mismatch'])
  })

  it('accepts under wire an item never done that the final output lists (as openai-node 7.57.0 does)', () => {
    const events = toolCall()
    events.splice(indexOf(events, 'response.output_item.done', 1), 1)
    expect(validateResponsesEvents(renumber(events), { profile: 'wire' }).violations).toEqual([])
  })

  it('reports item.unfinished under wire when the unfinished item is missing from the final output', () => {
    const events = toolCall()
    events.splice(indexOf(events, 'response.output_item.done', 1), 1)
    const completed = events.at(-1)!['response'] as JsonObject
    completed['output'] = (completed['output'] as JsonObject[]).slice(0, 1)
    expect(rules(validateResponsesEvents(renumber(events), { profile: 'wire' }))).toEqual(['item.unfinished', 'output.mismatch'])
  })
})

describe('validateResponsesEvents: deltas', () => {
  it('reports delta.mismatch once, at the .done that disagrees with the deltas', () => {
    const events = text()
    at(events, 'response.output_text.delta', 1)['delta'] = ' tyde'
    const result = validateResponsesEvents(events)
    expect(result.violations).toHaveLength(1)
    expect(result.violations[0]).toMatchObject({ rule: 'delta.mismatch', pointer: '/text', index: indexOf(events, 'response.output_text.done') })
    expect(result.violations[0]?.message).toBe(
      'expected the concatenated deltas "The tyde turns twice a day." (27 chars), saw "The tide turns twice a day." (27 chars); first difference at character 5',
    )
  })

  it('reports delta.mismatch for function arguments, summary text, the done part, the done item and the final output', () => {
    const args = toolCall()
    at(args, 'response.function_call_arguments.delta', 2)['delta'] = '"Par'
    expect(validateResponsesEvents(args).violations[0]).toMatchObject({ rule: 'delta.mismatch', pointer: '/arguments' })

    const summary = toolCall()
    at(summary, 'response.reasoning_summary_text.delta')['delta'] = 'A user'
    expect(validateResponsesEvents(summary).violations[0]).toMatchObject({ rule: 'delta.mismatch', pointer: '/text' })

    const part = text()
    ;((at(part, 'response.content_part.done')['part'] as JsonObject))['text'] = 'Other text.'
    expect(validateResponsesEvents(part).violations[0]).toMatchObject({ rule: 'delta.mismatch', pointer: '/part/text' })

    const item = toolCall()
    ;((at(item, 'response.output_item.done', 1)['item'] as JsonObject))['arguments'] = '{}'
    expect(validateResponsesEvents(item).violations[0]).toMatchObject({ rule: 'delta.mismatch', pointer: '/item/arguments' })

    const final = text()
    const output = (final.at(-1)!['response'] as JsonObject)['output'] as JsonObject[]
    ;((output[0]!['content'] as JsonObject[])[0] as JsonObject)['text'] = 'Changed.'
    expect(validateResponsesEvents(final).violations[0]).toMatchObject({ rule: 'delta.mismatch', pointer: '/response/output/0/content/0/text' })
  })
})

describe('validateResponsesEvents: wire dialects', () => {
  const unnumbered = () => loadSsePayloads('responses-2025-unnumbered.sse') as JsonObject[]

  it('accepts a 2025 stream without sequence_number or logprobs as the unnumbered and no-logprobs dialects', () => {
    const result = validateResponsesEvents(unnumbered(), { profile: 'wire' })
    expect(result).toEqual({ valid: true, violations: [], dialects: ['unnumbered', 'no-logprobs'] })
  })

  it('rejects the same stream under strict, with no dialect', () => {
    const result = validateResponsesEvents(unnumbered(), { profile: 'strict' })
    expect(result.valid).toBe(false)
    expect(result.dialects).toEqual([])
    expect(result.violations).toContainEqual(expect.objectContaining({ rule: 'schema', pointer: '/sequence_number', index: 0 }))
    expect(result.violations).toContainEqual(expect.objectContaining({ rule: 'schema', pointer: '/logprobs', index: 4 }))
  })

  it('reports logprobs.missing in a modern stream that drops logprobs on one delta', () => {
    const events = text()
    const index = indexOf(events, 'response.output_text.delta', 3)
    delete events[index]!['logprobs']
    expect(validateResponsesEvents(events, { profile: 'wire' })).toEqual({
      valid: false,
      dialects: [],
      violations: [expect.objectContaining({ rule: 'logprobs.missing', index, sequence_number: index, pointer: '/logprobs' })],
    })
  })

  it('accepts a background stream resumed after response.created as the resumed dialect, and only under wire', () => {
    const events = text().slice(1)
    events[0]!['type'] = 'response.queued'
    ;(events[0]!['response'] as JsonObject)['status'] = 'queued'
    expect(validateResponsesEvents(events, { profile: 'wire' })).toEqual({ valid: true, violations: [], dialects: ['resumed'] })
    expect(rules(validateResponsesEvents(events, { profile: 'strict' }))).toEqual(['first.created', 'seq.start'])
  })

  it('follows items added before the resume point in a resumed stream', () => {
    const events = text().slice(5)
    expect(validateResponsesEvents(events, { profile: 'wire' }).dialects).toEqual(['resumed'])
    expect(validateResponsesEvents(events, { profile: 'wire' }).violations).toEqual([])
    at(events, 'response.output_text.delta', 1)['item_id'] = 'msg_wrong'
    expect(rules(validateResponsesEvents(events, { profile: 'wire' }))).toEqual(['item.id'])
  })

  it('does not treat a stream that starts at sequence_number 0 without response.created as resumed', () => {
    const events = renumber(text().slice(1))
    expect(validateResponsesEvents(events, { profile: 'wire' }).dialects).toEqual([])
  })
})
