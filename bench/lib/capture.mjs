/**
 * One-off clients the orchestrator uses to capture exactly what tapedeck sends, so the baselines
 * serve the same bytes (and to check that they do).
 */
import http from 'node:http'
import WebSocket from 'ws'

/**
 * POST a JSON body and collect the whole response.
 *
 * @example
 * const { status, headers, body } = await captureHttp('http://127.0.0.1:3000/v1/responses', '{"model":"m"}')
 */
export function captureHttp(url, body, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      timeout: timeoutMs,
    })
    req.on('response', (res) => {
      const chunks = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Open a WebSocket, send one frame, and collect the text frames up to and including the
 * terminal event (or an error frame).
 *
 * @example
 * const frames = await captureWsTurn('ws://127.0.0.1:3000/v1/responses', '{"type":"response.create"}')
 */
export function captureWsTurn(url, frame, { timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false })
    const frames = []
    const timer = setTimeout(() => {
      socket.terminate()
      reject(new Error(`Failed to capture a WebSocket turn: ${frames.length} frames after ${timeoutMs} ms`))
    }, timeoutMs)
    socket.on('open', () => socket.send(frame))
    socket.on('message', (data) => {
      const text = data.toString('utf8')
      frames.push(text)
      const type = JSON.parse(text).type
      if (type === 'error' || type === 'response.completed' || type === 'response.failed') {
        clearTimeout(timer)
        socket.close()
        resolve(frames)
      }
    })
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
  })
}

/** Headers that describe the connection, not the answer; the baselines set their own. */
const CONNECTION_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length'])

/**
 * The answer headers tapedeck sent, without connection-level ones.
 *
 * @example
 * answerHeaders({ 'content-type': 'text/event-stream', date: '...' }) // { 'content-type': 'text/event-stream' }
 */
export function answerHeaders(headers) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !CONNECTION_HEADERS.has(name)))
}
