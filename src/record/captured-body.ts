/**
 * A forwarded response body as a cassette stores it, from the raw chunks the forwarder kept
 * (still encoded, with their arrival offsets): `content-encoding` (gzip, deflate, br) decoded,
 * then server-sent events parsed with the offset of the chunk that completed each one, or the
 * decoded bytes collected. The client got the raw bytes; the cassette holds readable ones.
 *
 * Runs after the exchange is over, on the recording worker when there is one, so none of it
 * delays the bytes the client is waiting for.
 * @module
 */
import type { Transform } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { SseEvent } from '../cassette/model.js'
import { createSseParser, toSseEvent } from '../protocol/sse-codec.js'

/** One raw chunk of a body and when it arrived (milliseconds since the request started). */
export interface TimedChunk {
  bytes: Uint8Array
  at: number
}

/** What a body became. */
export type CapturedBody =
  | { kind: 'sse'; events: SseEvent[]; truncated: boolean; notes: string[] }
  | { kind: 'bytes'; bytes: Buffer; notes: string[] }

/** How to read a body. */
export interface CapturedBodyOptions {
  /** Parse as SSE (`text/event-stream`) or keep bytes. */
  sse: boolean
  /** The `content-encoding` header, if any. */
  contentEncoding?: string
}

/**
 * Decode and parse a body from its raw chunks; `complete` is false when it broke off.
 *
 * @example
 * const body = await decodeCapturedBody({ sse: true }, [{ bytes: Buffer.from('data: {"a":1}\n\n'), at: 12 }], true)
 * // { kind: 'sse', events: [{ at: 12, data: { a: 1 } }], truncated: false, notes: [] }
 */
export async function decodeCapturedBody(
  options: CapturedBodyOptions,
  chunks: readonly TimedChunk[],
  complete: boolean,
): Promise<CapturedBody> {
  const notes: string[] = []
  const sink = options.sse ? sseSink() : bytesSink()
  const decoder = createDecoder(options.contentEncoding, notes)
  if (decoder === undefined) {
    for (const chunk of chunks) sink.write(chunk.bytes, chunk.at)
    return sink.finish(complete, notes)
  }
  const decoded = await decodeEach(decoder, chunks, sink)
  if (!decoded.ok) notes.push(`Failed to decode the ${options.contentEncoding} body: ${decoded.message}.`)
  return sink.finish(complete && decoded.ok, notes)
}

interface Sink {
  write(chunk: Uint8Array, at: number): void
  finish(complete: boolean, notes: string[]): CapturedBody
}

function sseSink(): Sink {
  const events: SseEvent[] = []
  const text = new TextDecoder('utf-8')
  let at = 0
  const parser = createSseParser((message) => events.push(toSseEvent(message, at)))
  return {
    write(chunk, chunkAt) {
      at = chunkAt
      parser.push(text.decode(chunk, { stream: true }))
    },
    finish(complete, notes) {
      parser.push(text.decode())
      const tail = parser.pending()
      const unterminated = tail.trim() !== ''
      if (unterminated) notes.push(`The stream ended inside an event; its partial text was: ${tail.trim()}`)
      return { kind: 'sse', events, truncated: !complete || unterminated, notes }
    },
  }
}

function bytesSink(): Sink {
  const chunks: Uint8Array[] = []
  return {
    write(chunk) {
      chunks.push(chunk)
    },
    finish(complete, notes) {
      if (!complete) notes.push('The upstream closed the connection before the body was complete.')
      return { kind: 'bytes', bytes: Buffer.concat(chunks), notes }
    },
  }
}

function createDecoder(encoding: string | undefined, notes: string[]): Transform | undefined {
  const name = (encoding ?? '').trim().toLowerCase()
  if (name === '' || name === 'identity') return undefined
  if (name === 'gzip' || name === 'x-gzip') return createGunzip()
  if (name === 'deflate') return createInflate()
  if (name === 'br') return createBrotliDecompress()
  notes.push(`The body uses content-encoding "${name}", which tapedeck cannot decode; it is stored as received.`)
  return undefined
}

/**
 * Feed the decoder one chunk at a time, waiting for each to be consumed, so that decoded text
 * is timed by the raw chunk it came from.
 */
function decodeEach(
  decoder: Transform,
  chunks: readonly TimedChunk[],
  sink: Sink,
): Promise<{ ok: true } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    let at = 0
    let failed = false
    decoder.on('data', (decoded: Buffer) => sink.write(decoded, at))
    decoder.once('error', (error: Error) => {
      failed = true
      resolve({ ok: false, message: error.message })
    })
    decoder.once('end', () => resolve({ ok: true }))
    const feed = (index: number) => {
      if (failed) return
      const chunk = chunks[index]
      if (chunk === undefined) return void decoder.end()
      at = chunk.at
      decoder.write(chunk.bytes, () => feed(index + 1))
    }
    feed(0)
  })
}
