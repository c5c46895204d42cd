import { describe, expect, it } from 'vitest'
import type { JsonObject, JsonValue } from '../../../src/util/json.js'
import { validateChatChunks, type ValidationResult } from '../../../src/validation/index.js'
import { loadJsonLines, loadSsePayloads } from './fixture-streams.js'

type Chunks = Array<JsonValue | '[DONE]'>
const rules = (result: ValidationResult) => [...new Set(result.violations.map((violation) => violation.rule))]
const toolCalls = (): Chunks => loadJsonLines('chat-tool-calls.jsonl')
const chunk = (chunks: Chunks, index: number) => chunks[index] as JsonObject
const choice = (chunks: Chunks, index: number) => (chunk(chunks, index)['choices'] as JsonObject[])[0] as JsonObject
const delta = (chunks: Chunks, index: number) => choice(chunks, index)['delta'] as JsonObject
const firstToolCall = (chunks: Chunks, index: number) => (delta(chunks, index)['tool_calls'] as JsonObject[])[0] as JsonObject

/** A plain text answer without the usage chunk. */
function textStream(): Chunks {
  const base = { id: 'chatcmpl-T3xt', object: 'chat.completion.chunk', created: 1764001400, model: 'gpt-4.1-2025-04-14', system_fingerprint: 'fp_1' }
  return [
    { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: { content: 'Hello' }, logprobs: null, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] },
    '[DONE]',
  ]
}

describe('validateChatChunks', () => {
  it('accepts the tool-call fixture (JSON lines and SSE) with include_usage, under both profiles', () => {
    for (const profile of ['wire', 'strict'] as const) {
      expect(validateChatChunks(toolCalls(), { profile, includeUsage: true }).violations).toEqual([])
      expect(validateChatChunks(loadSsePayloads('chat-tool-calls.sse'), { profile, includeUsage: true }).valid).toBe(true)
    }
    expect(validateChatChunks(textStream(), { includeUsage: false }).valid).toBe(true)
  })

  it('reports chat.id and chat.created when a chunk changes them', () => {
    const chunks = toolCalls()
    chunk(chunks, 2)['id'] = 'chatcmpl-other'
    chunk(chunks, 3)['created'] = 1
    const result = validateChatChunks(chunks)
    expect(result.violations).toEqual([
      expect.objectContaining({ rule: 'chat.id', index: 2, pointer: '/id' }),
      expect.objectContaining({ rule: 'chat.created', index: 3, pointer: '/created' }),
    ])
  })

  it('reports chat.tool_index for a fragment without index and for a skipped index', () => {
    const missing = toolCalls()
    delete firstToolCall(missing, 1)['index']
    expect(rules(validateChatChunks(missing))).toContain('chat.tool_index')

    const skipped = toolCalls()
    firstToolCall(skipped, 3)['index'] = 2
    firstToolCall(skipped, 4)['index'] = 2
    const result = validateChatChunks(skipped)
    expect(result.violations).toContainEqual(
      expect.objectContaining({ rule: 'chat.tool_index', index: 3, message: 'expected tool-call index 1 (the next call of choice 0), saw 2' }),
    )
  })

  it('reports chat.tool_id when the first fragment lacks the id or a later one changes it', () => {
    const noId = toolCalls()
    delete firstToolCall(noId, 0)['id']
    expect(validateChatChunks(noId).violations).toContainEqual(expect.objectContaining({ rule: 'chat.tool_id', index: 0 }))

    const changed = toolCalls()
    firstToolCall(changed, 2)['id'] = 'call_changed'
    expect(rules(validateChatChunks(changed))).toEqual(['chat.tool_id'])
  })

  it('reports chat.finish_reason when a choice never finishes, finishes twice, or continues after finishing', () => {
    const never = textStream()
    never.splice(2, 1)
    expect(rules(validateChatChunks(never))).toEqual(['chat.finish_reason'])

    const twice = textStream()
    twice.splice(3, 0, structuredClone(twice[2] as JsonObject))
    expect(rules(validateChatChunks(twice))).toEqual(['chat.finish_reason'])

    const after = textStream()
    after.splice(3, 0, structuredClone(after[1] as JsonObject))
    expect(rules(validateChatChunks(after))).toEqual(['chat.finish_reason'])
  })

  it('reports chat.role when a choice never receives a role', () => {
    const chunks = textStream()
    delete delta(chunks, 0)['role']
    expect(rules(validateChatChunks(chunks))).toEqual(['chat.role'])
  })

  it('reports chat.usage: unasked, missing when asked, not last, or on a chunk with choices', () => {
    expect(rules(validateChatChunks(toolCalls(), { includeUsage: false }))).toEqual(['chat.usage'])

    const missing = toolCalls()
    missing.splice(6, 1)
    expect(rules(validateChatChunks(missing, { includeUsage: true }))).toEqual(['chat.usage'])

    const notLast = toolCalls()
    notLast.splice(5, 0, notLast.splice(6, 1)[0] as JsonObject)
    expect(rules(validateChatChunks(notLast, { includeUsage: true }))).toContain('chat.usage')

    const withChoices = textStream()
    chunk(withChoices, 2)['usage'] = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }
    expect(validateChatChunks(withChoices).violations).toEqual([expect.objectContaining({ rule: 'chat.usage', pointer: '/usage' })])
  })

  it('accepts a moderation-only chunk after the usage chunk', () => {
    const chunks = toolCalls()
    const usage = chunk(chunks, 6)
    chunks.splice(7, 0, { id: usage['id'] as string, object: 'chat.completion.chunk', created: usage['created'] as number, model: usage['model'] as string, choices: [], moderation: { input: { type: 'moderation_results' }, output: { type: 'moderation_results' } } })
    expect(validateChatChunks(chunks, { includeUsage: true }).violations).toEqual([])
  })

  it('reports chat.done when [DONE] is missing, repeated or followed by a chunk', () => {
    expect(rules(validateChatChunks(textStream().slice(0, -1)))).toEqual(['chat.done'])
    expect(validateChatChunks(textStream().slice(0, -1), { truncated: true }).valid).toBe(true)
    expect(rules(validateChatChunks([...textStream(), '[DONE]']))).toEqual(['chat.done'])
    const after = textStream()
    after.push(structuredClone(after[1] as JsonObject))
    expect(rules(validateChatChunks(after))).toContain('chat.done')
  })

  it('treats a mid-stream error chunk as the end of the stream and checks its shape', () => {
    const chunks = textStream().slice(0, 2)
    chunks.push({ error: { message: 'The server had an error.', type: 'server_error', param: null, code: null } })
    expect(validateChatChunks(chunks).violations).toEqual([])
    chunks[2] = { error: { message: 'The server had an error.' } }
    expect(rules(validateChatChunks(chunks))).toEqual(['schema'])
  })

  it('reports schema violations with the chunk index and a pointer', () => {
    const chunks = textStream()
    choice(chunks, 1)['finish_reason'] = 'done'
    expect(validateChatChunks(chunks).violations[0]).toMatchObject({ rule: 'schema', index: 1, pointer: '/choices/0/finish_reason' })
  })
})
