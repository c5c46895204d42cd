/**
 * Reads a request body into one Buffer, up to a size limit.
 * @module
 */
import type { IncomingMessage } from 'node:http'

/** A body that fit, or the news that it did not. */
export type ReadBodyResult = { kind: 'body'; body: Buffer } | { kind: 'too_large'; limit: number }

/**
 * Collect the request body and call `done` with it. A body over `limit` bytes is drained (so
 * the client can read the answer instead of seeing its upload cut) and reported as
 * `too_large`. A client that goes away mid-upload gets no call: nobody is left to answer.
 * Callbacks rather than a promise because this runs on every replayed request, and the promise
 * and its microtask showed in profiles.
 *
 * @example
 * collectRequestBody(req, 32 * 1024 * 1024, (result) => {
 *   if (result.kind === 'too_large') send413()
 *   else answer(result.body)
 * })
 */
export function collectRequestBody(
  request: IncomingMessage,
  limit: number,
  done: (result: ReadBodyResult) => void,
): void {
  const declared = Number(request.headers['content-length'])
  let tooLarge = Number.isFinite(declared) && declared > limit
  let first: Buffer | undefined
  let chunks: Buffer[] | undefined
  let size = 0
  request.on('data', (chunk: Buffer) => {
    if (tooLarge) return
    size += chunk.length
    if (size > limit) {
      tooLarge = true
      first = undefined
      chunks = undefined
    } else if (first === undefined) first = chunk
    else (chunks ??= [first]).push(chunk)
  })
  request.on('end', () => {
    if (tooLarge) done({ kind: 'too_large', limit })
    else done({ kind: 'body', body: chunks !== undefined ? Buffer.concat(chunks) : (first ?? EMPTY) })
  })
  // An aborted upload needs no answer (nobody is left to read it) and must never crash the server.
  request.on('error', ignore)
}

/**
 * {@link collectRequestBody} as a promise, for routes off the hot path. Rejects when the client
 * goes away before the body ends.
 *
 * @example
 * const result = await readRequestBody(req, 64 * 1024)
 */
export function readRequestBody(request: IncomingMessage, limit: number): Promise<ReadBodyResult> {
  return new Promise((resolve, reject) => {
    collectRequestBody(request, limit, resolve)
    request.once('close', () => {
      if (!request.complete) reject(new Error('The client went away before the request body ended'))
    })
  })
}

const EMPTY = Buffer.alloc(0)

function ignore(): void {}
