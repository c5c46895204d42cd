/**
 * Replayed turns as ready-made WebSocket frames, written to the socket in one write. Sending the
 * 108 frames of a turn with one `ws.send()` each costs a frame header, a write and a syscall per
 * frame; here each answer (and each `stream_id` it is echoed with) is framed once, as one Buffer,
 * and a turn with nothing to wait for goes out with a single `socket.write()`, as a bare server
 * writing pre-framed bytes would do.
 *
 * @note Writing to the socket under `ws` is safe here because `ws` queues nothing of its own on
 * these connections: without permessage-deflate (the handler disables it) and without Blob
 * payloads (tapedeck sends strings), `ws.send()` frames and writes synchronously, so frames
 * written here and frames sent through `ws` reach the socket in call order. `writeTurn` checks
 * that no extension was negotiated, and writes nothing unless the connection is open.
 * @module
 */
import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import { frameText, type PreparedAnswer } from './answer-frames.js'

/**
 * Bytes buffered on a socket above which a turn waits for them to drain (as `ws.send` users do);
 * the frame-by-frame path (websocket/index.ts) waits at the same mark.
 *
 * @example
 * if (ws.bufferedAmount >= HIGH_WATER_BYTES) await new Promise((resolve) => ws.send(text, resolve))
 */
export const HIGH_WATER_BYTES = 1024 * 1024

/** Framed `stream_id` variants kept per answer; clients usually reuse a few lane names. */
const MAX_LANE_VARIANTS = 16

/** The raw socket under each accepted WebSocket; `ws` does not expose it in its types. */
const sockets = new WeakMap<WebSocket, Duplex>()

/** One answer's framed turn: without `stream_id`, and per echoed `stream_id`. */
interface FramedVariants {
  plain?: Buffer
  lanes: Map<string, Buffer>
}

const framed = new WeakMap<PreparedAnswer, FramedVariants>()

/**
 * Remember the socket an upgrade handed to `ws`, so that turns can be written to it directly.
 *
 * @example
 * server.handleUpgrade(request, socket, head, (ws) => {
 *   rememberSocket(ws, socket)
 *   attach(ws)
 * })
 */
export function rememberSocket(ws: WebSocket, socket: Duplex): void {
  sockets.set(ws, socket)
}

/**
 * Write a whole turn at once. Returns `false` (having written nothing) when the turn cannot take
 * this path (no remembered socket, or an extension is in use): send its frames one by one then.
 * Otherwise returns `true` (written; nothing to wait for) or a promise that resolves once the
 * socket has taken the bytes (when it was already holding over 1 MiB). A connection that is
 * no longer open gets nothing, like `ws.send()` on a closed connection.
 *
 * @example
 * const written = writeTurn(ws, prepareAnswer(exchange), undefined)
 * if (written === false) for (const frame of answer.frames) ws.send(frame.text)
 */
export function writeTurn(
  ws: WebSocket,
  answer: PreparedAnswer,
  streamId: string | undefined,
): boolean | Promise<void> {
  const socket = sockets.get(ws)
  if (socket === undefined || ws.extensions !== '') return false
  if (ws.readyState !== ws.OPEN) return true
  const bytes = framedTurn(answer, streamId)
  if (ws.bufferedAmount < HIGH_WATER_BYTES) {
    socket.write(bytes)
    return true
  }
  return new Promise<void>((resolve) => socket.write(bytes, () => resolve()))
}

/**
 * The frames of a turn as one Buffer of unmasked WebSocket text frames, computed once per answer
 * and `stream_id`. With a `stream_id`, every JSON frame carries it (the lane echo).
 *
 * @example
 * framedTurn(answer, 'lane-a') // <Buffer 81 7e 01 2c 7b 22 74 79 70 65 22 …>
 */
export function framedTurn(answer: PreparedAnswer, streamId: string | undefined): Buffer {
  let variants = framed.get(answer)
  if (variants === undefined) {
    variants = { lanes: new Map() }
    framed.set(answer, variants)
  }
  if (streamId === undefined) return (variants.plain ??= frameAll(answer, undefined))
  let bytes = variants.lanes.get(streamId)
  if (bytes === undefined) {
    bytes = frameAll(answer, streamId)
    if (variants.lanes.size >= MAX_LANE_VARIANTS) variants.lanes.clear()
    variants.lanes.set(streamId, bytes)
  }
  return bytes
}

/**
 * One unmasked, final text frame (RFC 6455 §5.2), as a server sends it.
 *
 * @example
 * encodeTextFrame(Buffer.from('hi')) // <Buffer 81 02 68 69>
 */
export function encodeTextFrame(payload: Buffer): Buffer {
  const length = payload.length
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10
  const frame = Buffer.allocUnsafe(headerLength + length)
  frame[0] = 0x81
  if (length < 126) {
    frame[1] = length
  } else if (length < 65536) {
    frame[1] = 126
    frame.writeUInt16BE(length, 2)
  } else {
    frame[1] = 127
    frame.writeBigUInt64BE(BigInt(length), 2)
  }
  payload.copy(frame, headerLength)
  return frame
}

function frameAll(answer: PreparedAnswer, streamId: string | undefined): Buffer {
  // The same text the frame-by-frame path sends (session.ts `play`).
  const frames = answer.frames.map((frame) => encodeTextFrame(Buffer.from(frameText(frame, streamId), 'utf8')))
  return Buffer.concat(frames)
}
