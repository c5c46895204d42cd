/**
 * No secret reaches the disk: a distinctive key travels in every place a key can (Authorization,
 * organization and project headers, the query string, request bodies, echoed back in response
 * text, SSE deltas and WebSocket frames), plus user-configured secrets (a header, a JSON pointer,
 * a pattern). After recording, no file in the cassette folder contains any of them, the upstream
 * still got the real values, and the redacted recordings still replay.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import { drain, openWsSession, sdkClient, useFakeUpstream } from './record-support.js'

const LEAK = 'sk-tapedeck-LEAKCHECK-0123456789abcdef'
const ACCOUNT = 'acct_918273'
const CUSTOMER = 'customer-SECRET-4711'
const HEADER_TOKEN = 'header-SECRET-2468'
const SECRETS = ['LEAKCHECK', ACCOUNT, CUSTOMER, HEADER_TOKEN]

const upstream = useFakeUpstream()

function leakyClient(baseURL: string): OpenAI {
  const client = sdkClient(baseURL, LEAK)
  return client.withOptions({
    organization: `org-${LEAK}`,
    project: `proj-${LEAK}`,
    defaultHeaders: { 'x-customer-token': HEADER_TOKEN },
  })
}

/** Everything the application does, each call carrying secrets; returns what it received. */
async function leakyFlows(client: OpenAI): Promise<unknown[]> {
  const text = `my key is ${LEAK} for account ${ACCOUNT}`
  const json = await client.responses.create({ model: 'gpt-5.5', input: text, metadata: { customer: CUSTOMER } })
  const sse = await drain(await client.responses.create({ model: 'gpt-5.5', input: text, stream: true }))
  const chat = await drain(
    await client.chat.completions.create({ model: 'gpt-5.5', stream: true, messages: [{ role: 'user', content: text }] }),
  )
  const models = await client.get('/models', { query: { api_key: LEAK, 'x-customer-token': HEADER_TOKEN } })
  const session = openWsSession(client)
  const ws = await session.turn({ type: 'response.create', model: 'gpt-5.5', input: text })
  await session.close()
  return [json, sse, chat, models, ws]
}

async function allFiles(path: string): Promise<string[]> {
  const names = await readdir(path, { recursive: true, withFileTypes: true })
  return names.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

describe('redaction while recording', () => {
  it('writes no secret anywhere in the cassette folder, and the recordings still replay', async () => {
    const file = join(upstream.folder.path, 'nested', 'leaky.yaml')
    const redact = {
      headers: ['x-customer-token'],
      pointers: ['/metadata/customer', '/response/metadata/customer'],
      patterns: ['acct_[0-9]+'],
    }
    const recorder = await startTapedeck({ mode: 'auto', cassette: file, upstream: upstream.fake.url, redact })
    const live = await leakyFlows(leakyClient(recorder.baseURL))
    await recorder.close()

    // The application and the upstream saw the real values: redaction is for the disk only.
    expect(JSON.stringify(live)).toContain(LEAK)
    expect(JSON.stringify(live)).toContain(ACCOUNT)
    const handshake = upstream.fake.requests.find((request) => request.kind === 'ws-handshake')
    expect(handshake?.headers['authorization']).toBe(`Bearer ${LEAK}`)
    expect(upstream.fake.requests[0]?.headers).toMatchObject({
      authorization: `Bearer ${LEAK}`,
      'openai-organization': `org-${LEAK}`,
      'openai-project': `proj-${LEAK}`,
      'x-customer-token': HEADER_TOKEN,
    })
    expect(upstream.fake.requests.find((request) => request.path === '/v1/models')?.query).toMatchObject({ api_key: LEAK })
    expect(recorder.stats()).toMatchObject({ recorded: 5 })

    const files = await allFiles(upstream.folder.path)
    expect(files).toEqual([file])
    for (const path of files) {
      const bytes = await readFile(path, 'latin1')
      for (const secret of SECRETS) expect(bytes, `${secret} in ${path}`).not.toContain(secret)
    }
    const text = await readFile(file, 'utf8')
    expect(text).toContain('<redacted:openai-key>')
    expect(text).toContain('<redacted>')

    // Requests are redacted the same way before matching, so every recording is found again.
    upstream.fake.reset()
    const replayer = await startTapedeck({ mode: 'replay', cassette: file, redact })
    await leakyFlows(leakyClient(replayer.baseURL))
    await replayer.close()
    expect(replayer.stats()).toMatchObject({ hits: 5, misses: 0, unused: 0 })
    expect(upstream.fake.requests).toHaveLength(0)
  })
})
