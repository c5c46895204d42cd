import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { createBodyCapture } from '../../../src/upstream/body-capture.js'

function ticking() {
  let now = 0
  return { elapsed: () => now, advance: (ms: number) => (now += ms) }
}

describe('createBodyCapture', () => {
  it('parses SSE across chunk boundaries with the arrival offset of the completing chunk', async () => {
    const time = ticking()
    const capture = createBodyCapture({ sse: true, elapsed: time.elapsed })
    capture.push(Buffer.from('event: a\ndata: {"x"'))
    time.advance(5)
    capture.push(Buffer.from(':1}\n\n: keep-alive\n\ndata: [DONE]\n\n'))
    const body = await capture.finish(true)
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
    const cut = createBodyCapture({ sse: true, elapsed: () => 0 })
    cut.push(Buffer.from('data: {"a":1}\n\n'))
    expect(await cut.finish(false)).toMatchObject({ truncated: true, events: [{ data: { a: 1 } }] })

    const partial = createBodyCapture({ sse: true, elapsed: () => 0 })
    partial.push(Buffer.from('data: {"a":1}\n\ndata: {"b"'))
    const body = await partial.finish(true)
    expect(body).toMatchObject({ truncated: true, events: [{ data: { a: 1 } }] })
    expect(body.notes[0]).toContain('data: {"b"')
  })

  it('decodes gzip for storage', async () => {
    const capture = createBodyCapture({ sse: false, contentEncoding: 'gzip', elapsed: () => 0 })
    const zipped = gzipSync(Buffer.from('{"hello":"world"}'))
    capture.push(zipped.subarray(0, 7))
    capture.push(zipped.subarray(7))
    const body = await capture.finish(true)
    expect(body.kind === 'bytes' && body.bytes.toString('utf8')).toBe('{"hello":"world"}')
  })

  it('keeps multi-byte characters split across chunks intact', async () => {
    const capture = createBodyCapture({ sse: true, elapsed: () => 0 })
    const bytes = Buffer.from('data: {"t":"é✓"}\n\n')
    capture.push(bytes.subarray(0, 14))
    capture.push(bytes.subarray(14))
    expect(await capture.finish(true)).toMatchObject({ events: [{ data: { t: 'é✓' } }] })
  })

  it('notes an encoding it cannot decode and keeps the bytes', async () => {
    const capture = createBodyCapture({ sse: false, contentEncoding: 'zstd', elapsed: () => 0 })
    capture.push(Buffer.from([1, 2, 3]))
    const body = await capture.finish(true)
    expect(body.kind === 'bytes' && [...body.bytes]).toEqual([1, 2, 3])
    expect(body.notes[0]).toContain('zstd')
  })
})
