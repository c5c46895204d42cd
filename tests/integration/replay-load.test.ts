import { dirname } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isTapedeckError } from '../../src/errors.js'
import { startTapedeck } from '../../src/server/create-server.js'
import { fixturePath, httpInteraction, openaiFor } from './replay-support.js'

const startFailure = (options: Parameters<typeof startTapedeck>[0]) => startTapedeck(options).then(
  async (tapedeck) => {
    await tapedeck.close()
    throw new Error('tapedeck started')
  },
  (error: unknown) => error,
)

describe('loading cassettes', () => {
  it('replays every cassette of a --scenarios folder', async () => {
    const tapedeck = await startTapedeck({ scenarios: dirname(fixturePath('chat-json')) })
    try {
      const health = (await (await fetch(`${tapedeck.url}/__tapedeck/health`)).json()) as { cassettes: number }
      expect(health.cassettes).toBeGreaterThanOrEqual(9)
      const completion = await openaiFor(tapedeck).chat.completions.create({
        model: 'gpt-5.5',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: 'Capital of France?' },
        ],
      })
      expect(completion).toEqual(httpInteraction('chat-json').response.body)
    } finally {
      await tapedeck.close()
    }
  })

  it('refuses to start on a cassette file that does not exist', async () => {
    const failure = await startFailure({ cassette: 'missing/cassette.yaml' })
    expect(isTapedeckError(failure) && failure.code).toBe('TAPEDECK_INPUT_UNREADABLE')
    expect(isTapedeckError(failure) && failure.file).toBe('missing/cassette.yaml')
  })

  it('refuses to start on a scenarios folder that does not exist', async () => {
    const failure = await startFailure({ scenarios: 'missing-scenarios' })
    expect(isTapedeckError(failure) && failure.message).toContain('Failed to read the scenarios folder "missing-scenarios": it is not a folder.')
  })

  it('refuses an unknown option value, listing the valid ones', async () => {
    const failure = await startFailure({ timing: -1 })
    expect(isTapedeckError(failure) && failure.code).toBe('TAPEDECK_OPTIONS_INVALID')
    const unknownMiss = await startFailure({ onExhausted: 'loop' as never })
    expect(isTapedeckError(unknownMiss) && unknownMiss.message).toContain('Use one of "error", "repeat_last".')
  })
})
