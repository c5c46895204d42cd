import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import { fixturePath, openaiFor } from './replay-support.js'

let tapedeck: RunningTapedeck

beforeAll(async () => {
  tapedeck = await startTapedeck({ cassette: [fixturePath('responses-text-stream'), fixturePath('chat-json')] })
})

afterAll(async () => {
  await tapedeck.close()
})

const post = (path: string, body: string | Uint8Array, contentType?: string) =>
  fetch(`${tapedeck.url}${path}`, {
    method: 'POST',
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body,
  })

async function expectProxyError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status)
  expect(response.headers.get('x-should-retry')).toBe('false')
  expect(response.headers.get('x-request-id')).toMatch(/^req_tapedeck_\d+$/)
  const body = (await response.json()) as { error: { message: string; code: string; type: string; param: null } }
  expect(body.error).toMatchObject({ code, param: null, type: expect.any(String), message: expect.any(String) })
  return body.error.message
}

const helloBody = JSON.stringify({ model: 'gpt-5.5', input: 'Say hello' })

describe('requests tapedeck cannot replay', () => {
  it('rejects a malformed JSON body with 400 invalid_json in OpenAI wording', async () => {
    const message = await expectProxyError(await post('/v1/responses', '{"model": "gpt-5.5",', 'application/json'), 400, 'invalid_json')
    expect(message).toContain('We could not parse the JSON body of your request.')
  })

  it('reads a JSON body sent with another content type, like the API does', async () => {
    const response = await post('/v1/responses', helloBody, 'text/plain')
    expect(response.status).toBe(200)
    expect(((await response.json()) as { status: string }).status).toBe('completed')
  })

  it('rejects a form-encoded body with 400, naming the content type', async () => {
    const message = await expectProxyError(await post('/v1/chat/completions', 'model=gpt-5.5', 'application/x-www-form-urlencoded'), 400, 'invalid_json')
    expect(message).toContain('application/x-www-form-urlencoded')
  })

  it('rejects a body over maxBodyBytes with 413 and keeps serving', async () => {
    const huge = JSON.stringify({ model: 'gpt-5.5', input: 'x'.repeat(2 * 1024 * 1024) })
    const small = await startTapedeck({ cassette: fixturePath('responses-text-stream'), maxBodyBytes: 1024 * 1024 })
    try {
      const message = await expectProxyError(
        await fetch(`${small.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge }),
        413,
        'request_too_large',
      )
      expect(message).toContain('larger than 1048576 bytes')
      const after = await fetch(`${small.baseURL}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: helloBody })
      expect(after.status).toBe(200)
    } finally {
      await small.close()
    }
  })

  it('accepts a 20 MB body under the default limit and explains the miss', async () => {
    const huge = JSON.stringify({ model: 'gpt-5.5', input: 'x'.repeat(20 * 1024 * 1024) })
    const message = await expectProxyError(await post('/v1/responses', huge, 'application/json'), 404, 'tapedeck_replay_no_match')
    expect(message).toContain('/input: recorded "Say hello" vs received "xxxxxxxx')
    expect(message.length).toBeLessThan(2000)
  })

  it('answers an unknown route outside /v1 with an OpenAI-shaped 404', async () => {
    const message = await expectProxyError(await fetch(`${tapedeck.url}/v2/things`), 404, 'unknown_url')
    expect(message).toContain('GET /v2/things')
  })

  it('treats an unrecorded /v1 route as a generic replay miss', async () => {
    const failure = await openaiFor(tapedeck)
      .moderations.create({ model: 'omni-moderation-latest', input: 'hello' })
      .catch((error: unknown) => error)
    expect(failure).toMatchObject({ status: 404, code: 'tapedeck_replay_no_match' })
    expect((failure as Error).message).toContain('Nothing was recorded for this endpoint; the cassettes hold: POST /v1/responses ×1, POST /v1/chat/completions ×1.')
  })

  it('answers a plain GET /v1/responses with 426 upgrade required', async () => {
    await expectProxyError(await fetch(`${tapedeck.baseURL}/responses`), 426, 'websocket_upgrade_required')
  })

  it('refuses a WebSocket upgrade on another path with a 404', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const socket = new WebSocket(`${tapedeck.baseURL.replace('http', 'ws')}/realtime`)
      socket.on('unexpected-response', (_request, response) => {
        resolve(response.statusCode)
        socket.terminate()
      })
      socket.on('open', () => reject(new Error('the upgrade was accepted')))
      socket.on('error', () => resolve(undefined))
    })
    expect(status).toBe(404)
  })
})

describe("tapedeck's own routes", () => {
  it('reports health with the mode and what was loaded', async () => {
    const response = await fetch(`${tapedeck.url}/__tapedeck/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', mode: 'replay', cassettes: 2, interactions: 2, exchanges: 2 })
  })

  it('lists the models the cassettes mention at GET /v1/models', async () => {
    const models = await openaiFor(tapedeck).models.list()
    expect(models.data.map((model) => model.id)).toEqual(['gpt-5.5', 'gpt-5.5-2026-08-07'])
    expect(models.data[0]).toEqual({ id: 'gpt-5.5', object: 'model', created: 0, owned_by: 'openai' })
  })
})
