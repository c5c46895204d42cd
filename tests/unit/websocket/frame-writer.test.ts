import { describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import { prepareAnswer, prepareEvents } from '../../../src/websocket/answer-frames.js'
import { encodeTextFrame, framedTurn, writeTurn } from '../../../src/websocket/frame-writer.js'
import { textEvents, turnExchange } from './support/session-harness.js'

/** Split server frames (unmasked, final, text) back into their payload texts. */
function decodeFrames(bytes: Buffer): string[] {
  const texts: string[] = []
  let offset = 0
  while (offset < bytes.length) {
    expect(bytes[offset]).toBe(0x81)
    const marker = bytes[offset + 1] ?? 0
    expect(marker & 0x80).toBe(0)
    let length = marker
    let header = 2
    if (marker === 126) {
      length = bytes.readUInt16BE(offset + 2)
      header = 4
    } else if (marker === 127) {
      length = Number(bytes.readBigUInt64BE(offset + 2))
      header = 10
    }
    texts.push(bytes.toString('utf8', offset + header, offset + header + length))
    offset += header + length
  }
  return texts
}

describe('encodeTextFrame', () => {
  it('uses the 7-bit, 16-bit and 64-bit length forms at their boundaries', () => {
    for (const [length, header] of [
      [0, 2],
      [125, 2],
      [126, 4],
      [65535, 4],
      [65536, 10],
    ] as const) {
      const payload = Buffer.alloc(length, 'a')
      const frame = encodeTextFrame(payload)
      expect(frame.length).toBe(header + length)
      expect(decodeFrames(frame)).toEqual([payload.toString('utf8')])
    }
  })
})

describe('framedTurn', () => {
  it('frames every frame of the answer, in order, as the frame-by-frame path sends them', () => {
    const events = textEvents('resp_1', 'héllo')
    const answer = prepareAnswer(turnExchange({ input: 'x' }, events))
    expect(decodeFrames(framedTurn(answer, undefined))).toEqual(events.map((event) => JSON.stringify(event)))
  })

  it('echoes a stream_id into every JSON frame, and caches each variant', () => {
    const answer = prepareEvents(textEvents('resp_2', 'a'))
    const lane = framedTurn(answer, 'lane-a')
    expect(decodeFrames(lane).map((text) => (JSON.parse(text) as { stream_id?: string }).stream_id)).toEqual(
      answer.frames.map(() => 'lane-a'),
    )
    expect(framedTurn(answer, 'lane-a')).toBe(lane)
    expect(framedTurn(answer, undefined)).toBe(framedTurn(answer, undefined))
    expect(framedTurn(answer, 'lane-b')).not.toEqual(lane)
  })
})

describe('writeTurn', () => {
  it('declines a connection whose socket it does not know, so the frames go one by one', () => {
    const answer = prepareEvents(textEvents('resp_3', 'a'))
    expect(writeTurn({} as WebSocket, answer, undefined)).toBe(false)
  })
})
