/**
 * The fake OpenAI upstream of W4 (record mode). It answers `POST /v1/responses` with W1's SSE
 * bytes when the body asks for a stream and with W2's JSON bytes otherwise, as cheaply as it can
 * so that the proxy's own cost is what the comparison shows.
 *
 * With `pauseMs`, a stream sends its first `pauseAfterEvents` events, waits, then the rest: a
 * proxy that buffers the stream delivers the first byte only after the pause.
 */
import http from 'node:http'

/**
 * Create (not start) the fake upstream.
 *
 * @example
 * const server = createFakeUpstream({ sseEvents, jsonBody, pauseMs: 0 })
 * server.listen(0, '127.0.0.1')
 */
export function createFakeUpstream({ sseEvents, jsonBody, pauseMs = 0, pauseAfterEvents = 2 }) {
  const sseBody = Buffer.concat(sseEvents)
  const head = Buffer.concat(sseEvents.slice(0, pauseAfterEvents))
  const tail = Buffer.concat(sseEvents.slice(pauseAfterEvents))
  const sseHeaders = { 'content-type': 'text/event-stream; charset=utf-8', 'x-request-id': 'req_bench' }
  const jsonHeaders = {
    'content-type': 'application/json',
    'content-length': String(jsonBody.length),
    'x-request-id': 'req_bench',
  }
  return http.createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const streamed = Buffer.concat(chunks).includes('"stream":true')
      if (!streamed) {
        res.writeHead(200, jsonHeaders)
        res.end(jsonBody)
        return
      }
      // Chunked, like OpenAI's streams; still one write.
      if (pauseMs <= 0) {
        res.writeHead(200, sseHeaders)
        res.end(sseBody)
        return
      }
      res.writeHead(200, sseHeaders)
      res.write(head)
      const timer = setTimeout(() => res.end(tail), pauseMs)
      res.on('close', () => clearTimeout(timer))
    })
  })
}
