/**
 * The rows of `tapedeck inspect`: one per interaction, with what a reader looks for first
 * (endpoint, transport, status, model, events, duration, tokens, validator verdict), and the
 * aligned text table. Pure.
 * @module
 */
import type { Interaction } from '../../cassette/model.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../../util/json.js'
import {
  classifyInteraction,
  validateInteraction,
  type ValidationProfile,
  type Violation,
} from '../../validation/index.js'

/** One row of the table. */
export interface InspectRow {
  index: number
  endpoint: string
  transport: Interaction['transport']
  status: string
  model: string
  /** Events, chunks or server frames; `-` for a JSON body. */
  events: string
  duration: string
  /** `input/output` tokens from the recorded usage, `-` when none was recorded. */
  tokens: string
  /** `ok`, `FAIL (n)`, or `-` when the validator does not check this endpoint. */
  verdict: string
  violations: Violation[]
  synthetic: boolean
}

/**
 * Describe one interaction.
 *
 * @example
 * inspectRow(cassette.interactions[0], 0, 'wire')
 * // { index: 0, endpoint: 'POST /v1/responses', transport: 'sse', status: '200', model: 'gpt-5.5',
 * //   events: '14', duration: '820ms', tokens: '12/9', verdict: 'ok', violations: [], synthetic: false }
 */
export function inspectRow(
  interaction: Interaction,
  index: number,
  profile: ValidationProfile,
): InspectRow {
  const kind = classifyInteraction(interaction)
  const result = kind === undefined ? undefined : validateInteraction(interaction, { profile })
  return {
    index,
    endpoint: endpointOf(interaction),
    transport: interaction.transport,
    status:
      interaction.transport === 'websocket'
        ? interaction.close === undefined
          ? '-'
          : `close ${interaction.close.code}`
        : String(interaction.response.status),
    model: modelOf(interaction) ?? '-',
    events: eventsOf(interaction),
    duration: interaction.duration_ms === undefined ? '-' : formatDuration(interaction.duration_ms),
    tokens: formatUsage(usageOf(interaction)),
    verdict:
      result === undefined ? '-' : result.valid ? 'ok' : `FAIL (${result.violations.length})`,
    violations: result?.violations ?? [],
    synthetic: interaction.synthetic === true,
  }
}

const COLUMNS = [
  '#',
  'endpoint',
  'transport',
  'status',
  'model',
  'events',
  'duration',
  'tokens',
  'verdict',
] as const

/**
 * The rows as an aligned text table with a header line.
 *
 * @example
 * formatInspectTable(rows)
 * // '#  endpoint            transport  status  model    events  duration  tokens  verdict\n0  POST /v1/responses  sse  …'
 */
export function formatInspectTable(rows: readonly InspectRow[]): string {
  const cells = rows.map((row) => [
    `${row.index}${row.synthetic ? '*' : ''}`,
    row.endpoint,
    row.transport,
    row.status,
    row.model,
    row.events,
    row.duration,
    row.tokens,
    row.verdict,
  ])
  const table: string[][] = [[...COLUMNS], ...cells]
  const widths = COLUMNS.map((_, column) =>
    Math.max(...table.map((line) => (line[column] ?? '').length)),
  )
  return (
    table
      .map((line) =>
        line
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  )
}

function endpointOf(interaction: Interaction): string {
  if (interaction.transport === 'websocket') {
    const turns = interaction.turns.length
    return `WS ${interaction.request.path} (${turns} turn${turns === 1 ? '' : 's'})`
  }
  return `${interaction.request.method} ${interaction.request.path}`
}

function modelOf(interaction: Interaction): string | undefined {
  if (interaction.transport === 'websocket') {
    const models = new Set(
      interaction.turns.flatMap((turn) => stringAt(turn.client.data, 'model') ?? []),
    )
    return models.size === 0 ? undefined : [...models].join(',')
  }
  return stringAt(interaction.request.body, 'model')
}

function eventsOf(interaction: Interaction): string {
  if (interaction.transport === 'sse') {
    const cut = interaction.response.truncated === true ? ' (cut)' : ''
    return `${interaction.response.events.length}${cut}`
  }
  if (interaction.transport === 'websocket')
    return String(interaction.turns.reduce((total, turn) => total + turn.server.length, 0))
  return '-'
}

/** Usage as [input, output] tokens, summed over a WebSocket interaction's turns. */
function usageOf(interaction: Interaction): [number, number] | undefined {
  const payloads: JsonValue[] =
    interaction.transport === 'http'
      ? [interaction.response.body ?? null]
      : interaction.transport === 'sse'
        ? interaction.response.events.map((event) => event.data ?? null)
        : interaction.turns.flatMap((turn) => turn.server.map((frame) => frame.data ?? null))
  let found: [number, number] | undefined
  for (const payload of payloads) {
    const usage = usageIn(payload)
    if (usage !== undefined) found = [(found?.[0] ?? 0) + usage[0], (found?.[1] ?? 0) + usage[1]]
  }
  return found
}

/** Usage of a Response (or a terminal event's response) or a Chat body/chunk. */
function usageIn(payload: JsonValue): [number, number] | undefined {
  if (!isJsonObject(payload)) return undefined
  const type = payload['type']
  const holder: JsonValue | undefined =
    typeof type === 'string'
      ? /^response\.(completed|failed|incomplete)$/.test(type)
        ? payload['response']
        : undefined
      : payload
  const usage = isJsonObject(holder) ? holder['usage'] : undefined
  if (!isJsonObject(usage)) return undefined
  const input = numberAt(usage, 'input_tokens') ?? numberAt(usage, 'prompt_tokens')
  const output = numberAt(usage, 'output_tokens') ?? numberAt(usage, 'completion_tokens')
  return input === undefined || output === undefined ? undefined : [input, output]
}

function formatUsage(usage: [number, number] | undefined): string {
  return usage === undefined ? '-' : `${usage[0]}/${usage[1]}`
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`
}

function stringAt(value: JsonValue | undefined, key: string): string | undefined {
  const found = isJsonObject(value) ? value[key] : undefined
  return typeof found === 'string' ? found : undefined
}

function numberAt(value: JsonObject, key: string): number | undefined {
  const found = value[key]
  return typeof found === 'number' ? found : undefined
}
