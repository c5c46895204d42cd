import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeCapturedBody, type TimedChunk } from '../../../src/record/captured-body.js'

const at0 = (...parts: Buffer[]): TimedChunk[] => parts.map((bytes) => ({ bytes, at: 0 }))

describe('decodeCapturedBody', () => {
  it('parses SSE across chunk boundaries with the arrival offset of the completing chunk', async () => {
    const body = await decodeCapturedBody(
      { sse: true },
      [
        { bytes: Buffer.from('event: a\ndata: {"x"'), at: 0 },
        { bytes: Buffer.from(':1}\n\n: keep-alive\n\ndata: [DONE]\n\n'), at: 5 },
      ],
      true,
    )
    expect(body).toEqual({
      kind: 'sse',
      events: [
        { at: 5, event: 'a', data: { x: 1 } },
        { at: 5, comment: 'keep-alive' },
        { at: 5, raw_data: '[DONE]' },
      ],
      truncated: false,
      notes: [],
    })
  })

  it('marks a stream truncated when it breaks off or ends inside an event', async () => {
    const cut = await decodeCapturedBody({ sse: true }, at0(Buffer.from('data: {"a":1}\n\n')), false)
    expect(cut).toMatchObject({ truncated: true, events: [{ data: { a: 1 } }] })

    const partial = await decodeCapturedBody({ sse: true }, at0(Buffer.from('data: {"a":1}\n\ndata: {"b"')), true)
    expect(partial).toMatchObject({ truncated: true, events: [{ data: { a: 1 } }] })
    expect(partial.notes[0]).toContain('data: {"b"')
  })

  it('decodes gzip for storage', async () => {
    const zipped = gzipSync(Buffer.from('{"hello":"world"}'))
    const body = await decodeCapturedBody({ sse: false, contentEncoding: 'gzip' }, at0(zipped.subarray(0, 7), zipped.subarray(7)), true)
    expect(body.kind === 'bytes' && body.bytes.toString('utf8')).toBe('{"hello":"world"}')
  })

  it('times each event of a compressed stream by the raw chunk that completed it', async () => {
    const first = 'data: {"n":1}\n\n'
    const zipped = gzipSync(Buffer.from(`${first}data: {"n":2}\n\n`))
    // Split the compressed bytes where the decoder can already produce the first event.
    const events = []
    for (let cut = 1; cut < zipped.length; cut++) {
      const body = await decodeCapturedBody(
        { sse: true, contentEncoding: 'gzip' },
        [
          { bytes: zipped.subarray(0, cut), at: 3 },
          { bytes: zipped.subarray(cut), at: 9 },
        ],
        true,
      )
      events.push(body.kind === 'sse' ? body.events.map((event) => event.at) : [])
    }
    // Every split yields both events, each at a chunk's offset, in order; and the last split
    // (one byte left for the second chunk) has the first event decoded from the first chunk.
    for (const times of events) expect(times.length === 2 && times.every((t) => t === 3 || t === 9) && times[0]! <= times[1]!).toBe(true)
    expect(events).toContainEqual([9, 9])
    expect(events.some((times) => times[0] === 3)).toBe(true)
  })

  it('keeps multi-byte characters split across chunks intact', async () => {
    const bytes = Buffer.from('data: {"t":"é✓"}\n\n')
    const body = await decodeCapturedBody({ sse: true }, at0(bytes.subarray(0, 14), bytes.subarray(14)), true)
    expect(body).toMatchObject({ events: [{ data: { t: 'é✓' } }] })
  })

  it('notes an encoding it cannot decode and keeps the bytes', async () => {
    const body = await decodeCapturedBody({ sse: false, contentEncoding: 'zstd' }, at0(Buffer.from([1, 2, 3])), true)
    expect(body.kind === 'bytes' && [...body.bytes]).toEqual([1, 2, 3])
    expect(body.notes[0]).toContain('zstd')
  })

  it('notes a body that fails to decode, and marks the stream truncated', async () => {
    const body = await decodeCapturedBody({ sse: true, contentEncoding: 'gzip' }, at0(Buffer.from('not gzip at all')), true)
    expect(body).toMatchObject({ kind: 'sse', truncated: true })
    expect(body.notes[0]).toMatch(/^Failed to decode the gzip body: /)
  })
})
