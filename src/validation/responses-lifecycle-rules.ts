/**
 * Numbering and lifecycle of a Responses stream: sequence_number from 0 without gaps or repeats,
 * one response.id, the status each lifecycle event carries, and the terminal event.
 * @module
 */
import { isJsonObject, type JsonObject } from '../util/json.js'
import { trackItemLogprobs } from './responses-logprobs.js'
import { checkCompletedOutput } from './responses-output-rules.js'
import { report, type ResponsesState } from './responses-state.js'

/** The status each lifecycle event's response must have. */
const LIFECYCLE_STATUS: ReadonlyMap<string, readonly string[]> = new Map([
  ['response.created', ['in_progress', 'queued']],
  ['response.queued', ['queued']],
  ['response.in_progress', ['in_progress']],
  ['response.completed', ['completed']],
  ['response.failed', ['failed']],
  ['response.incomplete', ['incomplete']],
])

const TERMINAL_TYPES = new Set(['response.completed', 'response.failed', 'response.incomplete', 'error'])

/**
 * Whether an event type is a lifecycle event (it carries the whole response).
 *
 * @example
 * isLifecycleType('response.queued') // true
 */
export function isLifecycleType(type: string): boolean {
  return LIFECYCLE_STATUS.has(type)
}

/**
 * Check the event's sequence_number against the previous one (seq.start, seq.gap, seq.duplicate,
 * seq.order); unnumbered events are remembered for the end of the stream.
 *
 * @example
 * state.seq = event.sequence_number; checkSequence(state)
 */
export function checkSequence(state: ResponsesState): void {
  const seq = state.seq
  if (seq === undefined) {
    state.unnumbered.push({ index: state.index, sequence_number: undefined, pointer: '/sequence_number' })
    // The unnumbered event still took a place in the count: the next number is one further.
    if (state.lastSeq !== undefined) state.lastSeq++
    return
  }
  state.numbered++
  const last = state.lastSeq
  if (last === undefined) {
    if (seq !== 0 && !(state.resumed && state.index === 0)) {
      report(
        state,
        'seq.start',
        `expected sequence_number 0 on the first event, saw ${seq}`,
        '/sequence_number',
      )
    }
  } else if (seq === last) {
    report(
      state,
      'seq.duplicate',
      `expected sequence_number ${last + 1}, saw ${seq} again`,
      '/sequence_number',
    )
    return
  } else if (seq < last) {
    report(
      state,
      'seq.order',
      `expected sequence_number ${last + 1}, saw ${seq} (lower than the previous ${last})`,
      '/sequence_number',
    )
  } else if (seq > last + 1) {
    report(
      state,
      'seq.gap',
      `expected sequence_number ${last + 1}, saw ${seq} (${seq - last - 1} missing)`,
      '/sequence_number',
    )
  }
  state.lastSeq = seq
}

/**
 * A lifecycle event (created, queued, in_progress, completed, failed, incomplete): constant
 * response.id, matching status, and the end-of-stream checks on response.completed.
 *
 * @example
 * onLifecycle(state, 'response.completed', event)
 */
export function onLifecycle(state: ResponsesState, type: string, event: JsonObject): void {
  const response = event['response']
  if (!isJsonObject(response)) return
  const id = response['id']
  if (state.responseId === undefined && typeof id === 'string') state.responseId = id
  else if (id !== state.responseId) {
    report(
      state,
      'response.id',
      `expected response.id ${JSON.stringify(state.responseId)} (as on the first lifecycle event), saw ${JSON.stringify(id)}`,
      '/response/id',
    )
  }
  const status = response['status']
  const allowed = LIFECYCLE_STATUS.get(type) ?? []
  if (typeof status === 'string' && !allowed.includes(status)) {
    report(
      state,
      'response.status',
      `expected response.status ${allowed.map((s) => JSON.stringify(s)).join(' or ')} on ${type}, saw ${JSON.stringify(status)}`,
      '/response/status',
    )
  }
  if (Array.isArray(response['output'])) {
    response['output'].forEach((item, index) => {
      if (isJsonObject(item)) trackItemLogprobs(state, item, `/response/output/${index}`)
    })
  }
  if (!TERMINAL_TYPES.has(type)) return
  state.terminalType = type
  if (type === 'response.completed') checkCompletedOutput(state, response)
}

/**
 * At the end of a stream, under wire: the partial omissions that are not a whole-stream dialect
 * (seq.missing in a numbered stream, logprobs.missing in a stream that carries logprobs).
 *
 * @example
 * reportWholeStreamViolations(state)
 */
export function reportWholeStreamViolations(state: ResponsesState): void {
  if (state.profile !== 'wire') return
  if (state.numbered > 0) {
    for (const missing of state.unnumbered) {
      state.violations.push({
        rule: 'seq.missing',
        message: 'expected sequence_number, as on the other events of this stream, saw none',
        index: missing.index,
        pointer: missing.pointer,
      })
    }
  }
  if (state.logprobCarriers > 0) {
    for (const missing of state.missingLogprobs) {
      state.violations.push({
        rule: 'logprobs.missing',
        message:
          'expected logprobs (an array, [] when not requested), as on the other output_text events and parts of this stream, ' +
          'saw none',
        index: missing.index,
        pointer: missing.pointer,
        ...(missing.sequence_number === undefined ? {} : { sequence_number: missing.sequence_number }),
      })
    }
  }
}
