import type { ChatCompletionTool } from 'openai/resources/chat/completions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import { fixturePath, httpInteraction, openaiFor, recordedPayloads, sseInteraction } from './replay-support.js'

let tapedeck: RunningTapedeck

beforeAll(async () => {
  tapedeck = await startTapedeck({ cassette: [fixturePath('chat-json'), fixturePath('chat-stream-tool-calls')] })
})

afterAll(async () => {
  await tapedeck.close()
})

const recordedStream = () => sseInteraction('chat-stream-tool-calls')
const toolRequest = () => {
  const body = recordedStream().request.body as unknown as { tools: ChatCompletionTool[] }
  return {
    model: 'gpt-5.5',
    messages: [{ role: 'user' as const, content: 'Weather in Paris and Oslo?' }],
    tools: body.tools,
  }
}

describe('replaying Chat Completions to the openai SDK', () => {
  it('answers chat.completions.create with the recorded completion', async () => {
    const recorded = httpInteraction('chat-json')
    const completion = await openaiFor(tapedeck).chat.completions.create({
      model: 'gpt-5.5',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Capital of France?' },
      ],
    })
    expect(completion).toEqual(recorded.response.body)
  })

  it('streams every recorded chunk to chat.completions.create({ stream: true })', async () => {
    const stream = await openaiFor(tapedeck).chat.completions.create({
      ...toolRequest(),
      stream: true,
      stream_options: { include_usage: true },
    })
    const chunks: unknown[] = []
    for await (const chunk of stream) chunks.push(chunk)
    expect(chunks).toEqual(recordedPayloads(recordedStream()))
  })

  it('passes the chat.completions.stream() accumulator with parallel tool calls', async () => {
    const stream = openaiFor(tapedeck).chat.completions.stream({ ...toolRequest(), stream_options: { include_usage: true } })
    const argumentsDone: string[] = []
    stream.on('tool_calls.function.arguments.done', (event) => argumentsDone.push(`${event.name}(${event.arguments})`))
    const completion = await stream.finalChatCompletion()
    expect(argumentsDone).toEqual(['get_weather({"city":"Paris"})', 'get_weather({"city":"Oslo"})'])
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls')
    expect(completion.choices[0]?.message.tool_calls).toEqual([
      expect.objectContaining({ id: 'call_Ab12Cd34Ef56Gh78', type: 'function', function: expect.objectContaining({ name: 'get_weather', arguments: '{"city":"Paris"}' }) }),
      expect.objectContaining({ id: 'call_Ij90Kl12Mn34Op56', type: 'function', function: expect.objectContaining({ name: 'get_weather', arguments: '{"city":"Oslo"}' }) }),
    ])
    expect(completion.usage?.total_tokens).toBe(100)
  })

  it('answers a non-streaming request from the streamed recording with the accumulated completion', async () => {
    const completion = await openaiFor(tapedeck).chat.completions.create(toolRequest())
    expect(completion).toEqual({
      id: 'chatcmpl-CfX1a2b3c4d5e6f7g8h9',
      object: 'chat.completion',
      created: 1763900000,
      model: 'gpt-5.5-2026-08-07',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [
              { id: 'call_Ab12Cd34Ef56Gh78', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_Ij90Kl12Mn34Op56', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            ],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 64,
        completion_tokens: 36,
        total_tokens: 100,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      system_fingerprint: null,
      service_tier: 'default',
    })
  })
})
