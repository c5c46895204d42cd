/**
 * The mode machine against the fake upstream: what `record`, `auto`, `passthrough` and `replay`
 * (with `onMiss: 'proxy'`) send upstream, replay, and write to the cassette.
 */
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isTapedeckError } from '../../src/errors.js'
import { startTapedeck } from '../../src/server/create-server.js'
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js'
import { openWsSession, readCassette, sdkClient, tempFolder } from './record-support.js'

let fake: FakeOpenAI
let folder: Awaited<ReturnType<typeof tempFolder>>
let cassetteCount = 0

beforeAll(async () => {
  fake = await startFakeOpenAI()
  folder = await tempFolder()
})
afterAll(async () => {
  await fake.close()
  await folder.cleanup()
})
beforeEach(() => fake.reset())

function newCassettePath(): string {
  return join(folder.path, `cassette-${++cassetteCount}.yaml`)
}

/** Record `inputs` (Responses JSON) into `file` in record mode. */
async function recordResponses(file: string, inputs: string[]): Promise<string[]> {
  const recorder = await startTapedeck({ mode: 'record', cassette: file, upstream: fake.url })
  try {
    const client = sdkClient(recorder.baseURL)
    const ids: string[] = []
    for (const input of inputs) ids.push((await client.responses.create({ model: 'gpt-5.5', input })).id)
    return ids
  } finally {
    await recorder.close()
  }
}

function inputsOf(cassette: Awaited<ReturnType<typeof readCassette>>): unknown[] {
  return cassette.interactions.map((interaction) =>
    interaction.transport === 'websocket' ? interaction.turns.map((turn) => turn.client.data) : (interaction.request.body as { input?: unknown }).input,
  )
}

describe('record mode', () => {
  it("replaces the cassette's interactions, keeping its name, match, rules and meta", async () => {
    const file = newCassettePath()
    await writeFile(
      file,
      [
        'version: 1',
        'name: checkout flow',
        'meta:',
        '  owner: payments-team',
        '  recorded_with: something else',
        'match:',
        '  ignore:',
        '    - /metadata',
        'rules:',
        '  - match: { input_contains: never-sent }',
        '    reply: { text: hand-written }',
        'interactions:',
        '  - transport: http',
        '    request: { method: POST, path: /v1/responses, body: { model: gpt-5.5, input: old } }',
        '    response: { status: 200, body: { id: resp_old } }',
        '',
      ].join('\n'),
    )
    await recordResponses(file, ['first new', 'second new'])
    const cassette = await readCassette(file)
    expect(inputsOf(cassette)).toEqual(['first new', 'second new'])
    expect(cassette.name).toBe('checkout flow')
    expect(cassette.match).toEqual({ ignore: ['/metadata'] })
    expect(cassette.rules).toHaveLength(1)
    expect(cassette.meta).toMatchObject({ owner: 'payments-team', recorded_with: 'tapedeck' })
    expect(fake.requests).toHaveLength(2)
  })

  it('sends every request upstream, even ones the cassette could answer', async () => {
    const file = newCassettePath()
    await recordResponses(file, ['same question'])
    fake.reset()
    const ids = await recordResponses(file, ['same question', 'same question'])
    expect(fake.requests.map((request) => request.path)).toEqual(['/v1/responses', '/v1/responses'])
    expect(new Set(ids).size).toBe(2)
    expect(inputsOf(await readCassette(file))).toEqual(['same question', 'same question'])
  })

  it('forwards what tapedeck would answer itself (the model list, a body that is not JSON) and records it', async () => {
    const file = newCassettePath()
    const recorder = await startTapedeck({ mode: 'record', cassette: file, upstream: fake.url })
    const models = await sdkClient(recorder.baseURL).models.list()
    const broken = await fetch(`${recorder.baseURL}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"input": "not closed',
    })
    await recorder.close()
    expect(models.data.map((model) => model.id)).toEqual(['gpt-fake'])
    expect(broken.status).toBe(200)
    expect(fake.requests.map((request) => request.rawBody)).toEqual(['', '{"input": "not closed'])
    const interactions = (await readCassette(file)).interactions
    expect(interactions.map((interaction) => interaction.transport === 'http' && [interaction.request.method, interaction.request.path])).toEqual([
      ['GET', '/v1/models'],
      ['POST', '/v1/embeddings'],
    ])
  })

  it('leaves the file untouched when the run records nothing', async () => {
    const file = newCassettePath()
    const text = '# hand-written\nversion: 1\ninteractions: []\n'
    await writeFile(file, text)
    const recorder = await startTapedeck({ mode: 'record', cassette: file, upstream: fake.url })
    await recorder.close()
    expect(await readFile(file, 'utf8')).toBe(text)
  })

  it('refuses to start without a cassette to record into', async () => {
    for (const mode of ['record', 'auto'] as const) {
      const failure = await startTapedeck({ mode, scenarios: folder.path }).catch((error: unknown) => error)
      expect(isTapedeckError(failure) && failure.code).toBe('TAPEDECK_OPTIONS_INVALID')
      expect((failure as Error).message).toContain(`Failed to start in mode "${mode}": there is no cassette to record into`)
    }
  })
})

describe('auto mode', () => {
  it('replays what matches, forwards and appends what does not, keeping comments', async () => {
    const file = newCassettePath()
    const [recordedId] = await recordResponses(file, ['known question'])
    const original = await readFile(file, 'utf8')
    await writeFile(file, original.replace('interactions:', '# kept by hand\ninteractions:  # the list'))
    fake.reset()

    const auto = await startTapedeck({ mode: 'auto', cassette: file, upstream: fake.url })
    const client = sdkClient(auto.baseURL)
    const replayed = await client.responses.create({ model: 'gpt-5.5', input: 'known question' })
    expect(fake.requests).toHaveLength(0)
    const first = await client.responses.create({ model: 'gpt-5.5', input: 'new question' })
    const second = await client.responses.create({ model: 'gpt-5.5', input: 'new question' })
    await auto.close()

    expect(replayed.id).toBe(recordedId)
    expect(fake.requests.map((request) => (request.body as { input: string }).input)).toEqual(['new question', 'new question'])
    expect(auto.stats()).toMatchObject({ hits: 1, misses: 2, forwarded: 2, recorded: 2 })
    const text = await readFile(file, 'utf8')
    expect(text).toContain('# kept by hand\ninteractions:  # the list')
    expect(inputsOf(await readCassette(file))).toEqual(['known question', 'new question', 'new question'])

    // Identical requests recorded in one run replay in the order they were recorded.
    fake.reset()
    const replay = await startTapedeck({ mode: 'replay', cassette: file })
    const again = sdkClient(replay.baseURL)
    await again.responses.create({ model: 'gpt-5.5', input: 'known question' })
    const replayedIds = [
      (await again.responses.create({ model: 'gpt-5.5', input: 'new question' })).id,
      (await again.responses.create({ model: 'gpt-5.5', input: 'new question' })).id,
    ]
    await replay.close()
    expect(replayedIds).toEqual([first.id, second.id])
  })

  it('creates a missing cassette on the first recording', async () => {
    const file = newCassettePath()
    const auto = await startTapedeck({ mode: 'auto', cassette: file, upstream: fake.url })
    expect(auto.recording).toEqual({ file, interactions: 0 })
    await sdkClient(auto.baseURL).responses.create({ model: 'gpt-5.5', input: 'hello' })
    await auto.close()
    const cassette = await readCassette(file)
    expect(cassette.meta?.recorded_with).toBe('tapedeck')
    expect(inputsOf(cassette)).toEqual(['hello'])
  })

  it('replays a WebSocket connection whose first create matches, and relays and records one whose first does not', async () => {
    const file = newCassettePath()
    const create = (input: string, previous?: string) => ({
      type: 'response.create' as const,
      model: 'gpt-5.5',
      store: false,
      input,
      ...(previous === undefined ? {} : { previous_response_id: previous }),
    })
    const lastId = (events: Array<{ type: string }>) => (events.at(-1) as unknown as { response: { id: string } }).response.id

    // First run: nothing recorded, so the connection goes upstream whole and is recorded.
    const auto = await startTapedeck({ mode: 'auto', cassette: file, upstream: fake.url })
    const session = openWsSession(sdkClient(auto.baseURL))
    const live1 = await session.turn(create('hello over ws'))
    const live2 = await session.turn(create('and a follow-up', lastId(live1)))
    await session.close()
    await auto.close()
    expect(fake.wsConnections).toBe(1)
    expect(auto.stats()).toMatchObject({ misses: 1, forwarded: 1, recorded: 1 })

    // Second run: the first create matches, so the whole connection replays.
    fake.reset()
    const again = await startTapedeck({ mode: 'auto', cassette: file, upstream: fake.url })
    const replaySession = openWsSession(sdkClient(again.baseURL))
    const replayed1 = await replaySession.turn(create('hello over ws'))
    const replayed2 = await replaySession.turn(create('and a follow-up', lastId(replayed1)))
    await replaySession.close()

    // A connection whose first create is new goes upstream, including the turns that would replay.
    const mixed = openWsSession(sdkClient(again.baseURL))
    const fresh = await mixed.turn(create('something new'))
    await mixed.turn(create('hello over ws'))
    await mixed.close()
    await again.close()

    expect(replayed1).toEqual(live1)
    expect(replayed2).toEqual(live2)
    expect(fresh.at(-1)?.type).toBe('response.completed')
    expect(fake.wsConnections).toBe(1)
    expect(fake.requests.filter((request) => request.kind === 'ws-frame').map((request) => (request.body as { input: string }).input)).toEqual([
      'something new',
      'hello over ws',
    ])
    expect(inputsOf(await readCassette(file))).toEqual([
      [create('hello over ws'), create('and a follow-up', lastId(live1))],
      [create('something new'), create('hello over ws')],
    ])
  })
})

describe('passthrough and on-miss proxy', () => {
  it('passthrough forwards everything and writes nothing', async () => {
    const file = newCassettePath()
    const passthrough = await startTapedeck({ mode: 'passthrough', cassette: file, upstream: fake.url })
    const client = sdkClient(passthrough.baseURL)
    const response = await client.responses.create({ model: 'gpt-5.5', input: 'just passing' })
    const session = openWsSession(client)
    const events = await session.turn({ type: 'response.create', model: 'gpt-5.5', input: 'ws passing' })
    await session.close()
    await passthrough.close()
    expect(response.output_text).toBe('You said: just passing')
    expect(events.at(-1)?.type).toBe('response.completed')
    expect(passthrough.stats()).toMatchObject({ forwarded: 2, recorded: 0 })
    expect(passthrough.recording).toBeUndefined()
    expect(existsSync(file)).toBe(false)
  })

  it('replay with onMiss proxy replays hits and forwards misses without recording them', async () => {
    const file = newCassettePath()
    const [recordedId] = await recordResponses(file, ['recorded'])
    const before = await readFile(file, 'utf8')
    fake.reset()
    const replay = await startTapedeck({ mode: 'replay', onMiss: 'proxy', cassette: file, upstream: fake.url })
    const client = sdkClient(replay.baseURL)
    const hit = await client.responses.create({ model: 'gpt-5.5', input: 'recorded' })
    const miss = await client.responses.create({ model: 'gpt-5.5', input: 'not recorded' })
    await replay.close()
    expect(hit.id).toBe(recordedId)
    expect(miss.output_text).toBe('You said: not recorded')
    expect(fake.requests).toHaveLength(1)
    expect(replay.stats()).toMatchObject({ hits: 1, misses: 1, forwarded: 1, recorded: 0 })
    expect(await readFile(file, 'utf8')).toBe(before)
  })

  it('strict replay never contacts the upstream and reports no upstream', async () => {
    const file = newCassettePath()
    await recordResponses(file, ['recorded'])
    fake.reset()
    const replay = await startTapedeck({ mode: 'replay', cassette: file, upstream: fake.url })
    const failure = await sdkClient(replay.baseURL)
      .responses.create({ model: 'gpt-5.5', input: 'not recorded' })
      .catch((error: unknown) => error)
    await replay.close()
    expect((failure as { status?: number }).status).toBe(404)
    expect(fake.requests).toHaveLength(0)
    expect(replay.upstream).toBeUndefined()
    expect(replay.stats().forwarded).toBeUndefined()
  })
})
