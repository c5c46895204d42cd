/**
 * Record-mode relaying of Responses WebSocket mode: the SDK's `ResponsesWS` (and a raw `ws`
 * client where exact frames and close codes matter) talk to the minimal proxy in front of the
 * fake upstream; the captured interaction is checked turn by turn.
 */
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { WebSocketInteraction } from '../../src/cassette/model.js'
import { LEAK_KEY, startProxyToDeadUpstream, useForwardingProxy } from '../support/forwarding-proxy.js'
import { collectWsTurn, openResponsesWS } from '../support/ws-client.js'

const forwarding = useForwardingProxy()

function create(fields: Record<string, unknown>): Record<string, unknown> {
  return { type: 'response.create', model: 'gpt-5.5', ...fields }
}

async function capturedConnection(): Promise<WebSocketInteraction> {
  const [interaction] = await forwarding.proxy.waitFor(1)
  if (interaction?.transport !== 'websocket') throw new Error(`expected websocket, got ${interaction?.transport}`)
  return interaction
}

/** A raw client: every frame it receives, and how the connection closed. */
function rawClient(url: string) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/responses`, {
    headers: { authorization: `Bearer ${LEAK_KEY}` },
    perMessageDeflate: false,
  })
  const frames: Array<Record<string, unknown>> = []
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>))
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  )
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('open', () => resolve())
    socket.on('error', reject)
  })
  opened.catch(() => {})
  const until = async (count: number) => {
    while (frames.length < count) await new Promise((resolve) => setTimeout(resolve, 5))
    return frames
  }
  return { socket, frames, closed, opened, until }
}

describe('WebSocket relay', () => {
  it('relays a multi-turn ResponsesWS session and records it turn by turn', async () => {
    const { ws } = openResponsesWS(forwarding.client)
    const first = await collectWsTurn(ws, create({ store: false, input: `key ${LEAK_KEY}` }))
    const previous = first.at(-1)?.response?.id
    const second = await collectWsTurn(ws, create({ store: false, previous_response_id: previous, input: 'again' }))
    expect(second.at(-1)?.type).toBe('response.completed')
    ws.close()
    const interaction = await capturedConnection()

    expect(forwarding.fake.requests[0]).toMatchObject({
      kind: 'ws-handshake',
      path: '/v1/responses',
      headers: { authorization: `Bearer ${LEAK_KEY}` },
    })
    expect(interaction.request.path).toBe('/v1/responses')
    expect(interaction.request.headers?.['authorization']).toBeUndefined()
    expect(interaction.turns).toHaveLength(2)
    expect(interaction.turns[1]?.client.data).toMatchObject({ type: 'response.create', previous_response_id: previous })
    expect(interaction.turns[1]?.server.map((frame) => frame.data)).toEqual(second)
    const firstTypes = interaction.turns[0]?.server.map((frame) => (frame.data as { type: string }).type)
    expect(firstTypes).toEqual(first.map((event) => event.type))
    const offsets = interaction.turns.flatMap((turn) => [turn.client.at, ...turn.server.map((frame) => frame.at)])
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b))
    expect(interaction.close).toMatchObject({ by: 'client', code: 1000 })
    expect(JSON.stringify(interaction)).not.toContain('LEAKCHECK')
    expect(interaction.preamble).toBeUndefined()
  })

  it('keeps a request error in its own turn and a mid-stream failure with its response.failed', async () => {
    const { ws, errors } = openResponsesWS(forwarding.client)
    const stale = await collectWsTurn(ws, create({ store: false, previous_response_id: 'resp_gone', input: 'x' }))
    const failed = await collectWsTurn(ws, create({ input: 'y [fail-mid-stream]' }))
    const fine = await collectWsTurn(ws, create({ input: 'z' }))
    ws.close()
    const interaction = await capturedConnection()
    expect(errors.length).toBeGreaterThanOrEqual(2)
    expect(interaction.turns.map((turn) => turn.server.length)).toEqual([stale.length, failed.length, fine.length])
    const staleFrame = interaction.turns[0]?.server[0]?.data
    expect(staleFrame).toMatchObject({ type: 'error', error: { code: 'previous_response_not_found' } })
    const failedTypes = interaction.turns[1]?.server.map((frame) => (frame.data as { type: string }).type)
    expect(failedTypes?.slice(-2)).toEqual(['error', 'response.failed'])
  })

  it('attributes interleaved frames of concurrent stream_id lanes to their own turns', async () => {
    const raw = rawClient(forwarding.proxy.url)
    await raw.opened
    raw.socket.send(JSON.stringify(create({ stream_id: 'a', input: 'alpha beta gamma [slow:5]' })))
    raw.socket.send(JSON.stringify(create({ stream_id: 'b', input: 'delta epsilon [slow:5]' })))
    const isTerminal = (frame: Record<string, unknown>) => frame['type'] === 'response.completed'
    while (raw.frames.filter(isTerminal).length < 2) await raw.until(raw.frames.length + 1)
    raw.socket.close(4001, 'done here')
    expect(await raw.closed).toMatchObject({ code: 4001 })
    const interaction = await capturedConnection()
    const lanes = raw.frames.map((frame) => frame['stream_id'])
    expect(lanes.indexOf('b')).toBeLessThan(lanes.lastIndexOf('a'))
    for (const [index, lane] of ['a', 'b'].entries()) {
      const server = interaction.turns[index]?.server ?? []
      expect(server.map((frame) => (frame.data as { stream_id: string }).stream_id).every((id) => id === lane)).toBe(true)
      expect(server).toHaveLength(raw.frames.filter((frame) => frame['stream_id'] === lane).length)
    }
    expect(interaction.close).toMatchObject({ by: 'client', code: 4001, reason: 'done here' })
    await waitUntil(() => forwarding.fake.wsCloses.length > 0)
    expect(forwarding.fake.wsCloses[0]).toEqual({ code: 4001, reason: 'done here' })
  })

  it('relays and records the close code when the upstream closes', async () => {
    const raw = rawClient(forwarding.proxy.url)
    await raw.opened
    raw.socket.send(JSON.stringify(create({ input: 'bye [close:4002]' })))
    expect(await raw.closed).toMatchObject({ code: 4002, reason: 'closed as scripted' })
    const interaction = await capturedConnection()
    expect(interaction.close).toMatchObject({ by: 'server', code: 4002, reason: 'closed as scripted' })
    expect(interaction.turns[0]?.server.length).toBe(raw.frames.length)
  })

  it('cuts the client when the upstream connection dies mid-response', async () => {
    const raw = rawClient(forwarding.proxy.url)
    await raw.opened
    raw.socket.send(JSON.stringify(create({ input: 'cut me [cut:3]' })))
    expect((await raw.closed).code).toBe(1006)
    const interaction = await capturedConnection()
    expect(interaction.turns[0]?.server).toHaveLength(3)
    expect(interaction.close).toMatchObject({ by: 'server', code: 1006 })
  })

  it('sends an error frame and closes with 1011 when the upstream is down', async () => {
    const { proxy: orphan } = await startProxyToDeadUpstream()
    try {
      const raw = rawClient(orphan.url)
      await raw.opened
      raw.socket.send(JSON.stringify(create({ input: 'anyone?' })))
      expect((await raw.closed).code).toBe(1011)
      expect(raw.frames).toHaveLength(1)
      expect(raw.frames[0]).toMatchObject({
        type: 'error',
        status: 502,
        error: { type: 'upstream_error', code: 'tapedeck_upstream_unreachable', param: null },
      })
      expect(String((raw.frames[0]?.['error'] as { message: string }).message)).toContain('Failed to reach the upstream')
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(orphan.interactions).toHaveLength(0)
    } finally {
      await orphan.close()
    }
  })
})

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5))
}
