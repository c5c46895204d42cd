/**
 * Reads a request body into one Buffer, up to a size limit.
 * @module
 */
import type { IncomingMessage } from 'node:http'

/** A body that fit, or the news that it did not. */
export type ReadBodyResult = { kind: 'body'; body: Buffer } | { kind: 'too_large'; limit: number }

/**
 * Collect the request body. A body over `limit` bytes is drained (so the client can read the
 * answer instead of seeing its upload cut) and reported as `too_large`. Rejects when the client
 * goes away mid-upload.
 *
 * @example
 * const result = await readRequestBody(req, 32 * 1024 * 1024)
 * if (result.kind === 'too_large') return send413()
 */
export function readRequestBody(request: IncomingMessage, limit: number): Promise<ReadBodyResult> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'])
    let tooLarge = Number.isFinite(declared) && declared > limit
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
        return
      }
      chunks.push(chunk)
    })
    request.once('end', () => {
      if (tooLarge) resolve({ kind: 'too_large', limit })
      else resolve({ kind: 'body', body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) })
    })
    request.once('error', reject)
    request.once('close', () => {
      if (!request.complete) reject(new Error('The client went away before the request body ended'))
    })
  })
}
