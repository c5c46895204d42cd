/**
 * Checks on scenario rules that JSON Schema cannot express: regexes that compile, keys that
 * exclude each other, usage that adds up. Pure.
 * @module
 */
import type { CompactReply, ScenarioRule } from './types.js'
import type { RuleProblem } from './rule-schema-errors.js'
import { replyToolCalls } from './reply-items.js'
import { compileUserRegex } from './user-regex.js'
import { errorMessage } from '../errors.js'

/** Keys that say what a successful response contains or how its stream ends. */
const CONTENT_KEYS = [
  'text',
  'reasoning',
  'tool_calls',
  'refusal',
  'output',
  'fail_after',
  'fail_with',
  'disconnect_after',
  'incomplete',
] as const

/**
 * The first semantic problem in schema-valid rules, or undefined when there is none.
 * Pointers are relative to the rules list.
 *
 * @example
 * findSemanticProblem([{ match: { input_matches: '(' }, reply: { text: 'x' } }])
 * // { pointer: '/0/match/input_matches', problem: '…does not compile…', hint: '…' }
 */
export function findSemanticProblem(rules: readonly ScenarioRule[]): RuleProblem | undefined {
  for (const [ruleIndex, rule] of rules.entries()) {
    const pattern = rule.match?.input_matches
    if (pattern !== undefined) {
      try {
        compileUserRegex(pattern)
      } catch (error) {
        const reason = errorMessage(error)
        return {
          pointer: `/${ruleIndex}/match/input_matches`,
          problem: `the regular expression of rule ${ruleIndex + 1} does not compile (${reason})`,
          hint:
            'Write a JavaScript regular expression, as "pattern" or "/pattern/flags"; ' +
            'escape backslashes in double-quoted YAML.',
        }
      }
    }
    const replies = Array.isArray(rule.reply) ? rule.reply : [rule.reply]
    for (const [replyIndex, reply] of replies.entries()) {
      const problem = findReplyProblem(reply) ?? findCustomToolCallProblem(reply, rule.match?.endpoint)
      if (problem !== undefined) {
        const base = `/${ruleIndex}/reply${Array.isArray(rule.reply) ? `/${replyIndex}` : ''}`
        return {
          pointer: problem.key === undefined ? base : `${base}/${problem.key}`,
          problem: `the reply of rule ${ruleIndex + 1} ${problem.problem}`,
          hint: problem.hint,
        }
      }
    }
  }
  return undefined
}

/** A problem of one reply; `key` is the reply key to point at. */
interface ReplyProblem {
  key?: string
  problem: string
  hint: string
}

function findReplyProblem(reply: CompactReply): ReplyProblem | undefined {
  if (reply.error !== undefined) {
    const clash = CONTENT_KEYS.find((key) => reply[key] !== undefined)
    if (clash !== undefined) {
      return {
        key: clash,
        problem: `has both "error" and "${clash}"`,
        hint:
          'An error reply answers with an HTTP error and nothing else; ' +
          'for a failure mid-stream use "fail_after".',
      }
    }
  }
  if (reply.output !== undefined) {
    const shorthand = ['text', 'reasoning', 'tool_calls', 'refusal'] as const
    const clash = shorthand.find((key) => reply[key] !== undefined)
    if (clash !== undefined) {
      return {
        key: clash,
        problem: `has both "output" and "${clash}"`,
        hint: `Move "${clash}" into the "output" list, or drop "output" and use the shorthand keys only.`,
      }
    }
  }
  const endingKeys = ['fail_after', 'disconnect_after', 'incomplete'] as const
  const endings = endingKeys.filter((key) => reply[key] !== undefined)
  if (endings.length > 1) {
    return {
      key: endings[1],
      problem: `has both "${endings[0]}" and "${endings[1]}"`,
      hint: 'A stream ends one way: keep one of fail_after, disconnect_after and incomplete.',
    }
  }
  if (reply.fail_with !== undefined && reply.fail_after === undefined) {
    return {
      key: 'fail_with',
      problem: 'has "fail_with" without "fail_after"',
      hint: 'Add "fail_after: <events>".',
    }
  }
  if (reply.tbt_ms !== undefined && reply.tokens_per_second !== undefined) {
    return {
      key: 'tokens_per_second',
      problem: 'has both "tbt_ms" and "tokens_per_second"',
      hint: 'Give the pace once: tbt_ms (ms between tokens) or tokens_per_second.',
    }
  }
  const reasoning = reply.usage?.reasoning_tokens
  const output = reply.usage?.output_tokens
  if (reasoning !== undefined && output !== undefined && reasoning > output) {
    return {
      key: 'usage',
      problem: 'counts more reasoning tokens than output tokens',
      hint: 'Reasoning tokens are part of output_tokens: make output_tokens at least reasoning_tokens.',
    }
  }
  return findDuplicateCallId(reply)
}

/**
 * Custom (freeform) tool calls exist in the Responses API only, and take `input`, not
 * `arguments`. A rule that may answer Chat Completions cannot carry one.
 */
function findCustomToolCallProblem(reply: CompactReply, endpoint: string | undefined): ReplyProblem | undefined {
  const calls = replyToolCalls(reply)
  const both = calls.find((call) => call.input !== undefined && call.arguments !== undefined)
  if (both !== undefined) {
    return {
      problem: `gives tool call "${both.name}" both "input" and "arguments"`,
      hint: 'A function call takes "arguments"; a custom (freeform) tool call takes "input". Keep one.',
    }
  }
  const custom = calls.find((call) => call.input !== undefined)
  if (custom !== undefined && endpoint !== 'responses') {
    return {
      problem: `makes the custom tool call "${custom.name}" but may answer other endpoints than Responses`,
      hint: 'Custom (freeform) tool calls exist in the Responses API only: add "endpoint: responses" to the rule\'s match.',
    }
  }
  return undefined
}

function findDuplicateCallId(reply: CompactReply): ReplyProblem | undefined {
  const callIds = replyToolCalls(reply)
    .map((call) => call.call_id)
    .filter((callId): callId is string => callId !== undefined)
  const duplicate = callIds.find((callId, index) => callIds.indexOf(callId) !== index)
  if (duplicate === undefined) return undefined
  return {
    problem: `uses call_id "${duplicate}" twice`,
    hint: 'Every tool call of one response needs its own call_id (the SDKs reject duplicates).',
  }
}
