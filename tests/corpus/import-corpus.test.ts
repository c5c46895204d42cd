/**
 * `tapedeck import --from vcrpy` on the real corpus (../shared/corpus/pydantic-ai): every file
 * converts, every written cassette reads back, and the imported Responses and Chat Completions
 * interactions replay to the official SDK with the recorded events, ids and bodies. Runs
 * in-process (the same importCassettes the CLI runs) and only where the shared corpus exists.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import OpenAI, { APIError } from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Cassette, HttpInteraction, SseInteraction } from '../../src/cassette/model.js'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { importCassettes, type ImportReport } from '../../src/cli/commands/import.js'
import { startTapedeck } from '../../src/server/create-server.js'
import { isJsonObject, type JsonValue } from '../../src/util/json.js'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const corpus = resolve(repoRoot, '../shared/corpus/pydantic-ai')

type Replayable = HttpInteraction | SseInteraction

/** POST /v1/responses and /v1/chat/completions: what an app sends through the SDK. */
function isReplayable(interaction: Cassette['interactions'][number]): interaction is Replayable {
  if (interaction.transport === 'websocket' || interaction.request.method !== 'POST') return false
  return (
    interaction.request.path === '/v1/responses' ||
    interaction.request.path === '/v1/chat/completions'
  )
}

/** What the SDK yields from a recorded stream: every event's data up to an error event (which it throws). */
function expectedStream(interaction: SseInteraction): { data: JsonValue[]; throws: boolean } {
  const data: JsonValue[] = []
  for (const event of interaction.response.events) {
    if (event.data === undefined) continue
    const isError =
      event.event === 'error' ||
      (isJsonObject(event.data) &&
        event.data['error'] !== undefined &&
        event.data['error'] !== null)
    if (isError) return { data, throws: true }
    data.push(event.data)
  }
  return { data, throws: false }
}

async function replayStream(
  client: OpenAI,
  interaction: SseInteraction,
): Promise<{ data: unknown[]; threw: unknown }> {
  const body = { ...(interaction.request.body as Record<string, unknown>), stream: true }
  const received: unknown[] = []
  try {
    const stream =
      interaction.request.path === '/v1/responses'
        ? await client.responses.create(
            body as unknown as OpenAI.Responses.ResponseCreateParamsStreaming,
          )
        : await client.chat.completions.create(
            body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
          )
    for await (const event of stream) received.push(event)
    return { data: received, threw: undefined }
  } catch (error) {
    return { data: received, threw: error }
  }
}

async function replayJson(client: OpenAI, interaction: HttpInteraction): Promise<unknown> {
  const body = interaction.request.body as Record<string, unknown>
  try {
    return interaction.request.path === '/v1/responses'
      ? await client.responses.create(
          body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
        )
      : await client.chat.completions.create(
          body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
        )
  } catch (error) {
    return error
  }
}

describe.runIf(existsSync(corpus))(
  'corpus: tapedeck import --from vcrpy ../shared/corpus/pydantic-ai (skipped when the shared corpus is absent)',
  () => {
    let out: string
    let report: ImportReport

    beforeAll(async () => {
      out = mkdtempSync(join(tmpdir(), 'tapedeck-import-corpus-'))
      report = await importCassettes({ from: 'vcrpy', out, paths: [corpus] })
    })

    afterAll(() => {
      rmSync(out, { recursive: true, force: true })
    })

    it('converts every corpus file, and every written cassette reads back unchanged', () => {
      expect(report.problems).toEqual([])
      expect(report.files.filter((file) => file.kind === 'failed')).toEqual([])
      expect(report.files.length).toBe(336)
      for (const file of report.files) {
        if (file.kind !== 'imported') continue
        expect(parseCassette(readFileSync(file.output, 'utf8'), file.output)).toEqual(file.cassette)
      }
    })

    it('replays imported Responses and Chat interactions to the official SDK with the recorded events, ids and bodies', async () => {
      const imported = report.files.flatMap((file) => (file.kind === 'imported' ? [file] : []))
      // Every file with a stream, and every fourth file with only JSON answers. A file is replayed
      // whole, in recorded order, so that identical requests get their recordings in turn.
      let jsonOnly = 0
      const sampled = imported.filter((file) => {
        const replayable = file.cassette.interactions.filter(isReplayable)
        if (replayable.length === 0) return false
        if (replayable.some((interaction) => interaction.transport === 'sse')) return true
        return jsonOnly++ % 4 === 0
      })
      let streams = 0
      let bodies = 0
      for (const file of sampled) {
        const tapedeck = await startTapedeck({ cassette: file.output })
        try {
          const client = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0 })
          for (const [index, interaction] of file.cassette.interactions.entries()) {
            if (!isReplayable(interaction)) continue
            const where = `${file.input} interaction ${index}`
            if (interaction.transport === 'sse') {
              const expected = expectedStream(interaction)
              const received = await replayStream(client, interaction)
              // The corpus has `"logprob": -0.0`; JSON has no negative zero once re-serialised.
              expect(received.data, where).toEqual(JSON.parse(JSON.stringify(expected.data)))
              if (expected.throws) expect(received.threw, where).toBeInstanceOf(APIError)
              else expect(received.threw, where).toBeUndefined()
              streams++
              continue
            }
            const result = await replayJson(client, interaction)
            const { status, body } = interaction.response
            if (status >= 200 && status < 300) {
              // openai-node adds the `output_text` convenience property to Response objects.
              const withOutputText =
                isJsonObject(body) && body['object'] === 'response'
                  ? { ...body, output_text: (result as { output_text?: unknown }).output_text }
                  : body
              expect(result, where).toEqual(JSON.parse(JSON.stringify(withOutputText)))
            } else {
              expect(result, where).toBeInstanceOf(APIError)
              expect((result as APIError).status, where).toBe(status)
              expect((result as APIError).error, where).toEqual(
                isJsonObject(body) ? body['error'] : body,
              )
            }
            bodies++
          }
          const stats = tapedeck.stats()
          expect(stats.misses, file.input).toBe(0)
        } finally {
          await tapedeck.close()
        }
      }
      expect(streams).toBeGreaterThanOrEqual(60)
      expect(streams + bodies).toBeGreaterThanOrEqual(30)
    }, 120_000)
  },
)
