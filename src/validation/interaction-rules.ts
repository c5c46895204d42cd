/**
 * Validate a cassette interaction: pick the checks from its transport and path, unwrap SSE events
 * and WebSocket frames, and report violations at the index of the event in the cassette.
 * @module
 */
import type { HttpInteraction, Interaction, SseEvent, SseInteraction, WebSocketInteraction } from '../cassette/model.js'
import { isJsonObject, type JsonValue } from '../util/json.js'
import { validateChatChunks } from './chat-stream-rules.js'
import type { Dialect } from './dialects.js'
import { validateJsonBody, type JsonBodyKind } from './json-body-rules.js'
import { validateResponsesEvents } from './responses-stream-rules.js'
import type { ValidateOptions, ValidationResult, Violation } from './types.js'
import { validateWebSocketTurn } from './websocket-rules.js'

/** What an interaction holds, as far as validation is concerned. */
export type InteractionKind = 'responses-sse' | 'chat-sse' | 'response' | 'chat.completion' | 'error' | 'websocket'

const RESPONSE_BY_ID = /^\/v1\/responses\/resp_[^/]+$/

/**
 * Classify an interaction, or undefined when it is not an exchange tapedeck validates (files,
 * vector stores, /v1/responses/compact, ...).
 *
 * @example
 * classifyInteraction({ transport: 'http', request: { method: 'POST', path: '/v1/responses' },
 *   response: { status: 400, body: {} } }) // 'error'
 */
export function classifyInteraction(interaction: Interaction): InteractionKind | undefined {
  if (interaction.transport === 'websocket') return 'websocket'
  if (interaction.transport === 'sse') return isResponsesStream(interaction.response.events) ? 'responses-sse' : 'chat-sse'
  const path = interaction.request.path
  const ok = interaction.response.status >= 200 && interaction.response.status < 300
  if (path === '/v1/responses' || RESPONSE_BY_ID.test(path)) return ok ? 'response' : 'error'
  if (path === '/v1/chat/completions') return ok ? 'chat.completion' : 'error'
  return undefined
}

/**
 * Whether SSE events are a Responses stream rather than Chat Completions chunks: some event has
 * an `event:` name, or a `response.*` or `error` type (Chat Completions streams have neither).
 *
 * @example
 * isResponsesStream([{ at: 0, data: { type: 'response.created' } }]) // true
 * isResponsesStream([{ at: 0, data: { object: 'chat.completion.chunk' } }]) // false
 */
export function isResponsesStream(events: readonly SseEvent[]): boolean {
  return events.some((event) => {
    if (event.event !== undefined) return true
    const type = isJsonObject(event.data) ? event.data['type'] : undefined
    return typeof type === 'string' && (type.startsWith('response.') || type === 'error')
  })
}

/**
 * Validate one interaction of our cassette model. Interactions tapedeck does not validate are
 * valid with no violations (use classifyInteraction to tell them apart).
 *
 * @example
 * const result = validateInteraction(cassette.interactions[0], { profile: 'wire' })
 */
export function validateInteraction(
  interaction: Interaction,
  options: ValidateOptions = {},
): ValidationResult {
  const kind = classifyInteraction(interaction)
  if (kind === undefined) return { valid: true, violations: [], dialects: [] }
  if (interaction.transport === 'websocket') return validateWebSocket(interaction, options)
  if (interaction.transport === 'sse') return validateSse(interaction, kind === 'responses-sse', options)
  return validateHttp(interaction, kind as JsonBodyKind, options)
}

function validateHttp(
  interaction: HttpInteraction,
  kind: JsonBodyKind,
  options: ValidateOptions,
): ValidationResult {
  const body = interaction.response.body
  if (body === undefined) {
    const seen = interaction.response.body_base64 === undefined ? 'no body' : 'a body that is not JSON'
    return withViolations([{ rule: 'body.json', message: `expected a JSON ${kind} body, saw ${seen}`, index: 0, pointer: '' }])
  }
  return validateJsonBody(kind, body, options)
}

function validateSse(
  interaction: SseInteraction,
  responses: boolean,
  options: ValidateOptions,
): ValidationResult {
  const own: Violation[] = []
  const payloads: Array<JsonValue | '[DONE]'> = []
  const positions: number[] = []
  const events = interaction.response.events
  events.forEach((event, index) => {
    if (event.data !== undefined) {
      const type = isJsonObject(event.data) ? event.data['type'] : undefined
      if (responses && event.event !== undefined && type !== event.event) {
        own.push({
          rule: 'sse.event_name',
          message: `expected event: ${JSON.stringify(type)} (the data.type), saw event: ${JSON.stringify(event.event)}`,
          index,
          pointer: '/type',
        })
      }
      payloads.push(event.data)
      positions.push(index)
    } else if (event.raw_data !== undefined) {
      if (event.raw_data.trim() !== '[DONE]') {
        own.push({
          rule: 'event.json',
          message: `expected JSON in data:, saw ${JSON.stringify(event.raw_data.slice(0, 60))}`,
          index,
          pointer: '',
        })
      } else if (responses) {
        own.push({
          rule: 'sse.done',
          message: 'expected no data: [DONE] in a Responses stream (it ends with its terminal event), saw one',
          index,
          pointer: '',
        })
      } else {
        payloads.push('[DONE]')
        positions.push(index)
      }
    }
  })
  const truncated = interaction.response.truncated === true
  // The generator cuts a stream only when a scenario rule asks for it (`disconnect_after`).
  if (truncated && interaction.synthetic !== true) {
    own.push({
      rule: 'sse.truncated',
      message: `expected the stream to run to its end, saw it cut after ${events.length} event(s)`,
      index: Math.max(0, events.length - 1),
      pointer: '',
    })
  }
  const result = responses
    ? validateResponsesEvents(payloads as JsonValue[], { ...options, truncated })
    : validateChatChunks(payloads, { ...options, truncated, ...includeUsageOf(interaction) })
  const remapped = result.violations.map((violation) => ({ ...violation, index: positions[violation.index] ?? violation.index }))
  return combine([...own, ...remapped], result.dialects)
}

function includeUsageOf(interaction: SseInteraction): { includeUsage?: boolean } {
  const body = interaction.request.body
  if (!isJsonObject(body)) return {}
  const streamOptions = body['stream_options']
  return { includeUsage: isJsonObject(streamOptions) && streamOptions['include_usage'] === true }
}

function validateWebSocket(interaction: WebSocketInteraction, options: ValidateOptions): ValidationResult {
  const violations: Violation[] = []
  const dialects = new Set<Dialect>()
  interaction.turns.forEach((turn, turnIndex) => {
    const frames: JsonValue[] = []
    const positions: number[] = []
    turn.server.forEach((frame, index) => {
      if (frame.data !== undefined) {
        frames.push(frame.data)
        positions.push(index)
      } else {
        violations.push({
          rule: 'event.json',
          message: `expected a JSON text frame, saw ${JSON.stringify((frame.raw ?? '').slice(0, 60))}`,
          index,
          pointer: '',
          turn: turnIndex,
        })
      }
    })
    if (turn.client.data === undefined) {
      violations.push({
        rule: 'ws.client',
        message: `client frame: expected JSON, saw ${JSON.stringify((turn.client.raw ?? '').slice(0, 60))}`,
        index: -1,
        pointer: '',
        turn: turnIndex,
      })
    }
    const result = validateWebSocketTurn(
      frames,
      { ...options, ...(turn.client.data === undefined ? {} : { clientFrame: turn.client.data }) },
    )
    for (const violation of result.violations) {
      violations.push({
        ...violation,
        index: violation.index < 0 ? violation.index : (positions[violation.index] ?? violation.index),
        turn: turnIndex,
      })
    }
    for (const dialect of result.dialects) dialects.add(dialect)
  })
  return combine(violations, [...dialects])
}

function withViolations(violations: Violation[]): ValidationResult {
  return combine(violations, [])
}

function combine(violations: Violation[], dialects: Dialect[]): ValidationResult {
  violations.sort((a, b) => (a.turn ?? 0) - (b.turn ?? 0) || a.index - b.index)
  return { valid: violations.length === 0, violations, dialects }
}
