/**
 * Conformance against real traffic: every Responses and Chat Completions stream and JSON body in
 * ../shared/corpus/pydantic-ai (vcrpy cassettes recorded by another project) validates under the
 * `wire` profile with zero violations. Runs only where the shared corpus exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { vcrpyEntries } from '../../src/import/vcrpy.js'
import { classifyInteraction, validateInteraction, type Dialect } from '../../src/validation/index.js'

const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
const corpus = resolve(repoRoot, '../shared/corpus/pydantic-ai')

function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) return yamlFiles(path)
      return entry.name.endsWith('.yaml') ? [path] : []
    })
}

const VALIDATED_PATH = /^\/v1\/(?:responses(?:\/resp_[^/]+)?|chat\/completions)$/

describe.runIf(existsSync(corpus))('corpus: ../shared/corpus/pydantic-ai under the wire profile (skipped when the shared corpus is absent)', () => {
  const files = existsSync(corpus) ? yamlFiles(corpus) : []
  const dialectsSeen = new Map<string, Dialect[]>()
  let checked = 0

  it.each(files.map((file) => [relative(corpus, file), file]))('%s', (_name, file) => {
    for (const { sourceIndex, interaction } of vcrpyEntries(readFileSync(file, 'utf8'), file)) {
      const path = interaction.request.path
      const kind = classifyInteraction(interaction)
      if (!VALIDATED_PATH.test(path)) continue
      expect(kind, `${path} of interaction ${sourceIndex} must be validated`).toBeDefined()
      const result = validateInteraction(interaction, { profile: 'wire' })
      expect(result.violations, `interaction ${sourceIndex} (${kind})`).toEqual([])
      checked++
      if (result.dialects.length > 0) dialectsSeen.set(`${relative(corpus, file)}#${sourceIndex}`, result.dialects)
    }
  })

  it('checked the corpus streams and bodies, recognising its older dialects', () => {
    expect(checked).toBeGreaterThan(500)
    expect(dialectsSeen.get('models/test_openai_responses/test_openai_responses_stream.yaml#1')).toEqual(['unnumbered', 'no-logprobs'])
    expect(dialectsSeen.get('models/test_openai_responses/test_background_mode_streaming_starting_after_vcr.yaml#1')).toEqual(['resumed'])
  })
})
