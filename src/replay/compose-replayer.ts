/**
 * The replayer a server answers from, built in one place: recorded exchanges (exact match),
 * then the cassettes' scenario rules, then, with `onMiss: 'synthesize'`, the synthetic
 * generator. Each layer answers only what the ones before it missed. Pure: no I/O.
 * @module
 */
import type { HttpInteraction, OnExhausted, SseInteraction } from '../cassette/model.js'
import { parseRules } from '../scenario/parse-rules.js'
import type { MissGenerator } from '../synthetic/synthesize-miss.js'
import type { LoadedCassette } from './exchange-index.js'
import { createReplayer } from './replayer.js'
import { scenarioReplayer } from './scenario-replayer.js'
import { synthesizingReplayer } from './synthesizing-replayer.js'
import type { Replayer } from './types.js'

/** Options of {@link composeReplayer}. */
export interface ComposeReplayerOptions {
  cassettes: ReadonlyArray<LoadedCassette>
  /** When set, overrides every cassette's `match.on_exhausted`. */
  onExhausted?: OnExhausted | undefined
  /** Set to answer misses with generated answers (`onMiss: 'synthesize'`). */
  synthesize?: { generator: MissGenerator } | undefined
  /** Receives each synthesized answer as an interaction marked `synthetic: true`, to record it. */
  recordSynthesized?: ((interaction: HttpInteraction | SseInteraction) => void) | undefined
}

/**
 * Build the server's replayer.
 *
 * @throws TapedeckError `TAPEDECK_SCENARIO_INVALID` when a cassette's `rules` are malformed
 * (files loaded from disk were checked at load, with line numbers; this catches in-memory ones).
 *
 * @example
 * const replayer = composeReplayer({ cassettes, synthesize: { generator: 'echo' } })
 * replayer.lookup(query) // recorded, else a rule's reply, else a synthesized answer
 */
export function composeReplayer(options: ComposeReplayerOptions): Replayer {
  const { cassettes } = options
  const recorded = createReplayer({ cassettes, onExhausted: options.onExhausted })
  const ruleFiles = cassettes.map(({ file, cassette }) => ({
    file,
    rules: parseRules(cassette.rules, () => undefined, file),
  }))
  const withRules = scenarioReplayer(recorded, ruleFiles)
  if (options.synthesize === undefined) return withRules
  return synthesizingReplayer(withRules, {
    generator: options.synthesize.generator,
    ...(options.recordSynthesized === undefined ? {} : { record: options.recordSynthesized }),
  })
}
