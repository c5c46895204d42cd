/**
 * 50 requests at once (Responses JSON, SSE and WebSocket connections, streamed slowly enough to
 * overlap) recorded into one cassette: every one arrives, whole and attributed to its own
 * request, and all 50 replay concurrently to what the SDK got live.
 */
import { join } from 'node:path'
import type OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import type { Interaction } from '../../src/cassette/model.js'
import { startTapedeck } from '../../src/server/create-server.js'
import { isJsonObject, type JsonValue } from '../../src/util/json.js'
import { drain, openWsSession, readCassette, sdkClient, useFakeUpstream } from './record-support.js'

const COUNT = 50

const upstream = useFakeUpstream()

/** Request `n`: JSON, SSE or a WebSocket turn, with a unique input. Returns the reply text. */
async function request(client: OpenAI, n: number): Promise<string> {
  const input = `request number ${n} [slow:3]`
  if (n % 3 === 0) return (await client.responses.create({ model: 'gpt-5.5', input })).output_text
  if (n % 3 === 1) {
    const { events } = await drain(await client.responses.create({ model: 'gpt-5.5', input, stream: true }))
    return events.flatMap((event) => ((event as { type: string }).type === 'response.output_text.delta' ? [(event as { delta: string }).delta] : [])).join('')
  }
  const session = openWsSession(client)
  const events = await session.turn({ type: 'response.create', model: 'gpt-5.5', input })
  await session.close()
  return events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : [])).join('')
}

/** The input a recorded interaction was asked, and the text it answered. */
function recordedPair(interaction: Interaction): { input: string; reply: string } {
  if (interaction.transport === 'websocket') {
    const [turn] = interaction.turns
    const input = isJsonObject(turn?.client.data) ? String(turn.client.data['input']) : ''
    return { input, reply: deltasOf((turn?.server ?? []).map((frame) => frame.data)) }
  }
  const input = String((interaction.request.body as { input?: unknown }).input)
  if (interaction.transport === 'sse') return { input, reply: deltasOf(interaction.response.events.map((event) => event.data)) }
  const body = interaction.response.body as { output?: Array<{ content?: Array<{ text?: string }> }> }
  return { input, reply: body.output?.[0]?.content?.[0]?.text ?? '' }
}

function deltasOf(payloads: Array<JsonValue | undefined>): string {
  return payloads
    .flatMap((data) => (isJsonObject(data) && data['type'] === 'response.output_text.delta' ? [String(data['delta'])] : []))
    .join('')
}

describe('concurrent recording', () => {
  it('records 50 parallel JSON, SSE and WebSocket exchanges whole, and replays them', async () => {
    const file = join(upstream.folder.path, 'parallel.yaml')
    const recorder = await startTapedeck({ mode: 'record', cassette: file, upstream: upstream.fake.url, record: { flushIntervalMs: 20 } })
    const client = sdkClient(recorder.baseURL)
    const live = await Promise.all(Array.from({ length: COUNT }, (_, n) => request(client, n)))
    await recorder.close()
    live.forEach((reply, n) => expect(reply).toBe(`You said: request number ${n}`))

    const cassette = await readCassette(file)
    expect(cassette.interactions).toHaveLength(COUNT)
    const transports = cassette.interactions.map((interaction) => interaction.transport)
    expect(transports.filter((transport) => transport === 'http')).toHaveLength(17)
    expect(transports.filter((transport) => transport === 'sse')).toHaveLength(17)
    expect(transports.filter((transport) => transport === 'websocket')).toHaveLength(16)
    const pairs = cassette.interactions.map(recordedPair)
    for (const { input, reply } of pairs) expect(reply).toBe(`You said: ${input.replace(' [slow:3]', '')}`)
    expect(new Set(pairs.map((pair) => pair.input)).size).toBe(COUNT)

    upstream.fake.reset()
    const replayer = await startTapedeck({ mode: 'replay', cassette: file })
    const replayClient = sdkClient(replayer.baseURL)
    const replayed = await Promise.all(Array.from({ length: COUNT }, (_, n) => request(replayClient, n)))
    await replayer.close()
    expect(replayed).toEqual(live)
    expect(upstream.fake.requests).toHaveLength(0)
  })
})
