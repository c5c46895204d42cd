import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { Cassette, Interaction } from '../../../src/cassette/model.js'
import type { HttpCapture } from '../../../src/record/http-capture.js'
import { createRecordSink, type CassetteWriter } from '../../../src/record/record-sink.js'
import { createMemoryLogger } from '../../../src/util/logger.js'
import { numberedInteraction } from '../cassette/sample-cassette.js'

/** A writer that keeps what it is given, in order. */
function memoryWriter(): CassetteWriter & { calls: Array<{ kind: string; interactions: Interaction[] }>; closed: boolean } {
  const writer = {
    calls: [] as Array<{ kind: string; interactions: Interaction[] }>,
    closed: false,
    append(_file: string, interaction: Interaction) {
      writer.calls.push({ kind: 'append', interactions: [interaction] })
    },
    replace(_file: string, cassette: Cassette) {
      writer.calls.push({ kind: 'replace', interactions: cassette.interactions })
    },
    close() {
      writer.closed = true
      return Promise.resolve()
    },
  }
  return writer
}

const deferred = <T>() => {
  let resolve: (value: T) => void = () => {}
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

describe('record sink', () => {
  it('counts a recording at once and writes it in the background, in completion order', async () => {
    const writer = memoryWriter()
    const sink = createRecordSink({ writer, file: 'a.yaml', strategy: 'replace', header: { version: 1 }, check: () => [] })
    const first = deferred<Interaction | undefined>()
    const second = deferred<Interaction | undefined>()
    sink.track(first.promise)
    sink.track(second.promise)
    second.resolve(numberedInteraction(2))
    await second.promise
    expect(sink.recorded()).toBe(1)
    expect(writer.calls).toEqual([])
    first.resolve(numberedInteraction(1))
    await first.promise
    sink.record(numberedInteraction(3))
    await sink.close()
    expect(sink.recorded()).toBe(3)
    expect(writer.calls).toEqual([
      { kind: 'replace', interactions: [numberedInteraction(2)] },
      { kind: 'append', interactions: [numberedInteraction(1)] },
      { kind: 'append', interactions: [numberedInteraction(3)] },
    ])
    expect(writer.closed).toBe(true)
  })

  it('keeps the checker findings in the notes and warns once per interaction', async () => {
    const writer = memoryWriter()
    const logger = createMemoryLogger()
    const sink = createRecordSink({ writer, file: 'a.yaml', strategy: 'append', logger, check: () => ['finding'] })
    sink.record(numberedInteraction(1))
    await sink.close()
    expect(writer.calls).toEqual([{ kind: 'append', interactions: [{ ...numberedInteraction(1), notes: ['finding'] }] }])
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1)
  })

  it('does not count a recording the writer refuses, and logs why', async () => {
    const logger = createMemoryLogger()
    const writer: CassetteWriter = {
      append: () => {
        throw new Error('the store is closed')
      },
      replace: () => {},
      close: () => Promise.resolve(),
    }
    const sink = createRecordSink({ writer, file: 'a.yaml', strategy: 'append', logger, check: () => [] })
    sink.record(numberedInteraction(1))
    await sink.close()
    expect(sink.recorded()).toBe(0)
    expect(logger.lines).toEqual([expect.objectContaining({ level: 'error', message: expect.stringContaining('the store is closed') })])
  })

  it('records HTTP captures in the order they completed, even when an earlier one takes longer to decode', async () => {
    const writer = memoryWriter()
    const sink = createRecordSink({ writer, file: 'a.yaml', strategy: 'append', check: () => [] })
    const capture = (input: string, body: Buffer, contentEncoding?: string): HttpCapture => ({
      recorded_at: '2026-01-01T00:00:00.000Z',
      duration_ms: 1,
      request: { method: 'POST', path: '/v1/embeddings', body: new TextEncoder().encode(JSON.stringify({ input })), contentType: 'application/json' },
      response: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        sse: false,
        ...(contentEncoding === undefined ? {} : { contentEncoding }),
        chunks: [{ bytes: body, at: 1 }],
        complete: true,
      },
      notes: [],
    })
    // Decoding gzip takes a trip to the thread pool; the plain body after it is ready at once.
    sink.trackHttp(Promise.resolve(capture('first', gzipSync(Buffer.from('{"n":1}')), 'gzip')))
    sink.trackHttp(Promise.resolve(capture('second', Buffer.from('{"n":2}'))))
    await sink.close()
    expect(writer.calls.map((call) => call.interactions.map((interaction) => interaction.transport === 'http' && interaction.response.body))).toEqual([
      [{ n: 1 }],
      [{ n: 2 }],
    ])
  })
})
