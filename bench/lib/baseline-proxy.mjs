/**
 * W4's reference forwarder: a bare `node:http` server forwarding through `http-proxy` as
 * tapedeck does (keep-alive agent, body read first and replayed, response piped), with nothing
 * else: no capture, no recording. What it adds to time to first byte is the cost of the proxy
 * hop itself on this machine, which no forwarding proxy avoids.
 */
import http from 'node:http'
import { Readable } from 'node:stream'
import httpProxy from 'http-proxy'

/**
 * Create (not start) the reference forwarder.
 *
 * @example
 * const server = createBaselineProxy({ upstream: 'http://127.0.0.1:4000' })
 * server.listen(0, '127.0.0.1')
 */
export function createBaselineProxy({ upstream }) {
  const agent = new http.Agent({ keepAlive: true })
  const proxy = httpProxy.createProxyServer({ changeOrigin: true, selfHandleResponse: true, agent })
  proxy.on('proxyRes', (proxyRes, req, res) => {
    for (const [name, value] of Object.entries(proxyRes.headers)) {
      if (value !== undefined && name !== 'connection' && name !== 'transfer-encoding' && name !== 'keep-alive') res.setHeader(name, value)
    }
    res.writeHead(proxyRes.statusCode ?? 502)
    res.flushHeaders()
    proxyRes.pipe(res)
  })
  return http.createServer((req, res) => {
    const chunks = []
    req.on('data', (chunk) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      proxy.web(req, res, { target: upstream, buffer: Readable.from([body]) }, () => res.destroy())
    })
  })
}
