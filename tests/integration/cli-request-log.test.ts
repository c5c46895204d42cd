/**
 * `tapedeck serve` prints one stderr line per request (method, path, transport, outcome, status,
 * duration): a replayed HTTP request, a miss with its reason, and a Responses WebSocket turn;
 * a request recorded from the upstream; `--quiet` prints none; colour only when asked for (stderr here is a pipe, not a terminal).
 */
import OpenAI from 'openai'
import { ResponsesWS } from 'openai/resources/responses/ws'
import type { ResponsesClientEvent, ResponsesServerEvent } from 'openai/resources/responses/responses'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeOpenAI } from '../support/fake-openai.js'
import { tempFolder } from './record-support.js'
import { fixturePath } from './replay-support.js'
import { killServes, startServe } from './cli-serve-support.js'
import { recordedCreate } from './support/websocket-harness.js'

afterEach(killServes)

const cassettes = ['--cassette', fixturePath('chat-json'), '--cassette', fixturePath('ws-basic')]
const replayArgs = ['--mode', 'replay', '--port', '0', ...cassettes]

const recordedChat = {
  model: 'gpt-5.5',
  messages: [
    { role: 'system' as const, content: 'You are terse.' },
    { role: 'user' as const, content: 'Capital of France?' },
  ],
}

function client(baseURL: string): OpenAI {
  return new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0 })
}

/** One WebSocket turn through the SDK, resolved when its terminal event arrives. */
async function websocketTurn(baseURL: string): Promise<ResponsesServerEvent[]> {
  const ws = new ResponsesWS(client(baseURL))
  const events: ResponsesServerEvent[] = []
  try {
    await new Promise<void>((resolve, reject) => {
      ws.on('event', (event) => {
        events.push(event)
        if (event.type === 'response.completed' || event.type === 'response.failed') resolve()
      })
      ws.on('error', (error) => reject(new Error(String(error.message))))
      ws.send(recordedCreate('ws-basic.yaml', 0) as unknown as ResponsesClientEvent)
    })
  } finally {
    ws.close()
  }
  return events
}

const hitLine = /^\[tapedeck\] POST \/v1\/chat\/completions http +hit +200 \d+ms interaction 0 of \S*chat-json\.yaml$/m
const missLine = /^\[tapedeck\] POST \/v1\/chat\/completions http +miss +404 \d+ms no_match$/m
const turnLine = /^\[tapedeck\] GET \/v1\/responses websocket +hit +--- \d+ms interaction 0 turn 0 of \S*ws-basic\.yaml$/m

describe('per-request log lines of tapedeck serve', () => {
  it('prints one line for a hit, a miss (with its reason) and a WebSocket turn, without colour off a terminal', async () => {
    const serving = startServe(replayArgs)
    const baseURL = await serving.started

    await client(baseURL).chat.completions.create(recordedChat)
    await serving.stderrMatching(hitLine)

    await expect(
      client(baseURL).chat.completions.create({ ...recordedChat, model: 'gpt-4.1' }),
    ).rejects.toMatchObject({ status: 404 })
    await serving.stderrMatching(missLine)

    const events = await websocketTurn(baseURL)
    expect(events.at(-1)?.type).toBe('response.completed')
    await serving.stderrMatching(turnLine)

    expect(await serving.stop()).toBe(0)
    const requestLines = serving.stderr().split('\n').filter((line) => /^\[tapedeck\] (GET|POST) \/v1\//.test(line))
    expect(requestLines).toHaveLength(3)
    expect(serving.stderr()).not.toContain('\u001b[')
  })

  it('prints no request line with --quiet', async () => {
    const serving = startServe([...replayArgs, '--quiet'])
    const baseURL = await serving.started
    await client(baseURL).chat.completions.create(recordedChat)
    await websocketTurn(baseURL)
    expect(await serving.stop()).toBe(0)
    expect(serving.stderr()).not.toMatch(/\/v1\//)
  })

  it('colours the outcome when FORCE_COLOR asks for it', async () => {
    const serving = startServe(replayArgs, { env: { FORCE_COLOR: '1' } })
    const baseURL = await serving.started
    await client(baseURL).chat.completions.create(recordedChat)
    await serving.stderrMatching(/\u001b\[32mhit/)
    expect(await serving.stop()).toBe(0)
  })

  it('says "recorded" for a request forwarded upstream and written to the cassette', async () => {
    const fake = await startFakeOpenAI()
    const folder = await tempFolder()
    try {
      const file = join(folder.path, 'recorded.yaml')
      const serving = startServe(['--mode', 'record', '--port', '0', '--cassette', file, '--upstream', fake.url])
      const baseURL = await serving.started
      await client(baseURL).responses.create({ model: 'gpt-5.5', input: 'record me' })
      await serving.stderrMatching(/^\[tapedeck\] POST \/v1\/responses http +recorded +200 \d+ms$/m)
      expect(await serving.stop()).toBe(0)
    } finally {
      await fake.close()
      await folder.cleanup()
    }
  })
})
