/**
 * The recording side of a forwarded response body. The client receives the upstream bytes
 * untouched; this capture receives a copy of each chunk, decodes `content-encoding` (gzip,
 * deflate, br) as it goes, and either parses server-sent events with their arrival offsets or
 * collects the decoded bytes. Cassettes therefore hold readable bodies while the client stays
 * byte-exact.
 * @module
 */
import type { Transform } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import type { SseEvent } from '../cassette/model.js'
import { createSseParser, toSseEvent } from '../protocol/sse-codec.js'

/** What a capture produced. */
export type CapturedBody =
  | { kind: 'sse'; events: SseEvent[]; truncated: boolean; notes: string[] }
  | { kind: 'bytes'; bytes: Buffer; notes: string[] }

/** A capture fed with raw upstream chunks. */
export interface BodyCapture {
  /** A raw (still encoded) chunk, as it arrived. */
  push(chunk: Buffer): void
  /** The body ended (`complete: true`) or broke off (`false`); resolves once decoding is done. */
  finish(complete: boolean): Promise<CapturedBody>
}

/** How to interpret the body. */
export interface BodyCaptureOptions {
  /** Parse as SSE (`text/event-stream`) or keep bytes. */
  sse: boolean
  /** The `content-encoding` header, if any. */
  contentEncoding?: string
  /** Milliseconds since the request started, read when decoded text arrives. */
  elapsed: () => number
}

/**
 * Create a capture.
 *
 * @example
 * const capture = createBodyCapture({ sse: true, elapsed: () => clock.now() - started })
 * proxyRes.on('data', (chunk) => capture.push(chunk))
 * const body = await capture.finish(proxyRes.complete)
 */
export function createBodyCapture(options: BodyCaptureOptions): BodyCapture {
  const notes: string[] = []
  const sink = options.sse ? sseSink(options.elapsed) : bytesSink()
  const decoder = createDecoder(options.contentEncoding, notes)
  let decodeFailed = false
  if (decoder !== undefined) {
    decoder.on('data', (chunk: Buffer) => sink.write(chunk))
    decoder.on('error', (error: Error) => {
      decodeFailed = true
      notes.push(`Failed to decode the ${options.contentEncoding} body: ${error.message}.`)
    })
  }
  return {
    push(chunk) {
      if (decoder === undefined) sink.write(chunk)
      else if (!decodeFailed) decoder.write(chunk)
    },
    async finish(complete) {
      if (decoder !== undefined && !decodeFailed) await endDecoder(decoder)
      return sink.finish(complete && !decodeFailed, notes)
    },
  }
}

interface Sink {
  write(chunk: Buffer): void
  finish(complete: boolean, notes: string[]): CapturedBody
}

/**
 * Events with their arrival offsets. Chunks are parsed in the background (one `setImmediate`
 * after they arrive, or at the end at the latest), not as they arrive: parsing a chunk in the
 * `data` handler would hold back the client's copy of it, which the HTTP response only sends
 * once the current tick is over.
 */
function sseSink(elapsed: () => number): Sink {
  const events: SseEvent[] = []
  const text = new TextDecoder('utf-8')
  let at = 0
  const parser = createSseParser((message) => events.push(toSseEvent(message, at)))
  let unparsed: Array<{ chunk: Buffer; at: number }> = []
  let scheduled: NodeJS.Immediate | undefined
  const parsePending = () => {
    scheduled = undefined
    const chunks = unparsed
    unparsed = []
    for (const piece of chunks) {
      at = piece.at
      parser.push(text.decode(piece.chunk, { stream: true }))
    }
  }
  return {
    write(chunk) {
      unparsed.push({ chunk, at: elapsed() })
      scheduled ??= setImmediate(parsePending)
    },
    finish(complete, notes) {
      clearImmediate(scheduled)
      parsePending()
      parser.push(text.decode())
      const tail = parser.pending()
      const unterminated = tail.trim() !== ''
      if (unterminated) notes.push(`The stream ended inside an event; its partial text was: ${tail.trim()}`)
      return { kind: 'sse', events, truncated: !complete || unterminated, notes }
    },
  }
}

function bytesSink(): Sink {
  const chunks: Buffer[] = []
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

function endDecoder(decoder: Transform): Promise<void> {
  return new Promise((resolve) => {
    decoder.once('end', resolve)
    decoder.once('error', () => resolve())
    decoder.end()
  })
}
