/**
 * Scopes in one shared server, driven over the admin API as the Vitest helper (or any other
 * runner) drives it: each scope records into and replays from its own cassette, with its own
 * order counters, named by the `x-tapedeck-scope` header or by a path prefix, over HTTP and
 * Responses WebSocket mode.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import type { ScopeReport } from '../../src/server/scopes/scope-report.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { openWsSession, readCassette, tempFolder } from './record-support.js'

let fake: FakeOpenAI
let folder: Awaited<ReturnType<typeof tempFolder>>
let tapedeck: RunningTapedeck

beforeAll(async () => {
  fake = await startFakeOpenAI()
  folder = await tempFolder()
  tapedeck = await startTapedeck({ upstream: fake.url, record: { flushIntervalMs: 0 } })
})
afterAll(async () => {
  await tapedeck.close()
  await fake.close()
  await folder.cleanup()
})
beforeEach(() => fake.reset())

interface AdminAnswer {
  status: number
  body: unknown
}

async function admin(method: 'PUT' | 'GET' | 'DELETE', scope: string, body?: unknown): Promise<AdminAnswer> {
  const response = await fetch(`${tapedeck.url}/__tapedeck/scopes/${encodeURIComponent(scope)}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
  return { status: response.status, body: await response.json() }
}

async function bind(scope: string, cassette: string, mode: string): Promise<void> {
  const answer = await admin('PUT', scope, { cassette, mode })
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
}

async function unbind(scope: string): Promise<ScopeReport> {
  const answer = await admin('DELETE', scope)
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  return answer.body as ScopeReport
}

/** A client whose base URL carries the scope, for SDKs that can only change the base URL. */
function prefixedClient(scope: string): OpenAI {
  return new OpenAI({ baseURL: `${tapedeck.url}/__tapedeck/scopes/${scope}/v1`, apiKey: 'sk-test', maxRetries: 0 })
}

/** A client that names its scope in the header. */
function headerClient(scope: string): OpenAI {
  return new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0, defaultHeaders: { 'x-tapedeck-scope': scope } })
}

async function ask(client: OpenAI, input: string): Promise<string> {
  return (await client.responses.create({ model: 'gpt-5.5', input })).id
}

describe('scopes of a shared server', () => {
  it('records each scope into its own cassette, then replays each from it with its own order counters', async () => {
    const first = join(folder.path, 'first', 'same-question.yaml')
    const second = join(folder.path, 'second.yaml')
    await Promise.all([bind('first', first, 'record'), bind('second', second, 'record')])
    // The same question, twice in each scope, at the same time.
    const [recordedFirst, recordedSecond] = await Promise.all([
      (async () => [await ask(headerClient('first'), 'Same question'), await ask(headerClient('first'), 'Same question')])(),
      (async () => [await ask(prefixedClient('second'), 'Same question'), await ask(prefixedClient('second'), 'Same question')])(),
    ])
    const [firstReport, secondReport] = await Promise.all([unbind('first'), unbind('second')])
    expect(firstReport).toMatchObject({ scope: 'first', mode: 'record', cassette: first, recorded: 2, forwarded: 2 })
    expect(secondReport).toMatchObject({ scope: 'second', mode: 'record', cassette: second, recorded: 2, forwarded: 2 })
    expect(fake.requests).toHaveLength(4)
    // The upstream never sees the scope header.
    expect(fake.requests.every((request) => request.headers['x-tapedeck-scope'] === undefined)).toBe(true)
    expect((await readCassette(first)).interactions).toHaveLength(2)
    expect((await readCassette(second)).interactions).toHaveLength(2)
    expect(new Set([...recordedFirst, ...recordedSecond]).size).toBe(4)

    fake.reset()
    await Promise.all([bind('first', first, 'replay'), bind('second', second, 'replay')])
    const [replayedSecond, replayedFirst] = await Promise.all([
      (async () => [await ask(headerClient('second'), 'Same question'), await ask(prefixedClient('second'), 'Same question')])(),
      (async () => [await ask(prefixedClient('first'), 'Same question'), await ask(headerClient('first'), 'Same question')])(),
    ])
    expect(replayedFirst).toEqual(recordedFirst)
    expect(replayedSecond).toEqual(recordedSecond)
    const report = await unbind('first')
    expect(report).toMatchObject({ hits: 2, misses: 0, recorded: 0, unused: [], missed: [] })
    await unbind('second')
    expect(fake.requests).toHaveLength(0)
  })

  it('serves requests without a scope, or with an unbound one, from the default context', async () => {
    const file = join(folder.path, 'bound.yaml')
    await bind('bound', file, 'record')
    await ask(headerClient('bound'), 'Only for the bound scope')
    await unbind('bound')
    fake.reset()
    await bind('bound', file, 'replay')
    // The default context replays nothing here, so both miss, and nothing goes upstream.
    const unscoped = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0 })
    await expect(ask(unscoped, 'Only for the bound scope')).rejects.toMatchObject({ status: 404, code: 'tapedeck_replay_no_match' })
    await expect(ask(headerClient('not-bound'), 'Only for the bound scope')).rejects.toMatchObject({ status: 404 })
    await expect(ask(headerClient('bound'), 'Only for the bound scope')).resolves.toMatch(/^resp_/)
    await unbind('bound')
    expect(fake.requests).toHaveLength(0)
  })

  it('reports unused recordings and explains misses, and a missing cassette replays as an empty one', async () => {
    const file = join(folder.path, 'report.yaml')
    await bind('report', file, 'record')
    await ask(headerClient('report'), 'Used later')
    await ask(headerClient('report'), 'Never asked again')
    await unbind('report')

    await bind('report', file, 'replay')
    await ask(headerClient('report'), 'Used later')
    await expect(ask(headerClient('report'), 'Something new')).rejects.toMatchObject({ status: 404 })
    const live = await admin('GET', 'report')
    expect(live.body).toMatchObject({ hits: 1, misses: 1 })
    const report = await unbind('report')
    expect(report.unused).toEqual([`POST /v1/responses (http): interaction 1 of "${file}"`])
    expect(report.missed).toHaveLength(1)
    expect(report.missed[0]).toContain('Something new')

    const missing = join(folder.path, 'never-recorded.yaml')
    await bind('missing', missing, 'replay')
    const miss = await ask(headerClient('missing'), 'Anything').catch((error: unknown) => error)
    expect(miss).toBeInstanceOf(OpenAI.NotFoundError)
    expect((miss as Error).message).toContain(missing)
    expect(await unbind('missing')).toMatchObject({ hits: 0, misses: 1, unused: [] })
    expect(existsSync(missing)).toBe(false)
  })

  it('records and replays Responses WebSocket mode through the path prefix', async () => {
    const file = join(folder.path, 'socket.yaml')
    const turn = { type: 'response.create' as const, model: 'gpt-5.5', store: false, input: 'Over the socket' }
    await bind('socket', file, 'record')
    const recording = openWsSession(prefixedClient('socket'))
    const recorded = await recording.turn(turn)
    await recording.close()
    expect(await unbind('socket')).toMatchObject({ recorded: 1 })
    expect((await readCassette(file)).interactions[0]?.transport).toBe('websocket')

    fake.reset()
    await bind('socket', file, 'replay')
    const replaying = openWsSession(prefixedClient('socket'))
    const replayed = await replaying.turn(turn)
    await replaying.close()
    expect(replayed).toEqual(recorded)
    expect(await unbind('socket')).toMatchObject({ hits: 1, misses: 0 })
    expect(fake.requests).toHaveLength(0)
  })

  it('answers OpenAI-shaped errors for bad binds and unknown scopes', async () => {
    const noCassette = await admin('PUT', 'bad', { mode: 'replay' })
    expect(noCassette.status).toBe(400)
    expect(noCassette.body).toMatchObject({ error: { code: 'tapedeck_scope_invalid' } })
    const badMode = await admin('PUT', 'bad', { cassette: 'x.yaml', mode: 'sometimes' })
    expect(badMode.status).toBe(400)
    expect(badMode.body).toMatchObject({ error: { message: expect.stringContaining('"replay", "record", "auto", "passthrough"') } })
    expect((await admin('PUT', 'default', { cassette: 'x.yaml' })).status).toBe(400)
    const unknown = await admin('DELETE', 'never-bound')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ error: { code: 'tapedeck_scope_unknown' } })
    expect((await admin('GET', 'never-bound')).status).toBe(404)
  })
})
