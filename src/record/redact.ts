/**
 * Redaction, on by default, applied to every interaction before it is stored (and, by the
 * replay side, to incoming requests before matching, so that redacted cassettes still match).
 * Pure: never mutates its input (unless a caller that owns a fresh interaction asks for it, with
 * `inPlace`, to spare a copy); a JSON value with nothing to redact comes back as itself.
 *
 * What is replaced, by default:
 * - headers named `authorization`, `proxy-authorization`, `api-key`, `x-api-key`,
 *   `openai-organization`, `openai-project`, `cookie`, `set-cookie` (and query parameters of
 *   those names, plus `key`, `api_key`, `access_token`): value `<redacted>`;
 * - JSON object members named `authorization`, `api_key`, `apikey`, `api-key`, `x-api-key`,
 *   `client_secret`, `access_token`, `refresh_token`, `password` whose value is a string (an MCP
 *   tool's `authorization`, for example): value `<redacted>`;
 * - in every string, anywhere (headers, query, JSON bodies, base64 bodies, SSE `data`/`raw_data`/
 *   `comment`, WebSocket frames, notes): `sk-…` keys → `<redacted:openai-key>`,
 *   `Bearer <token>` → `Bearer <redacted>`;
 * - secrets split across consecutive stream deltas (see split-deltas.ts).
 *
 * Users add header names, JSON member names, JSON pointers (`*` matches any one segment;
 * applied to request and response bodies, SSE event data and WebSocket frame data) and regexes.
 * `disableDefaults` drops the built-in names, keys and patterns and keeps only the user's.
 * A bad pointer or pattern throws `TAPEDECK_OPTIONS_INVALID` when the redactor is created.
 * @module
 */
import type { Interaction, SseEvent, WebSocketFrame } from '../cassette/model.js'
import { errorMessage, TapedeckError } from '../errors.js'
import { isJsonObject, type JsonValue } from '../util/json.js'
import { parsePointer } from '../util/json-pointer.js'
import { applyRules, DEFAULT_SECRET_RULES, REDACTED, userRule, type SecretRule } from './secret-rules.js'
import { redactSplitDeltas } from './split-deltas.js'

export { REDACTED, REDACTED_OPENAI_KEY } from './secret-rules.js'

/** What to redact beyond (or instead of) the defaults. */
export interface RedactionOptions {
  /** Extra header (and query parameter) names whose values are replaced. Case-insensitive. */
  headers?: string[]
  /** Extra JSON member names whose string values are replaced. Case-insensitive. */
  keys?: string[]
  /** JSON pointers whose values are replaced; a `*` segment matches any key or index. */
  pointers?: string[]
  /** Extra patterns; every match is replaced by `<redacted>`. Strings are RegExp sources. */
  patterns?: Array<string | RegExp>
  /** Drop the built-in header names, member names and patterns. */
  disableDefaults?: boolean
}

/** A configured redactor. */
export interface Redactor {
  /** What it was created with: plain data, so another thread can create the same redactor. */
  readonly options: RedactionOptions
  redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string>
  redactJson(value: JsonValue): JsonValue
  redactText(text: string): string
  /**
   * The interaction redacted: a copy, or with `inPlace` the interaction itself, changed (for a
   * caller that built it and keeps no other reference to it).
   */
  redactInteraction<T extends Interaction>(interaction: T, options?: { inPlace?: boolean }): T
}

/** Header names redacted by default. */
export const DEFAULT_REDACTED_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'api-key',
  'x-api-key',
  'openai-organization',
  'openai-project',
  'cookie',
  'set-cookie',
]

/** JSON member names (and query parameter names) redacted by default. */
export const DEFAULT_REDACTED_KEYS: readonly string[] = [
  'authorization',
  'api_key',
  'apikey',
  'api-key',
  'x-api-key',
  'key',
  'client_secret',
  'access_token',
  'refresh_token',
  'password',
]

/**
 * Create a redactor. With no options it applies the defaults listed in the module note.
 *
 * @example
 * const redactor = createRedactor({ patterns: [/acct_[0-9]+/], pointers: ['/metadata/user'] })
 * redactor.redactHeaders({ authorization: 'Bearer sk-abc', 'content-type': 'application/json' })
 * // { authorization: '<redacted>', 'content-type': 'application/json' }
 * redactor.redactText('use sk-abcdefgh1234') // 'use <redacted:openai-key>'
 */
export function createRedactor(options: RedactionOptions = {}): Redactor {
  const defaults = options.disableDefaults !== true
  const lower = (names: readonly string[] | undefined) => (names ?? []).map((name) => name.toLowerCase())
  const headerNames = new Set([...(defaults ? DEFAULT_REDACTED_HEADERS : []), ...lower(options.headers)])
  // `key` is only a credential as a query parameter (`?key=`); as a JSON member it is too common.
  const defaultKeys = defaults ? DEFAULT_REDACTED_KEYS : []
  const keyNames = new Set([...defaultKeys.filter((name) => name !== 'key'), ...lower(options.keys)])
  const queryNames = new Set([...headerNames, ...defaultKeys, ...lower(options.keys)])
  const rules: SecretRule[] = [
    ...(defaults ? DEFAULT_SECRET_RULES : []),
    ...(options.patterns ?? []).map((pattern) =>
      checked('pattern', String(pattern), () => userRule(pattern)),
    ),
  ]
  const pointers = (options.pointers ?? []).map((pointer) =>
    checked('pointer', pointer, () => parsePointer(pointer)),
  )

  const redactText = (text: string) => applyRules(text, rules)

  // Copy on write: a value with nothing to redact comes back as itself, so that the common case
  // (an incoming request with no secret in it, on every replayed request) allocates nothing.
  const walk = (value: JsonValue): JsonValue => {
    if (typeof value === 'string') return redactText(value)
    if (value === null || typeof value !== 'object') return value
    if (Array.isArray(value)) {
      let copy: JsonValue[] | undefined
      for (let index = 0; index < value.length; index++) {
        const item = value[index] as JsonValue
        const next = walk(item)
        if (copy === undefined && next !== item) copy = value.slice(0, index)
        copy?.push(next)
      }
      return copy ?? value
    }
    let copy: Record<string, JsonValue> | undefined
    const keys = Object.keys(value)
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string
      const item = value[key] as JsonValue
      const next = typeof item === 'string' && keyNames.has(key.toLowerCase()) ? REDACTED : walk(item)
      if (copy === undefined && next !== item) {
        copy = {}
        for (let before = 0; before < index; before++) {
          const earlier = keys[before] as string
          copy[earlier] = value[earlier] as JsonValue
        }
      }
      if (copy !== undefined) copy[key] = next
    }
    return copy ?? value
  }

  const redactJson = (value: JsonValue): JsonValue => {
    let result = walk(value)
    for (const segments of pointers) result = replaceAtPointer(result, segments)
    return result
  }

  const redactHeaders = (headers: Readonly<Record<string, string>>) =>
    redactNamed(headers, headerNames, redactText)

  const redactBase64 = (base64: string): string => {
    // latin1 maps bytes 1:1 to code units, so bytes outside a match survive untouched.
    const text = Buffer.from(base64, 'base64').toString('latin1')
    const redacted = redactText(text)
    return redacted === text ? base64 : Buffer.from(redacted, 'latin1').toString('base64')
  }

  // Events and frames below belong to the interaction being redacted (a copy, or one handed
  // over with `inPlace`), so they are changed where they are.
  const redactEvent = (event: SseEvent): void => {
    if (event.data !== undefined) event.data = redactJson(event.data)
    if (event.raw_data !== undefined) event.raw_data = redactText(event.raw_data)
    if (event.comment !== undefined) event.comment = redactText(event.comment)
    if (event.id !== undefined) event.id = redactText(event.id)
  }

  const redactFrame = (frame: WebSocketFrame): void => {
    if (frame.data !== undefined) frame.data = redactJson(frame.data)
    if (frame.raw !== undefined) frame.raw = redactText(frame.raw)
  }

  const redactInteraction = <T extends Interaction>(interaction: T, options: { inPlace?: boolean } = {}): T => {
    const copy = (options.inPlace === true ? interaction : structuredClone(interaction)) as Interaction
    if (copy.notes !== undefined) copy.notes = copy.notes.map(redactText)
    if (copy.request.headers !== undefined) copy.request.headers = redactHeaders(copy.request.headers)
    if (copy.request.query !== undefined) {
      copy.request.query = redactNamed(copy.request.query, queryNames, redactText)
    }
    switch (copy.transport) {
      case 'http':
      case 'sse': {
        const request = copy.request
        if (request.body !== undefined) request.body = redactJson(request.body)
        if (request.body_base64 !== undefined) request.body_base64 = redactBase64(request.body_base64)
        if (copy.response.headers !== undefined) copy.response.headers = redactHeaders(copy.response.headers)
        if (copy.transport === 'http') {
          if (copy.response.body !== undefined) copy.response.body = redactJson(copy.response.body)
          if (copy.response.body_base64 !== undefined) {
            copy.response.body_base64 = redactBase64(copy.response.body_base64)
          }
        } else {
          redactSplitDeltas(
            copy.response.events.map((event) => event.data),
            rules,
          )
          copy.response.events.forEach(redactEvent)
        }
        break
      }
      case 'websocket': {
        const serverFrames = [...(copy.preamble ?? []), ...copy.turns.flatMap((turn) => turn.server)]
        redactSplitDeltas(
          serverFrames.map((frame) => frame.data),
          rules,
        )
        copy.preamble?.forEach(redactFrame)
        for (const turn of copy.turns) {
          redactFrame(turn.client)
          turn.server.forEach(redactFrame)
        }
        if (copy.close?.reason !== undefined) copy.close.reason = redactText(copy.close.reason)
        break
      }
    }
    return copy as T
  }

  return { options, redactHeaders, redactJson, redactText, redactInteraction }
}

/** Build a rule or pointer from user input, turning a bad one into a clear options error. */
function checked<T>(kind: 'pattern' | 'pointer', value: string, build: () => T): T {
  try {
    return build()
  } catch (error) {
    const reason = errorMessage(error)
    const fix =
      kind === 'pointer'
        ? 'Write JSON pointers like "/metadata/user" (RFC 6901; "*" matches any segment).'
        : 'Write a valid JavaScript regular expression.'
    throw new TapedeckError(
      'TAPEDECK_OPTIONS_INVALID',
      `Failed to set up redaction: the ${kind} ${JSON.stringify(value)} is invalid (${reason}). ${fix}`,
      { cause: error },
    )
  }
}

function redactNamed(
  values: Readonly<Record<string, string>>,
  names: ReadonlySet<string>,
  redactText: (text: string) => string,
): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, value] of Object.entries(values)) {
    result[name] = names.has(name.toLowerCase()) ? REDACTED : redactText(value)
  }
  return result
}

/** Replace the value(s) a pointer designates with `<redacted>`; `*` matches every child. */
function replaceAtPointer(value: JsonValue, segments: readonly string[]): JsonValue {
  const [head, ...rest] = segments
  if (head === undefined) return REDACTED
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      head === '*' || head === String(index) ? replaceAtPointer(item, rest) : item,
    )
  }
  if (!isJsonObject(value)) return value
  const copy: Record<string, JsonValue> = { ...value }
  for (const [key, item] of Object.entries(value)) {
    if (head === '*' || head === key) copy[key] = replaceAtPointer(item, rest)
  }
  return copy
}
