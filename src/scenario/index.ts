/**
 * Hand-written scenario rules: their types, loading (with file:line errors) and matching.
 * @module
 */
export type {
  Chunking,
  CompactError,
  CompactFailure,
  CompactOutputItem,
  CompactReply,
  CompactToolCall,
  CompactUsage,
  RuleHit,
  RuleMatch,
  ScenarioRule,
  ToolResultCondition,
} from './types.js'
export { parseRules } from './parse-rules.js'
export { locateInYaml, type PointerLocator, type SourcePosition } from './locate-in-yaml.js'
export { createRuleMatcher, type RuleMatcher } from './rule-matcher.js'
export { lastUserMessage, requestText, toolResults, type ToolResult } from './request-text.js'
export { replyItems, replyToolCalls } from './reply-items.js'
