/**
 * Hand-written scenario rules: the `rules:` list of a cassette, next to its recorded
 * `interactions`. A rule says which requests it answers (`match`) and what it answers with
 * (`reply`, in the compact form). Plain data that round-trips through YAML; the matcher
 * (rule-matcher.ts) and the generator (synthetic/) hold the behaviour.
 *
 * Key names are snake_case, like the cassette and the OpenAI wire objects.
 * @module
 */
import type { JsonObject, JsonValue } from '../util/json.js'

/** How text is cut into deltas: at word starts (default), per character, or every n characters. */
export type Chunking = 'word' | 'char' | { chars: number }

/** A tool call the model makes: a function call, or with `input` a custom (freeform) tool call. */
export interface CompactToolCall {
  name: string
  /** A YAML map (serialised as compact JSON) or the exact arguments string. Default `{}`. */
  arguments?: JsonObject | string
  /** The freeform input of a custom tool (Responses only); excludes `arguments`. */
  input?: string
  /** Keep it when later requests refer to it; otherwise derived from the seed. */
  call_id?: string
}

/** An HTTP error answer (over WebSocket: a nested error frame). */
export interface CompactError {
  status: number
  /** `error.type`; defaults by status (429 → `requests`, 5xx → `server_error`, …). */
  type?: string
  /** `error.code`; defaults by status (429 → `rate_limit_exceeded`, …). */
  code?: string | null
  message?: string
  param?: string | null
  /** Extra response headers, e.g. `retry-after-ms: "10"` so SDK retries stay fast. */
  headers?: Record<string, string>
}

/** The in-stream error that `fail_after` sends before `response.failed`. */
export interface CompactFailure {
  code?: string
  message?: string
  /** `flat` (the spec form, default) or `nested` (`{"type":"error","error":{…}}`). */
  shape?: 'flat' | 'nested'
}

/** Usage overrides; anything left out is counted from the text (about 4 characters a token). */
export interface CompactUsage {
  input_tokens?: number
  output_tokens?: number
  reasoning_tokens?: number
  cached_tokens?: number
}

/** One output item of the `output:` list; exactly one key per entry. */
export type CompactOutputItem =
  | { text: string }
  | { refusal: string }
  | { reasoning: string | string[] }
  | { tool_call: CompactToolCall }

/**
 * What a response means, instead of the events that carry it. The generator expands it for the
 * endpoint and transport that asks (Responses JSON, SSE or WebSocket; Chat JSON or SSE).
 *
 * Content comes either from the shorthand keys (`reasoning`, then one message with `text` and
 * `refusal`, then `tool_calls`: the order real responses use) or from `output`, a list of items
 * in the order given. `error` excludes every other content key.
 */
export interface CompactReply {
  text?: string
  /** Reasoning summary: one part per string. `[]` or `''` gives a reasoning item without summary. */
  reasoning?: string | string[]
  tool_calls?: CompactToolCall[]
  refusal?: string
  output?: CompactOutputItem[]
  error?: CompactError
  /** Send N events, then an `error` event and `response.failed` (Chat: an error chunk). */
  fail_after?: number
  fail_with?: CompactFailure
  /** Send N events, then drop the connection. */
  disconnect_after?: number
  /** End with `response.incomplete` (Chat: finish_reason `length` / `content_filter`). */
  incomplete?: 'max_output_tokens' | 'content_filter'
  /** Delay before the first token, in ms. Default 0. */
  ttft_ms?: number
  /** Delay between tokens, in ms. Default 0. Excludes `tokens_per_second`. */
  tbt_ms?: number
  tokens_per_second?: number
  chunking?: Chunking
  usage?: CompactUsage
  /** The model the response reports; default: the request's model. */
  model?: string
  /** The response id (Chat: the completion id); default: derived from the seed. */
  id?: string
  /** Extra headers on a successful answer. */
  headers?: Record<string, string>
}

/** `tool_result` condition: the request carries the output of a tool call. */
export interface ToolResultCondition {
  /** The tool's name (found through the call in the same input, or a call tapedeck made). */
  name?: string
  call_id?: string
}

/** Conditions a request must meet; all given ones must hold. No `match` matches everything. */
export interface RuleMatch {
  /** `responses`, `chat`, or a path such as `/v1/embeddings`. */
  endpoint?: string
  /** Glob on the request's model: `*` any run of characters, `?` one character. */
  model?: string
  /** Substring of the last user message. */
  input_contains?: string
  /** Regular expression on the last user message: `pattern` or `/pattern/flags`. */
  input_matches?: string
  /** The last user message, exactly. */
  last_user_message?: string
  /** The request carries a tool result; a string is shorthand for `{ name }`. */
  tool_result?: ToolResultCondition | string
  /** The nth request (1-based) of the session that reached the rules. */
  turn?: number
  /** Request headers that must be present with these exact values (names are case-insensitive). */
  header?: Record<string, string>
  /** A JSON subset of the body: objects by key, arrays element by element (any order). */
  body?: JsonValue
}

/** One hand-written rule. */
export interface ScenarioRule {
  name?: string
  match?: RuleMatch
  /** How many times the rule answers per session; default unlimited (one reply) or the list length. */
  times?: number
  /** One reply (repeats), or a list of replies given on successive matches (then exhausted). */
  reply: CompactReply | CompactReply[]
}

/** The outcome of matching one request against the rules. */
export interface RuleHit {
  rule: ScenarioRule
  reply: CompactReply
  /** 0-based index of the rule in the file. */
  ruleIndex: number
  /** 0-based index of the reply in the rule's list (0 for a single reply). */
  replyIndex: number
  /**
   * The seed for the generator: file, rule, reply and how often this session used the rule,
   * so ids stay the same from run to run.
   */
  seed: string
}
