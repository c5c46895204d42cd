/**
 * Loads tapedeck's own fixture streams (tests/fixtures/streams/) as parsed events.
 */
import { readFileSync } from 'node:fs'
import { parseSseText, toSseEvent } from '../../../src/protocol/sse-codec.js'
import type { JsonObject, JsonValue } from '../../../src/util/json.js'

const FIXTURES = new URL('../../fixtures/streams/', import.meta.url)

/** The path of a fixture file. */
export function fixturePath(name: string): string {
  return new URL(name, FIXTURES).pathname
}

/** A JSON-lines fixture as events; `[DONE]` lines stay the literal '[DONE]'. */
export function loadJsonLines(name: string): Array<JsonValue | '[DONE]'> {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (line === '[DONE]' ? '[DONE]' : (JSON.parse(line) as JsonValue)))
}

/** A Responses JSON-lines fixture as event objects (a fresh copy each call, safe to mutate). */
export function loadResponsesEvents(name: string): JsonObject[] {
  return loadJsonLines(name) as JsonObject[]
}

/** An SSE fixture's data payloads. */
export function loadSsePayloads(name: string): Array<JsonValue | '[DONE]'> {
  const { messages } = parseSseText(readFileSync(new URL(name, FIXTURES), 'utf8'))
  return messages.map((message) => {
    const event = toSseEvent(message, 0)
    return event.data ?? '[DONE]'
  })
}

/** The index of the first event of a type (throws when absent, so tests fail loudly). */
export function indexOf(events: readonly JsonValue[], type: string, nth = 0): number {
  let seen = 0
  for (let index = 0; index < events.length; index++) {
    const event = events[index]
    if (typeof event === 'object' && event !== null && !Array.isArray(event) && event['type'] === type && seen++ === nth) return index
  }
  throw new Error(`no event ${type} #${nth} in the fixture`)
}

/** Renumber sequence_number 0, 1, 2, ... (after a mutation that moved events). */
export function renumber(events: JsonObject[]): JsonObject[] {
  events.forEach((event, index) => {
    event['sequence_number'] = index
  })
  return events
}
