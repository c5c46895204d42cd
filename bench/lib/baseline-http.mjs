/**
 * The HTTP baselines: bare `node:http` servers that answer every request with precomputed bytes.
 * They read and discard the request body (as any server must), then:
 * - `single`: write the whole body in one write (the baseline the targets compare against);
 * - `per-event`: write each SSE event with its own write (what a naive replayer does);
 * - `slow`: write each SSE event at its recorded offset (W6's concurrent slow streams);
 * - `express`: Express 5 `res.send()` of the single buffer (a reference point for framework cost).
 */
import http from 'node:http'

/**
 * Create (not start) a baseline server.
 *
 * @example
 * const server = await createBaselineHttp({ mode: 'single', body, headers: { 'content-type': 'text/event-stream' } })
 * server.listen(0, '127.0.0.1')
 */
export async function createBaselineHttp({ mode, body, headers, events = [], offsets = [] }) {
  const singleHeaders = { ...headers, 'content-length': String(body.length) }
  if (mode === 'express') return createExpressBaseline(body, headers)
  const handlers = {
    single: (res) => {
      res.writeHead(200, singleHeaders)
      res.end(body)
    },
    'per-event': (res) => {
      res.writeHead(200, headers)
      for (const event of events) res.write(event)
      res.end()
    },
    slow: (res) => writeSlowly(res, headers, events, offsets),
  }
  const handle = handlers[mode]
  if (handle === undefined) throw new Error(`Failed to create the HTTP baseline: unknown mode ${mode}`)
  return http.createServer((req, res) => {
    req.on('data', ignore)
    req.on('end', () => handle(res))
  })
}

/** One pending timer per stream, like a replayer pacing events would hold. */
function writeSlowly(res, headers, events, offsets) {
  res.writeHead(200, headers)
  let timer
  let index = 0
  const next = () => {
    res.write(events[index])
    index++
    if (index === events.length) res.end()
    else timer = setTimeout(next, (offsets[index] ?? 0) - (offsets[index - 1] ?? 0))
  }
  timer = setTimeout(next, offsets[0] ?? 0)
  res.on('close', () => clearTimeout(timer))
}

async function createExpressBaseline(body, headers) {
  const { default: express } = await import('express')
  const app = express()
  app.post(/.*/, (req, res) => {
    req.on('data', ignore)
    req.on('end', () => {
      res.set(headers)
      res.send(body)
    })
  })
  return http.createServer(app)
}

function ignore() {}
