/**
 * The stream validator as a cassette check (cassette/cassette-checks.ts): every interaction of a
 * loaded cassette is validated under a profile, and each violation is reported at its JSON
 * pointer inside the cassette, so `--validate warn|error` can name the file, line and column.
 * @module
 */
import type { CassetteCheck, CassetteFinding } from '../cassette/cassette-checks.js'
import type { Interaction } from '../cassette/model.js'
import { validateInteraction } from './interaction-rules.js'
import type { ValidationProfile, Violation } from './types.js'

/**
 * Build the check `createFsCassetteStore({ check })` runs on every cassette it loads.
 *
 * @example
 * const store = createFsCassetteStore({ check: streamValidatorCheck('wire'), checkMode: 'warn' })
 */
export function streamValidatorCheck(profile: ValidationProfile = 'wire'): CassetteCheck {
  return (cassette) => {
    const findings: CassetteFinding[] = []
    cassette.interactions.forEach((interaction, index) => {
      const { violations } = validateInteraction(interaction, { profile })
      for (const violation of violations) {
        findings.push({
          pointer: violationPointer(interaction, index, violation),
          message: `[${violation.rule}] ${violation.message}`,
        })
      }
    })
    return findings
  }
}

/** Where a violation sits inside the cassette document. */
function violationPointer(interaction: Interaction, index: number, violation: Violation): string {
  const base = `/interactions/${index}`
  switch (interaction.transport) {
    case 'http':
      return `${base}/response/body${violation.pointer}`
    case 'sse':
      return `${base}/response/events/${violation.index}/data${violation.pointer}`
    case 'websocket': {
      const turn = `${base}/turns/${violation.turn ?? 0}`
      if (violation.index < 0) return `${turn}/client/data${violation.pointer}`
      return `${turn}/server/${violation.index}/data${violation.pointer}`
    }
  }
}
