/**
 * The cassette YAML codec (format v1): parse with located, human errors; write
 * deterministically, for people (JSON bodies as YAML mappings, one event per list item, stable
 * key order, literal blocks for multi-line text); append while keeping comments and hand edits.
 * The format is described in docs/cassette-format.md.
 * @module
 */
import { CASSETTE_SHAPE } from './canonical-order.js'
import { readCassetteText } from './cassette-reader.js'
import type { Cassette } from './model.js'
import { emitYaml } from './yaml-emitter.js'
import type { JsonValue } from '../util/json.js'

export { appendInteractions, applyAppend, planAppend, type AppendPlan } from './cassette-append.js'
export { readCassetteText, type ReadCassette } from './cassette-reader.js'

/** The comment every written cassette starts with. */
const CASSETTE_HEADER = '# tapedeck cassette (format v1): see docs/cassette-format.md'

/**
 * Parse cassette YAML text. `file` is used in error messages.
 *
 * @throws TapedeckError `TAPEDECK_CASSETTE_PARSE`, `TAPEDECK_CASSETTE_VERSION` or
 * `TAPEDECK_CASSETTE_INVALID`, with `file`, `line`, `column` and `pointer`, e.g.
 * `a.yaml:14:15: /interactions/2/response/status: expected an integer HTTP status, got "ok". Fix the value or re-record the cassette.`
 *
 * @example
 * const cassette = parseCassette(await readFile('a.yaml', 'utf8'), 'a.yaml')
 * cassette.interactions.length
 */
export function parseCassette(text: string, file: string): Cassette {
  return readCassetteText(text, file).cassette
}

/**
 * Serialise a cassette to YAML deterministically: the same cassette always gives the same
 * bytes, and `stringifyCassette(parseCassette(text))` gives back `text` for any text this
 * function wrote. JSON payloads keep their key order; tapedeck's own keys are in canonical order.
 *
 * @example
 * stringifyCassette({ version: 1, interactions: [] })
 * // '# tapedeck cassette (format v1): see docs/cassette-format.md\nversion: 1\ninteractions: []\n'
 */
export function stringifyCassette(cassette: Cassette): string {
  return `${CASSETTE_HEADER}\n${emitYaml(cassette as unknown as JsonValue, 0, CASSETTE_SHAPE)}`
}
