/**
 * The hand-written ws-*.yaml fixtures must be protocol-correct: every completed turn passes
 * openai@7.57.0's accumulator, sequence numbers run 0..n per response, one response id per turn,
 * and stream_id is echoed on every frame of a turn that named a lane.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseCassette } from '../../../src/cassette/yaml-codec.js'
import type { WebSocketInteraction } from '../../../src/cassette/model.js'
import { isJsonObject, type JsonObject } from '../../../src/util/json.js'
import { accumulateWithSdk } from './support/accumulate.js'

const folder = fileURLToPath(new URL('../../fixtures/cassettes/', import.meta.url))
const files = readdirSync(folder).filter((name) => name.startsWith('ws-') && name.endsWith('.yaml'))

describe.each(files)('fixture %s', (file) => {
  const cassette = parseCassette(readFileSync(folder + file, 'utf8'), file)
  const turns = cassette.interactions
    .filter((interaction): interaction is WebSocketInteraction => interaction.transport === 'websocket')
    .flatMap((interaction) => interaction.turns)

  it('has turns that start with a response.create', () => {
    expect(turns.length).toBeGreaterThan(0)
    for (const turn of turns) expect(turn.client.data).toMatchObject({ type: 'response.create' })
  })

  it('numbers every response 0..n with one id, echoes stream_id, and passes the SDK accumulator', async () => {
    for (const turn of turns) {
      const frames = turn.server.map((frame) => frame.data).filter(isJsonObject)
      const client = turn.client.data as JsonObject
      const lane = client['stream_id'] ?? (client['response'] as JsonObject | undefined)?.['stream_id']
      if (lane !== undefined) for (const frame of frames) expect(frame['stream_id']).toBe(lane)
      if (frames[0]?.['type'] !== 'response.created') continue
      expect(frames.map((frame) => frame['sequence_number'])).toEqual(frames.map((_, index) => index))
      const ids = new Set(frames.filter((frame) => 'response' in frame).map((frame) => (frame['response'] as JsonObject)['id']))
      expect(ids.size).toBe(1)
      const offsets = turn.server.map((frame) => frame.at)
      expect([...offsets].sort((a, b) => a - b)).toEqual(offsets)
      if (frames.at(-1)?.['type'] !== 'response.completed') continue
      const final = await accumulateWithSdk(frames)
      expect(final.output).toEqual((frames.at(-1)?.['response'] as JsonObject)['output'])
    }
  })
})
