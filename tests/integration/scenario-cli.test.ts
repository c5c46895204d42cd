/**
 * `tapedeck serve` with `--on-miss synthesize`, `--synthesize-with` and `--record-synthesized`,
 * run as the real bin.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import { killServes, startServe, type Serving } from './cli-serve-support.js'
import { tempFolder } from './scenario-support.js'

afterEach(killServes)

function serve(args: string[]): Serving {
  return startServe(['--port', '0', ...args])
}

describe('tapedeck serve --on-miss synthesize', () => {
  it('answers misses with the fixed text and records them with --record-synthesized', async () => {
    const file = join(tempFolder(), 'synthesized.yaml')
    const serving = serve([
      '--mode', 'replay',
      '--cassette', file,
      '--on-miss', 'synthesize',
      '--synthesize-with', 'fixed:All good.',
      '--record-synthesized',
    ])
    const openai = new OpenAI({ baseURL: await serving.started, apiKey: 'sk-test', maxRetries: 0 })
    const response = await openai.responses.create({ model: 'gpt-5.5', input: 'Status?' })
    expect(response.output_text).toBe('All good.')
    serving.child.kill('SIGTERM')
    expect(await serving.exit).toBe(0)
    const cassette = parseCassette(readFileSync(file, 'utf8'), file)
    expect(cassette.interactions).toHaveLength(1)
    expect(cassette.interactions[0]).toMatchObject({
      transport: 'http',
      synthetic: true,
      request: { method: 'POST', path: '/v1/responses', body: { model: 'gpt-5.5', input: 'Status?' } },
      response: { status: 200, body: { id: response.id } },
    })
  })

  it('rejects an unknown generator with exit code 2', async () => {
    const serving = serve(['--mode', 'replay', '--on-miss', 'synthesize', '--synthesize-with', 'random'])
    expect(await serving.exit).toBe(2)
    expect(serving.stderr()).toContain('Use echo, lorem, or fixed:<text>')
  })

  it('refuses --record-synthesized without a cassette to record into (exit code 2)', async () => {
    const serving = serve(['--mode', 'replay', '--on-miss', 'synthesize', '--record-synthesized'])
    expect(await serving.exit).toBe(2)
    expect(serving.stderr()).toContain('there is no cassette to record synthesized answers into')
  })
})
