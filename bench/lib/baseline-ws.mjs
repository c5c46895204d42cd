/**
 * The WebSocket baselines: bare `ws` servers answering every client frame with the precomputed
 * server frames of one turn.
 * - `preframed`: the whole turn (108 frames, already WebSocket-framed) in one socket write; the
 *   baseline the W3 target compares against;
 * - `send`: one `ws.send()` per frame, as an application using `ws` normally would.
 */
import http from 'node:http'
import { Sender, WebSocketServer } from 'ws'

/**
 * Create (not start) a baseline WebSocket server on an `http.Server`.
 *
 * @example
 * const server = createBaselineWs({ mode: 'preframed', frames: ['{"type":"response.created"}'] })
 * server.listen(0, '127.0.0.1')
 */
export function createBaselineWs({ mode, frames }) {
  const payloads = frames.map((frame) => Buffer.from(frame))
  const turnBytes = Buffer.concat(
    payloads.flatMap((payload) => Sender.frame(payload, { fin: true, opcode: 1, mask: false, readOnly: true })),
  )
  const server = http.createServer((req, res) => {
    res.writeHead(426).end()
  })
  const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 0 })
  wss.on('connection', (socket) => {
    socket.on('message', () => {
      if (mode === 'preframed') {
        // eslint-disable-next-line no-underscore-dangle -- a raw write is the point of this baseline
        socket._socket.write(turnBytes)
        return
      }
      for (const payload of payloads) socket.send(payload, { binary: false })
    })
  })
  return server
}
