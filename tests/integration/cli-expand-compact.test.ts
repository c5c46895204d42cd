/**
 * `tapedeck compact` then `tapedeck expand`: recorded answers become editable rules, and the
 * rules expand back into streams that the official SDK accumulates to the same final output
 * (texts, tool calls with their call_ids, response ids, errors) as the original recordings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import OpenAI, { APIError } from 'openai'
import type { ChatCompletionStreamParams } from 'openai/lib/ChatCompletionStream'
import type { ResponseStreamParams } from 'openai/lib/responses/ResponseStream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Cassette } from '../../src/cassette/model.js'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { flattenResponseCreate } from '../../src/replay/exchange-index.js'
import { locateInYaml, parseRules } from '../../src/scenario/index.js'
import { startTapedeck } from '../../src/server/create-server.js'
import { isJsonObject, type JsonObject } from '../../src/util/json.js'
import { fixturePath } from './replay-support.js'
import { runCli } from './cli-support.js'

let folder: string

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'tapedeck-expand-compact-'))
})

afterAll(() => {
  rmSync(folder, { recursive: true, force: true })
})

interface Ask {
  endpoint: 'responses' | 'chat'
  body: JsonObject
  /** Streamed (SSE or WebSocket) in the recording; a JSON recording cannot answer a stream. */
  streamed: boolean
}

/** Every Responses/Chat request of a cassette in order: HTTP and SSE interactions, WebSocket turns. */
function asksOf(cassette: Cassette): Ask[] {
  return cassette.interactions.flatMap((interaction): Ask[] => {
    if (interaction.transport === 'websocket') {
      return interaction.turns.flatMap((turn) =>
        isJsonObject(turn.client.data)
          ? [
              {
                endpoint: 'responses' as const,
                body: flattenResponseCreate(turn.client.data),
                streamed: true,
              },
            ]
          : [],
      )
    }
    const body = interaction.request.body
    if (!isJsonObject(body)) return []
    return [
      {
        endpoint: interaction.request.path === '/v1/chat/completions' ? 'chat' : 'responses',
        body,
        streamed: interaction.transport === 'sse',
      },
    ]
  })
}

/**
 * What an app gets out of one request, streamed or not as `streamed` says: the final answer,
 * reduced to what compact keeps.
 */
async function finalOutput(client: OpenAI, ask: Ask, streamed: boolean): Promise<unknown> {
  const { stream: _stream, ...body } = ask.body
  try {
    if (ask.endpoint === 'chat') {
      const completion = streamed
        ? await client.chat.completions
            .stream(body as unknown as ChatCompletionStreamParams)
            .finalChatCompletion()
        : await client.chat.completions.create(
            body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
          )
      const message = completion.choices[0]?.message
      return {
        id: completion.id,
        content: message?.content ?? null,
        tool_calls: (message?.tool_calls ?? []).map((call) =>
          call.type === 'function'
            ? {
                id: call.id,
                name: call.function.name,
                arguments: JSON.parse(call.function.arguments) as unknown,
              }
            : call,
        ),
      }
    }
    const response = streamed
      ? await client.responses.stream(body as unknown as ResponseStreamParams).finalResponse()
      : await client.responses.create(
          body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
        )
    return {
      id: response.id,
      text: response.output_text,
      calls: response.output.flatMap((item) =>
        item.type === 'function_call'
          ? [
              {
                name: item.name,
                call_id: item.call_id,
                arguments: JSON.parse(item.arguments) as unknown,
              },
            ]
          : [],
      ),
    }
  } catch (error) {
    if (!(error instanceof APIError)) throw error
    return { status: error.status, code: error.code, message: error.message }
  }
}

async function finalOutputs(
  cassetteFile: string,
  asks: Ask[],
  streamed: boolean[],
): Promise<unknown[]> {
  const tapedeck = await startTapedeck({ cassette: cassetteFile })
  try {
    const client = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0 })
    const outputs: unknown[] = []
    for (const [index, ask] of asks.entries())
      outputs.push(await finalOutput(client, ask, streamed[index] ?? true))
    expect(tapedeck.stats().misses).toBe(0)
    return outputs
  } finally {
    await tapedeck.close()
  }
}

function read(file: string): { text: string; cassette: Cassette } {
  const text = readFileSync(file, 'utf8')
  return { text, cassette: parseCassette(text, file) }
}

describe('tapedeck compact and tapedeck expand', () => {
  it.each([
    'responses-text-stream',
    'responses-function-call-stream',
    'chat-stream-tool-calls',
    'responses-json',
    'ws-function-call',
  ])('round-trips %s: the SDK gets the same final output from the expanded rules', async (name) => {
    const rulesFile = join(folder, `${name}.rules.yaml`)
    const expandedFile = join(folder, `${name}.expanded.yaml`)
    const compacted = await runCli(['compact', fixturePath(name), '--out', rulesFile])
    expect(compacted.code).toBe(0)
    const original = read(fixturePath(name)).cassette
    const asks = asksOf(original)

    const rules = read(rulesFile)
    expect(rules.cassette.interactions).toEqual([])
    const parsed = parseRules(rules.cassette.rules, locateInYaml(rules.text), rulesFile)
    expect(parsed).toHaveLength(asks.length)
    parsed.forEach((rule, index) => {
      expect(rule.times).toBe(1)
      expect(rule.match?.endpoint).toBe(asks[index]?.endpoint)
      expect(rule.match?.body).toMatchObject({ model: asks[index]?.body['model'] })
    })

    const expanded = await runCli(['expand', rulesFile, '--out', expandedFile])
    expect(expanded.code).toBe(0)
    const expandedCassette = read(expandedFile).cassette
    expect(
      expandedCassette.interactions.every((interaction) => interaction.synthetic === true),
    ).toBe(true)
    const expandedAsks = asksOf(expandedCassette)
    expect(expandedAsks).toHaveLength(asks.length)

    // Each request is sent as the recording was made (JSON or stream) to both servers.
    const streamed = asks.map((ask) => ask.streamed)
    expect(await finalOutputs(expandedFile, expandedAsks, streamed)).toEqual(
      await finalOutputs(fixturePath(name), asks, streamed),
    )
  })

  it('keeps the request of each rule in match, so the tool result of a loop finds its call', async () => {
    const rulesFile = join(folder, 'ws-function-call.rules.yaml')
    const { text, cassette } = read(rulesFile)
    const [first, second] = parseRules(cassette.rules, locateInYaml(text), rulesFile)
    const firstCall = first?.reply
    expect(firstCall).toMatchObject({
      tool_calls: [expect.objectContaining({ call_id: expect.any(String) })],
    })
    const callId = (firstCall as { tool_calls: Array<{ call_id: string }> }).tool_calls[0]?.call_id
    expect(second?.match?.tool_result).toEqual({ call_id: callId })
  })

  it('expand writes the rules of a scenario as synthetic interactions, to stdout by default', async () => {
    const result = await runCli(['expand', 'scenarios/quickstart.yaml'])
    expect(result.code).toBe(0)
    const cassette = parseCassette(result.stdout, 'stdout')
    expect(cassette.rules).toBeUndefined()
    expect(cassette.meta).toMatchObject({ expanded_from: 'scenarios/quickstart.yaml' })
    expect(cassette.interactions.length).toBeGreaterThan(0)
    expect(
      cassette.interactions.every(
        (interaction) => interaction.synthetic === true && interaction.transport === 'sse',
      ),
    ).toBe(true)
    const chat = cassette.interactions.filter(
      (interaction) =>
        interaction.transport !== 'websocket' &&
        interaction.request.path === '/v1/chat/completions',
    )
    expect(chat.length).toBe(2) // the two rules with endpoint: chat
  })

  it('expand refuses broken rules with their file:line:col, exit 2', async () => {
    const result = await runCli(['expand', 'tests/fixtures/cli/broken-rules.yaml'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'Failed to load the scenario rules at tests/fixtures/cli/broken-rules.yaml:6:7 (/rules/0/reply/txt): unknown key "txt"',
    )
  })
})
