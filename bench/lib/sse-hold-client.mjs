/**
 * Slow-stream client (W6): opens `connections` concurrent streamed requests, waits until every
 * one has received its first event, reports `{ type: 'ready' }` over IPC, keeps reading until
 * told to finish, then aborts them all and reports `{ type: 'result' }`.
 *
 *   node bench/lib/sse-hold-client.mjs '{"url":"http://127.0.0.1:3000/v1/responses",
 *     "connections":1000,"body":"{...}"}'
 */
import http from 'node:http'

async function main() {
  const args = JSON.parse(process.argv[2])
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity })
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(args.body) }
  const requests = []
  let streaming = 0
  let failed = 0
  let non2xx = 0
  let ended = 0
  let bytes = 0
  const startedAt = performance.now()
  const allStreaming = new Promise((resolve) => {
    const settle = () => streaming + failed + non2xx >= args.connections && resolve()
    for (let index = 0; index < args.connections; index++) {
      const req = http.request(args.url, { method: 'POST', agent, headers })
      req.on('response', (res) => {
        if (res.statusCode !== 200) non2xx++
        let first = true
        res.on('data', (chunk) => {
          bytes += chunk.length
          if (!first) return
          first = false
          if (res.statusCode === 200) streaming++
          settle()
        })
        res.on('end', () => ended++)
        res.on('error', () => {})
      })
      req.on('error', () => {
        failed++
        settle()
      })
      req.end(args.body)
      requests.push(req)
    }
  })
  let timer
  await Promise.race([allStreaming, new Promise((resolve) => (timer = setTimeout(resolve, 60_000)))])
  clearTimeout(timer)
  process.send({ type: 'ready', streaming, failed, non2xx, openMs: Math.round(performance.now() - startedAt) })
  await new Promise((resolve) => process.on('message', (message) => message.type === 'finish' && resolve()))
  const endedBeforeFinish = ended
  for (const req of requests) req.destroy()
  process.send({ type: 'result', streaming, failed, non2xx, endedBeforeFinish, bytes }, () => process.exit(0))
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`)
  process.exit(1)
})
