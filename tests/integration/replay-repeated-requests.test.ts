/**
 * Repeats of the same request bytes are prepared once and shared (server/prepared-requests.ts).
 * What must not change for it: a rule that matches on a header still sees each request's own
 * headers, identical requests still take their recordings in order, and a body carrying a key
 * still matches its redacted recording every time.
 */
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import { tempFolder, writeCassette } from './scenario-support.js'

const CASSETTE = `version: 1
name: repeated requests
rules:
  - name: checkout case
    match:
      endpoint: responses
      header: { x-test-case: checkout }
      last_user_message: Which case is this?
    reply:
      text: the checkout case
  - name: any other case
    match:
      endpoint: responses
      last_user_message: Which case is this?
    reply:
      text: some other case
`

function recorded(id: string, input: string): string {
  return `  - transport: http
    request:
      method: POST
      path: /v1/responses
      body: { model: gpt-5.5, input: ${JSON.stringify(input)} }
    response:
      status: 200
      headers: { content-type: application/json }
      body:
        id: ${id}
        object: response
        status: completed
        model: gpt-5.5
        output: []
`
}

// Two recordings of one request, and one of a request whose key was redacted when recorded.
const RECORDED = `version: 1
name: recorded in order
interactions:
${recorded('resp_first', 'Same question')}${recorded('resp_second', 'Same question')}${recorded('resp_with_key', 'my key is <redacted:openai-key>')}`

let tapedeck: RunningTapedeck

beforeAll(async () => {
  const folder = tempFolder()
  const rules = writeCassette(folder, 'rules.yaml', CASSETTE)
  const interactions = writeCassette(folder, 'recorded.yaml', RECORDED)
  tapedeck = await startTapedeck({ mode: 'replay', cassette: [interactions, rules] })
})

afterAll(async () => {
  await tapedeck.close()
})

function client(headers: Record<string, string> = {}): OpenAI {
  return new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0, defaultHeaders: headers })
}

describe('repeated request bytes', () => {
  it('still match header rules by each request’s own headers', async () => {
    const ask = (openai: OpenAI) => openai.responses.create({ model: 'gpt-5.5', input: 'Which case is this?' })
    const answers: string[] = []
    const cases: Array<Record<string, string>> = [{ 'x-test-case': 'checkout' }, {}, { 'x-test-case': 'checkout' }, { 'x-test-case': 'refund' }]
    for (const headers of cases) {
      answers.push((await ask(client(headers))).output_text)
    }
    expect(answers).toEqual(['the checkout case', 'some other case', 'the checkout case', 'some other case'])
  })

  it('still take identical recordings in recorded order', async () => {
    const openai = client({ 'x-tapedeck-scope': 'in-order' })
    const ask = () => openai.responses.create({ model: 'gpt-5.5', input: 'Same question' })
    const ids = [(await ask()).id, (await ask()).id]
    expect(ids).toEqual(['resp_first', 'resp_second'])
    await expect(ask()).rejects.toMatchObject({ status: 404 })
  })

  it('still match a recording whose key was redacted, on every repeat', async () => {
    const key = `sk-proj-${'a1B2c3D4'.repeat(6)}`
    const ask = (scope: string) =>
      client({ 'x-tapedeck-scope': scope }).responses.create({ model: 'gpt-5.5', input: `my key is ${key}` })
    expect([(await ask('first')).id, (await ask('second')).id]).toEqual(['resp_with_key', 'resp_with_key'])
  })
})
