/**
 * Token counts for synthetic responses: about four characters a token, which is close enough
 * for tests that look at usage without pretending to be a tokenizer. Pure.
 * @module
 */
import type { CompactUsage } from '../scenario/types.js'
import type { JsonObject } from '../util/json.js'

/** Counted (or overridden) usage, independent of the endpoint's field names. */
export interface UsageCounts {
  input: number
  cached: number
  output: number
  reasoning: number
}

/**
 * The token estimate of a text: 0 for '', else ceil(characters / 4).
 *
 * @example
 * estimateTokens('Hello world') // 3
 */
export function estimateTokens(text: string): number {
  return text === '' ? 0 : Math.ceil(Array.from(text).length / 4)
}

/**
 * Combine counted tokens with the reply's overrides. Reasoning tokens are part of the output
 * tokens (never added on top), as in real usage.
 *
 * @example
 * countUsage({ inputText: 'Hi there', visibleText: ['Hello'], reasoningText: ['Think'] })
 * // { input: 2, cached: 0, output: 4, reasoning: 2 }
 */
export function countUsage(parts: {
  inputText: string
  visibleText: readonly string[]
  reasoningText: readonly string[]
  override?: CompactUsage
}): UsageCounts {
  const override = parts.override ?? {}
  const countedReasoning = parts.reasoningText.reduce((sum, text) => sum + estimateTokens(text), 0)
  const visible = parts.visibleText.reduce((sum, text) => sum + estimateTokens(text), 0)
  const output = override.output_tokens ?? visible + (override.reasoning_tokens ?? countedReasoning)
  const reasoning = Math.min(override.reasoning_tokens ?? countedReasoning, output)
  const input = override.input_tokens ?? Math.max(1, estimateTokens(parts.inputText))
  return { input, cached: Math.min(override.cached_tokens ?? 0, input), output, reasoning }
}

/**
 * Usage as the Responses API writes it.
 *
 * @example
 * responsesUsage({ input: 9, cached: 0, output: 3, reasoning: 0 }).total_tokens // 12
 */
export function responsesUsage(counts: UsageCounts): JsonObject {
  return {
    input_tokens: counts.input,
    input_tokens_details: { cached_tokens: counts.cached, cache_write_tokens: 0 },
    output_tokens: counts.output,
    output_tokens_details: { reasoning_tokens: counts.reasoning },
    total_tokens: counts.input + counts.output,
  }
}

/**
 * Usage as Chat Completions writes it.
 *
 * @example
 * chatUsage({ input: 14, cached: 0, output: 8, reasoning: 0 }).total_tokens // 22
 */
export function chatUsage(counts: UsageCounts): JsonObject {
  return {
    prompt_tokens: counts.input,
    completion_tokens: counts.output,
    total_tokens: counts.input + counts.output,
    prompt_tokens_details: { cached_tokens: counts.cached, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: counts.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }
}
