import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import { fixturePath, httpInteraction, openaiFor } from './replay-support.js'

let tapedeck: RunningTapedeck

beforeAll(async () => {
  tapedeck = await startTapedeck({ cassette: fixturePath('generic-endpoints') })
})

afterAll(async () => {
  await tapedeck.close()
})

describe('replaying generic /v1 routes', () => {
  it('replays embeddings matched by method, path and body', async () => {
    const embedding = await openaiFor(tapedeck).embeddings.create({ model: 'text-embedding-3-small', input: 'tapedeck', encoding_format: 'float' })
    expect(embedding).toEqual(httpInteraction('generic-endpoints', 0).response.body)
  })

  it('matches the query string of a GET', async () => {
    const path = '/v1/responses/resp_2c3d4e5f60718293a4b5c6d7e8f90a1b'
    const hit = await fetch(`${tapedeck.url}${path}?include%5B%5D=message.output_text.logprobs`, { headers: { 'x-tapedeck-scope': 'query-hit' } })
    expect(hit.status).toBe(200)
    expect(await hit.json()).toEqual(httpInteraction('generic-endpoints', 1).response.body)

    const miss = await fetch(`${tapedeck.url}${path}`, { headers: { 'x-tapedeck-scope': 'query-miss' } })
    expect(miss.status).toBe(404)
    const { error } = (await miss.json()) as { error: { message: string } }
    expect(error.message).toContain('?include[]: recorded "message.output_text.logprobs" vs received (absent)')
  })

  it('replays a recorded GET /v1/models instead of listing the models of the cassettes', async () => {
    const models = await openaiFor(tapedeck).models.list()
    expect(models.data).toEqual([{ id: 'gpt-5.5', object: 'model', created: 1763000000, owned_by: 'system' }])
  })
})
