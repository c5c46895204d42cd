/**
 * One cassette for the whole file: its tests share one scope, so the second identical question
 * gets the second recording. Runs in parallel with per-test.spec.ts, which asks the same.
 */
import OpenAI from 'openai'
import { expect, it } from 'vitest'
// An application imports it from 'tapedeck/vitest'.
import { useTapedeck } from '../../../src/vitest/index.js'
import { cassetteFolder, observe } from './observe.js'

const tapedeck = useTapedeck({ per: 'file', cassettes: cassetteFolder(), failOnMiss: true, failOnUnused: true })
const seen: string[] = []

async function askTheSharedQuestion(): Promise<string> {
  const openai = new OpenAI({ ...tapedeck.clientOptions(), maxRetries: 0 })
  const response = await openai.responses.create({ model: 'gpt-5.5', input: 'The shared question' })
  expect(response.output_text).toBe('You said: The shared question')
  return response.id
}

it('asks the shared question', async () => {
  seen.push(await askTheSharedQuestion())
  observe({ id: seen[0], cassette: tapedeck.cassette })
})

it('asks it again and gets the next recording of this file', async () => {
  seen.push(await askTheSharedQuestion())
  expect(new Set(seen).size).toBe(2)
  observe({ id: seen[1] })
})
