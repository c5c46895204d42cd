/**
 * The stream validator's verdict on a recorded interaction, as cassette notes. A violation is
 * information about what the upstream sent, never a reason to drop the recording: the notes say
 * where to look, and the interaction is kept exactly as received.
 * @module
 */
import type { Interaction } from '../cassette/model.js'
import { validateInteraction, type Violation } from '../validation/index.js'

/** Notes kept per interaction; the rest are counted in one last note. */
const MAX_NOTES = 10

/**
 * The notes for one interaction under the `wire` profile: one per violation (at most
 * {@link MAX_NOTES}, then a count), or none when it is valid.
 *
 * @example
 * validationNotes(truncatedSse)
 * // ['validator (wire): sse.truncated at event 4: expected the stream to run to its end, saw it cut after 5 event(s)']
 */
export function validationNotes(interaction: Interaction): string[] {
  const { violations } = validateInteraction(interaction, { profile: 'wire' })
  const notes = violations.slice(0, MAX_NOTES).map(describeViolation)
  const more = violations.length - MAX_NOTES
  if (more > 0) notes.push(`validator (wire): ${more} more violation${more === 1 ? '' : 's'} not listed.`)
  return notes
}

function describeViolation(violation: Violation): string {
  const turn = violation.turn === undefined ? '' : `turn ${violation.turn}, `
  const where = violation.index < 0 ? 'the client frame' : `event ${violation.index}`
  const pointer = violation.pointer === '' ? '' : ` ${violation.pointer}`
  return `validator (wire): ${violation.rule} at ${turn}${where}${pointer}: ${violation.message}`
}
