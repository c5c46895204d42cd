import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { killServes, startServe, type Serving } from './cli-serve-support.js'
import { fixturePath, httpInteraction } from './replay-support.js'

afterEach(killServes)

/** `tapedeck serve <args>` as CI runs it. */
function serve(args: string[]): Serving {
  return startServe(args, { env: { CI: 'true' } })
}

describe('tapedeck serve', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('prints the listening line, answers requests, and exits 0 on %s', async (signal) => {
    const serving = serve(['--port', '0', '--cassette', fixturePath('chat-json'), '--upstream', 'https://example.invalid'])
    const baseURL = await serving.started
    expect(serving.stdout()).toMatch(/^tapedeck listening on http:\/\/127\.0\.0\.1:\d+\/v1\n$/)
    expect(serving.stderr()).toContain('[tapedeck] replay mode: 1 cassette, 1 interaction, 1 exchange, timing instant')

    const openai = new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0 })
    const completion = await openai.chat.completions.create({
      model: 'gpt-5.5',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Capital of France?' },
      ],
    })
    expect(completion).toEqual(httpInteraction('chat-json').response.body)

    serving.child.kill(signal)
    expect(await serving.exit).toBe(0)
    expect(serving.stderr()).toContain('Stopped: 1 hit, 0 misses, 0 of 1 recorded exchanges unused.')
  })

  it('rejects a bad flag value with exit code 2, listing the valid values', async () => {
    const serving = serve(['--mode', 'rewind'])
    expect(await serving.exit).toBe(2)
    expect(serving.stderr()).toContain("argument 'rewind' is invalid. Allowed choices are replay, record, auto, passthrough.")
  })

  it('rejects a bad timing with exit code 2', async () => {
    const serving = serve(['--timing', 'fast'])
    expect(await serving.exit).toBe(2)
    expect(serving.stderr()).toContain('Use instant, recorded, or a positive speed multiplier')
  })

  it('refuses record mode without a cassette to record into', async () => {
    const serving = serve(['--mode', 'record', '--port', '0'])
    expect(await serving.exit).toBe(2)
    expect(serving.stderr()).toContain('Failed to start in mode "record": there is no cassette to record into')
  })

  it('fails with exit code 1 and the path when a cassette cannot be read', async () => {
    const serving = serve(['--port', '0', '--cassette', 'no/such/cassette.yaml'])
    expect(await serving.exit).toBe(1)
    expect(serving.stderr()).toContain('Failed to read cassette "no/such/cassette.yaml": the file does not exist.')
  })
})
