/**
 * Shared helpers of the replay integration tests: fixture paths, recorded payloads, and an
 * OpenAI client pointed at a running tapedeck.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import OpenAI from 'openai'
import { expect } from 'vitest'
import { parseCassette } from '../../src/cassette/yaml-codec.js'
import type { Cassette, HttpInteraction, SseInteraction } from '../../src/cassette/model.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import type { JsonValue } from '../../src/util/json.js'

/** Absolute path of a fixture cassette. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/cassettes/${name}.yaml`, import.meta.url))
}

const parsedFixtures = new Map<string, Cassette>()

/** A fixture cassette, parsed (once per test file). */
export function readFixture(name: string): Cassette {
  let cassette = parsedFixtures.get(name)
  if (cassette === undefined) {
    cassette = parseCassette(readFileSync(fixturePath(name), 'utf8'), fixturePath(name))
    parsedFixtures.set(name, cassette)
  }
  return cassette
}

/** The recorded SSE interaction at `index` of a fixture. */
export function sseInteraction(name: string, index = 0): SseInteraction {
  const interaction = readFixture(name).interactions[index]
  if (interaction?.transport !== 'sse') throw new Error(`${name}#${index} is not an sse interaction`)
  return interaction
}

/** The recorded HTTP interaction at `index` of a fixture. */
export function httpInteraction(name: string, index = 0): HttpInteraction {
  const interaction = readFixture(name).interactions[index]
  if (interaction?.transport !== 'http') throw new Error(`${name}#${index} is not an http interaction`)
  return interaction
}

/** The JSON payloads of a recorded stream, in order (the `[DONE]` sentinel left out). */
export function recordedPayloads(interaction: SseInteraction): JsonValue[] {
  return interaction.response.events.flatMap((event) => (event.data === undefined ? [] : [event.data]))
}

/** The Response object of the terminal event of a recorded Responses stream. */
export function recordedFinalResponse(interaction: SseInteraction): JsonValue {
  const last = recordedPayloads(interaction).at(-1)
  if (last === null || typeof last !== 'object' || Array.isArray(last) || last['response'] === undefined) {
    throw new Error('the recorded stream has no terminal response')
  }
  return last['response']
}

/**
 * An OpenAI client as an application would create it, pointed at tapedeck. Its requests carry
 * the current test's name as `x-tapedeck-scope`, so every test counts identical requests on
 * its own, as a per-test fixture would.
 */
export function openaiFor(tapedeck: RunningTapedeck, options: { maxRetries?: number; headers?: Record<string, string> } = {}): OpenAI {
  return new OpenAI({
    baseURL: tapedeck.baseURL,
    apiKey: 'sk-test',
    maxRetries: options.maxRetries ?? 0,
    defaultHeaders: { 'x-tapedeck-scope': scopeOfCurrentTest(), ...options.headers },
  })
}

/** The current test's name, as a header value (printable ASCII). */
export function scopeOfCurrentTest(): string {
  return (expect.getState().currentTestName ?? 'default').replace(/[^\x20-\x7e]/g, '_')
}

/**
 * Drop the fields the SDK's parser adds (`output_text`, `output_parsed`, `parsed_arguments` on
 * function calls, `parsed` on text parts), to compare a Response with what was recorded.
 */
export function withoutSdkFields(value: object): unknown {
  const { output_text: _text, output_parsed: _parsed, ...rest } = value as Record<string, unknown>
  if (Array.isArray(rest['output'])) {
    rest['output'] = rest['output'].map((item: unknown) => {
      if (item === null || typeof item !== 'object') return item
      const { parsed_arguments: _arguments, ...itemRest } = item as Record<string, unknown>
      if (Array.isArray(itemRest['content'])) {
        itemRest['content'] = itemRest['content'].map((part: unknown) => {
          if (part === null || typeof part !== 'object') return part
          const { parsed: _partParsed, ...partRest } = part as Record<string, unknown>
          return partRest
        })
      }
      return itemRest
    })
  }
  return rest
}
