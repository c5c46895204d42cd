import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Cassette, SseEvent, SseInteraction } from '../../src/cassette/model.js'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import type { JsonObject } from '../../src/util/json.js'
import { openaiFor } from './replay-support.js'

const CLIENTS = 200

/** A canonical one-message Responses stream (order A) answering `prompt` with `pieces`. */
function textStream(index: number, prompt: string, pieces: string[]): SseInteraction {
  const id = `resp_${String(index).padStart(32, '0')}`
  const itemId = `msg_${String(index).padStart(32, '0')}`
  const text = pieces.join('')
  const part = { type: 'output_text', text, annotations: [], logprobs: [] }
  const item = { id: itemId, type: 'message', status: 'completed', role: 'assistant', content: [part] }
  const response = (status: string, output: JsonObject[]): JsonObject => ({
    id, object: 'response', created_at: 1763900000, status, model: 'gpt-5.5', output, error: null,
    incomplete_details: null, instructions: null, metadata: {}, parallel_tool_calls: true, temperature: 1,
    tool_choice: 'auto', tools: [], top_p: 1, usage: null,
  })
  const payloads: JsonObject[] = [
    { type: 'response.created', response: response('in_progress', []) },
    { type: 'response.in_progress', response: response('in_progress', []) },
    { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } },
    { type: 'response.content_part.added', item_id: itemId, output_index: 0, content_index: 0, part: { ...part, text: '' } },
    ...pieces.map((delta) => ({ type: 'response.output_text.delta', item_id: itemId, output_index: 0, content_index: 0, delta, logprobs: [], obfuscation: 'ab' })),
    { type: 'response.output_text.done', item_id: itemId, output_index: 0, content_index: 0, text, logprobs: [] },
    { type: 'response.content_part.done', item_id: itemId, output_index: 0, content_index: 0, part },
    { type: 'response.output_item.done', output_index: 0, item },
    { type: 'response.completed', response: response('completed', [item]) },
  ]
  const events: SseEvent[] = payloads.map((payload, sequence) => ({
    at: sequence * 2,
    event: String(payload['type']),
    data: { ...payload, sequence_number: sequence },
  }))
  return {
    transport: 'sse',
    request: { method: 'POST', path: '/v1/responses', body: { model: 'gpt-5.5', input: prompt, stream: true } },
    response: { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' }, events },
  }
}

const pieces = (index: number) => [`Answer `, `for `, `client `, `#${index}`, `.`]

let tapedeck: RunningTapedeck

beforeAll(async () => {
  const cassette: Cassette = {
    version: 1,
    interactions: Array.from({ length: CLIENTS }, (_, index) => textStream(index, `Prompt #${index}`, pieces(index))),
  }
  tapedeck = await startTapedeck({ cassettes: [{ file: 'many-clients.yaml', cassette }], timing: 'recorded' })
})

afterAll(async () => {
  await tapedeck.close()
})

describe('many clients at once', () => {
  it(`gives each of ${CLIENTS} concurrent streaming clients its own stream`, async () => {
    const openai = openaiFor(tapedeck)
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, index) => {
        const final = await openai.responses.stream({ model: 'gpt-5.5', input: `Prompt #${index}` }).finalResponse()
        return { id: final.id, text: final.output_text }
      }),
    )
    results.forEach((result, index) => {
      expect(result).toEqual({ id: `resp_${String(index).padStart(32, '0')}`, text: pieces(index).join('') })
    })
    expect(tapedeck.stats()).toMatchObject({ hits: CLIENTS, misses: 0, unused: 0 })
  })
})
