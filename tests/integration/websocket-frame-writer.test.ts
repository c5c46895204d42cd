import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { prepareEvents } from '../../src/websocket/answer-frames.js'
import { rememberSocket, writeTurn } from '../../src/websocket/frame-writer.js'
import { textEvents } from '../unit/websocket/support/session-harness.js'

let server: Server | undefined

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = undefined
})

/** A bare `ws` server whose accepted connections have their socket remembered, and a client. */
async function connectedPair(): Promise<{ serverSide: WebSocket; socket: Socket; client: WebSocket; received: string[] }> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false })
  const accepted = new Promise<{ ws: WebSocket; socket: Socket }>((resolve) => {
    server = createServer()
    server.on('upgrade', (request, socket: Socket, head) => {
      wss.handleUpgrade(request, socket, head, (ws) => {
        rememberSocket(ws, socket)
        resolve({ ws, socket })
      })
    })
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const { port } = server?.address() as AddressInfo
  const client = new WebSocket(`ws://127.0.0.1:${port}/`)
  const received: string[] = []
  client.on('message', (data) => received.push(String(data)))
  await new Promise((resolve) => client.once('open', resolve))
  const { ws, socket } = await accepted
  return { serverSide: ws, socket, client, received }
}

describe('writeTurn on a real connection', () => {
  it('delivers the turn as separate frames, in order with frames sent through ws around it', async () => {
    const { serverSide, client, received } = await connectedPair()
    const answer = prepareEvents(textEvents('resp_1', 'a'))
    serverSide.send('before')
    expect(writeTurn(serverSide, answer, 'lane')).toBe(true)
    serverSide.send('after')
    const expected = [
      'before',
      ...answer.frames.map((frame) => JSON.stringify({ ...frame.object, stream_id: 'lane' })),
      'after',
    ]
    for (let attempt = 0; attempt < 200 && received.length < expected.length; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(received).toEqual(expected)
    client.close()
    await new Promise((resolve) => client.once('close', resolve))
  })

  it('writes nothing after the close frame once the connection is closing', async () => {
    const { serverSide, socket, client, received } = await connectedPair()
    const closed = new Promise<number>((resolve) => client.once('close', resolve))
    serverSide.close(1000, 'bye')
    const written = socket.bytesWritten
    expect(writeTurn(serverSide, prepareEvents(textEvents('resp_2', 'a')), undefined)).toBe(true)
    expect(socket.bytesWritten).toBe(written)
    expect(await closed).toBe(1000)
    expect(received).toEqual([])
  })
})
