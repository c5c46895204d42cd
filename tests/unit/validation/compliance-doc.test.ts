import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DIALECTS, loadSchemaDocuments, RULE_IDS } from '../../../src/validation/index.js'

const compliance = readFileSync(new URL('../../../docs/compliance.md', import.meta.url), 'utf8')

describe('docs/compliance.md', () => {
  it('has a table row for every rule id', () => {
    for (const rule of RULE_IDS) expect(compliance, rule).toContain(`| \`${rule}\` |`)
  })

  it('explains every relaxation of the wire overlay and every dialect', () => {
    const relaxations = new Set(loadSchemaDocuments().overlay.patches.map((patch) => patch.relaxation))
    for (const relaxation of relaxations) expect(compliance, relaxation).toContain(`\`${relaxation}\``)
    for (const dialect of Object.keys(DIALECTS)) expect(compliance, dialect).toContain(`\`${dialect}\``)
  })
})
