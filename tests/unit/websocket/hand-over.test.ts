import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { flattenResponseCreate } from '../../../src/replay/exchange-index.js'
import type { Exchange, ReplayQuery } from '../../../src/replay/types.js'
import { systemClock } from '../../../src/util/clock.js'
import type { JsonObject } from '../../../src/util/json.js'
import { silentLogger } from '../../../src/util/logger.js'
import { createResponsesWebSocketHandler, type WebSocketHandOver } from '../../../src/websocket/index.js'
import { listReplayer, textEvents, turnExchange } from './support/session-harness.js'

let server: Server | undefined

afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())))
  server = undefined
})

/** A server whose upgrades go to the replay handler with `handOver` set (auto mode). */
async function handOverServer(exchanges: Exchange[]) {
  const replayer = listReplayer(exchanges)
  const givenBack: Array<{ exchange: Exchange; query: ReplayQuery }> = []
  replayer.giveBack = (exchange, query) => givenBack.push({ exchange, query })
  const handOver = vi.fn((connection: WebSocketHandOver) => connection.socket.close(1000))
  const handler = createResponsesWebSocketHandler({
    replayer,
    logger: silentLogger,
    clock: systemClock,
    timing: 'instant',
    handOver,
  })
  server = createServer()
  server.on('upgrade', handler)
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const connect = async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/responses`, { perMessageDeflate: false })
    const frames: JsonObject[] = []
    ws.on('message', (data) => frames.push(JSON.parse(String(data)) as JsonObject))
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return { ws, frames, closed }
  }
  return { handler, handOver, givenBack, connect }
}

describe('the first frame of a connection that may be handed over', () => {
  it('gives the recording back when the first turn is refused with previous_response_not_found', async () => {
    const create: JsonObject = {
      type: 'response.create',
      model: 'm',
      input: 'again',
      previous_response_id: 'resp_parent',
      store: false,
    }
    const exchange = turnExchange(flattenResponseCreate(create), textEvents('resp_child', 'Hi'))
    const { handler, handOver, givenBack, connect } = await handOverServer([exchange])
    const client = await connect()
    client.ws.send(JSON.stringify(create))
    await vi.waitFor(() => expect(client.frames).toHaveLength(1))
    expect((client.frames[0]?.['error'] as JsonObject)['code']).toBe('previous_response_not_found')
    expect(handOver).not.toHaveBeenCalled()
    expect(givenBack.map((entry) => entry.exchange)).toEqual([exchange])
    client.ws.close()
    await client.closed
    await handler.close()
  })

  it('hands a connection whose first create misses over, with that frame', async () => {
    const { handler, handOver, connect } = await handOverServer([])
    const client = await connect()
    const create = JSON.stringify({ type: 'response.create', model: 'm', input: 'unknown' })
    client.ws.send(create)
    await client.closed
    expect(handOver).toHaveBeenCalledTimes(1)
    const first = handOver.mock.calls[0]?.[0].first
    expect(first?.isBinary).toBe(false)
    expect(first?.data.toString('utf8')).toBe(create)
    expect(client.frames).toEqual([])
    await handler.close()
  })
})
