/**
 * Upstream failures are recordings like any other: 4xx/5xx answers, `error` events,
 * `response.failed` and streams cut mid-way are recorded and replayed as they happened, and the
 * stream validator's findings end up in the cassette's notes without dropping anything.
 */
import { join } from 'node:path'
import type OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import type { SseInteraction, WebSocketInteraction } from '../../src/cassette/model.js'
import { startTapedeck } from '../../src/server/create-server.js'
import { createMemoryLogger } from '../../src/util/logger.js'
import { describeFailure, drain, openWsSession, readCassette, sdkClient, useFakeUpstream } from './record-support.js'

const upstream = useFakeUpstream()

/** Failures an application meets, each returning what the SDK gave it. */
const FAILURES = {
  async rateLimited(client: OpenAI) {
    return client.responses.create({ model: 'gpt-5.5', input: 'slow down [error:429]' }).catch(describeFailure)
  },
  async serverError(client: OpenAI) {
    return client.chat.completions
      .create({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'break [error:500]' }] })
      .catch(describeFailure)
  },
  async failedMidStream(client: OpenAI) {
    return drain(await client.responses.create({ model: 'gpt-5.5', input: 'fail please [fail-mid-stream]', stream: true }))
  },
  async cutMidStream(client: OpenAI) {
    return drain(await client.responses.create({ model: 'gpt-5.5', input: 'cut me off [cut:4]', stream: true }))
  },
  async webSocketErrors(client: OpenAI) {
    const session = openWsSession(client)
    const refused = await session.turn({ type: 'response.create', model: 'gpt-5.5', input: 'no [error:400]' })
    const failed = await session.turn({ type: 'response.create', model: 'gpt-5.5', input: 'then fail [fail-mid-stream]' })
    await session.close()
    return { refused, failed, errors: session.errors }
  },
} satisfies Record<string, (client: OpenAI) => Promise<unknown>>

describe('recorded failures', () => {
  it('reach the client as the upstream sent them, and replay the same way', async () => {
    const file = join(upstream.folder.path, 'failures.yaml')
    const logger = createMemoryLogger()
    const recorder = await startTapedeck({ mode: 'record', cassette: file, upstream: upstream.fake.url, logger })
    const live: Record<string, unknown> = {}
    for (const [name, flow] of Object.entries(FAILURES)) live[name] = await flow(sdkClient(recorder.baseURL))
    await recorder.close()

    expect(live['rateLimited']).toMatchObject({ name: 'RateLimitError', status: 429, code: 'rate_limit_exceeded' })
    expect(live['serverError']).toMatchObject({ name: 'InternalServerError', status: 500 })
    const failed = live['failedMidStream'] as { events: Array<{ type: string }>; error?: string }
    expect(failed.events.map((event) => event.type)).toContain('response.created')
    expect(failed.error).toBeDefined()
    const cut = live['cutMidStream'] as { events: unknown[]; error?: string }
    expect(cut.events).toHaveLength(4)
    expect(cut.error).toBeDefined()
    const ws = live['webSocketErrors'] as { refused: Array<{ type: string }>; failed: Array<{ type: string }> }
    expect(ws.refused.map((event) => event.type)).toEqual(['error'])
    expect(ws.failed.map((event) => event.type)).toContain('response.failed')

    const cassette = await readCassette(file)
    expect(cassette.interactions.map((interaction) => interaction.transport)).toEqual(['http', 'http', 'sse', 'sse', 'websocket'])
    const truncated = cassette.interactions[3] as SseInteraction
    expect(truncated.response.truncated).toBe(true)
    expect(truncated.response.events).toHaveLength(4)
    expect(truncated.notes?.some((note) => note.startsWith('validator (wire): sse.truncated'))).toBe(true)
    expect(logger.lines.some((line) => line.level === 'warn' && line.message.includes('sse.truncated'))).toBe(true)
    const connection = cassette.interactions[4] as WebSocketInteraction
    expect(connection.turns.map((turn) => turn.server.at(-1)?.data)).toMatchObject([
      { type: 'error', status: 400 },
      { type: 'response.failed' },
    ])

    upstream.fake.reset()
    const replayer = await startTapedeck({ mode: 'replay', cassette: file })
    const replayed: Record<string, unknown> = {}
    for (const [name, flow] of Object.entries(FAILURES)) replayed[name] = await flow(sdkClient(replayer.baseURL))
    await replayer.close()
    expect(replayed).toEqual(live)
    expect(replayer.stats()).toMatchObject({ misses: 0, unused: 0 })
  })
})
