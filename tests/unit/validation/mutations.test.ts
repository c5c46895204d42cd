/**
 * Mutation tests: break a valid stream in one realistic way and check that the validator catches
 * it with the right rule id. Sources: tapedeck's own fixture streams, and real streams from the
 * shared corpus when it is present.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { vcrpyEntries } from '../../../src/import/vcrpy.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../../../src/util/json.js'
import { validateResponsesEvents, type RuleId, type ValidationProfile } from '../../../src/validation/index.js'
import { indexOf, loadResponsesEvents } from './fixture-streams.js'

interface Mutation {
  name: string
  /** Returns the mutated copy, or undefined when the stream has nothing to mutate that way. */
  apply(events: JsonObject[]): JsonObject[] | undefined
  expected: Partial<Record<ValidationProfile, RuleId>>
}

const isDelta = (event: JsonObject) => event['type'] === 'response.output_text.delta'

/** Two neighbouring text deltas of the same part with different text. */
function swappableDeltas(events: JsonObject[]): [number, number] | undefined {
  for (let index = 0; index + 1 < events.length; index++) {
    const a = events[index]!
    const b = events[index + 1]!
    if (isDelta(a) && isDelta(b) && a['item_id'] === b['item_id'] && a['content_index'] === b['content_index'] && a['delta'] !== b['delta']) {
      return [index, index + 1]
    }
  }
  return undefined
}

const MUTATIONS: Mutation[] = [
  {
    name: 'drop an event',
    apply: (events) => {
      const index = events.findIndex(isDelta)
      return index < 0 ? undefined : events.filter((_, at) => at !== index)
    },
    expected: { wire: 'seq.gap', strict: 'seq.gap' },
  },
  {
    name: 'drop an event and renumber the rest',
    apply: (events) => {
      const index = events.findIndex((event) => isDelta(event) && event['delta'] !== '')
      if (index < 0) return undefined
      return events.filter((_, at) => at !== index).map((event, at) => ({ ...event, sequence_number: at }))
    },
    expected: { wire: 'delta.mismatch', strict: 'delta.mismatch' },
  },
  {
    name: 'swap two deltas',
    apply: (events) => {
      const pair = swappableDeltas(events)
      if (pair === undefined) return undefined
      const copy = [...events]
      const [a, b] = pair
      copy[a] = { ...events[b]!, sequence_number: events[a]!['sequence_number'] as number }
      copy[b] = { ...events[a]!, sequence_number: events[b]!['sequence_number'] as number }
      return copy
    },
    expected: { wire: 'delta.mismatch', strict: 'delta.mismatch' },
  },
  {
    name: 'change one item_id',
    apply: (events) => {
      const index = events.findIndex((event) => typeof event['item_id'] === 'string')
      return index < 0 ? undefined : events.map((event, at) => (at === index ? { ...event, item_id: `${String(event['item_id'])}x` } : event))
    },
    expected: { wire: 'item.id', strict: 'item.id' },
  },
  {
    name: 'delete logprobs',
    apply: (events) => {
      const index = events.findIndex((event) => isDelta(event) && 'logprobs' in event)
      if (index < 0) return undefined
      return events.map((event, at) => {
        if (at !== index) return event
        const { logprobs: _dropped, ...rest } = event
        return rest
      })
    },
    expected: { wire: 'logprobs.missing', strict: 'schema' },
  },
  {
    name: 'repeat a sequence_number',
    apply: (events) => {
      const index = indexOf(events, 'response.output_item.added')
      return events.map((event, at) => (at === index + 1 ? { ...event, sequence_number: events[index]!['sequence_number'] as number } : event))
    },
    expected: { wire: 'seq.duplicate', strict: 'seq.duplicate' },
  },
  {
    name: 'move an event after the terminal one',
    apply: (events) => {
      const index = indexOf(events, 'response.in_progress')
      const moved = events[index]!
      return [...events.slice(0, index), ...events.slice(index + 1), moved].map((event, at) => ({ ...event, sequence_number: at }))
    },
    expected: { wire: 'terminal.after', strict: 'terminal.after' },
  },
]

function checkMutations(streamName: string, load: () => JsonObject[]): void {
  describe(streamName, () => {
    it('is valid before any mutation (wire)', () => {
      expect(validateResponsesEvents(load(), { profile: 'wire' }).violations).toEqual([])
    })
    for (const mutation of MUTATIONS) {
      it(`catches "${mutation.name}"`, () => {
        const mutated = mutation.apply(load())
        expect(mutated, 'the stream must offer something to mutate').toBeDefined()
        for (const [profile, rule] of Object.entries(mutation.expected) as Array<[ValidationProfile, RuleId]>) {
          const result = validateResponsesEvents(mutated ?? [], { profile })
          expect(result.valid).toBe(false)
          expect(result.violations.map((violation) => violation.rule)).toContain(rule)
        }
      })
    }
  })
}

describe('mutations of tapedeck fixture streams', () => {
  checkMutations('responses-text.jsonl', () => loadResponsesEvents('responses-text.jsonl'))
  checkMutations('responses-web-search.jsonl', () => loadResponsesEvents('responses-web-search.jsonl'))
})

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const corpusFile = resolve(repoRoot, '../shared/corpus/pydantic-ai/models/test_openai_responses/test_openai_responses_model_web_search_tool_stream.yaml')

/** The data payloads of the first SSE interaction of a vcrpy cassette. */
function corpusStream(): JsonObject[] {
  const entry = vcrpyEntries(readFileSync(corpusFile, 'utf8'), corpusFile).find((candidate) => candidate.interaction.transport === 'sse')
  if (entry === undefined || entry.interaction.transport !== 'sse') throw new Error(`no SSE interaction in ${corpusFile}`)
  return entry.interaction.response.events.map((event) => event.data).filter((data): data is JsonObject => isJsonObject(data as JsonValue))
}

describe.runIf(existsSync(corpusFile))('mutations of a real corpus stream (skipped when ../shared/corpus is absent)', () => {
  checkMutations('pydantic-ai web search stream', corpusStream)
})
