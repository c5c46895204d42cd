/**
 * Append interactions to cassette text without rewriting what is already there, so that
 * comments and hand edits survive record runs. The new items are inserted as text right after
 * the last existing interaction; text the fast reader cannot map falls back to the `yaml`
 * document API, which keeps comments but may re-indent hand-written parts. Pure.
 * @module
 */
import { isSeq, parseDocument, type YAMLSeq } from 'yaml'
import { TapedeckError } from '../errors.js'
import type { JsonValue } from '../util/json.js'
import { INTERACTION_SHAPE } from './canonical-order.js'
import { readCassetteText, parseYamlDocument } from './cassette-reader.js'
import { explainCassetteSchemaErrors } from './cassette-schema-errors.js'
import { interactionSchemaErrors } from './cassette-schema.js'
import type { Interaction } from './model.js'
import { emitYaml } from './yaml-emitter.js'

/**
 * Where new interactions go in a text. Keep the plan returned by `applyAppend` to append again
 * to its text without reading the whole cassette again.
 */
export type AppendPlan =
  | {
      kind: 'text'
      /** Offset where the new items are inserted (the start of a line, or the end of the text). */
      offset: number
      /** Indentation of the list items. */
      indent: number
      eol: '\n' | '\r\n'
      /** An inline `[]` (with the spaces before it) to remove first. */
      emptyList?: { start: number; end: number }
      /** The file has no `interactions` key yet (it holds only `rules`). */
      addKey?: boolean
    }
  | { kind: 'document' }

/**
 * Read and check existing cassette text, and work out where appended interactions go.
 *
 * @throws TapedeckError as parseCassette does, when the existing text is not a valid cassette.
 *
 * @example
 * const plan = planAppend(text, 'a.yaml')
 * const { text: next } = applyAppend(text, 'a.yaml', plan, [interaction])
 */
export function planAppend(text: string, file: string): AppendPlan {
  const { layout } = readCassetteText(text, file)
  if (layout === undefined) return { kind: 'document' }
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const rootIndent = layout[0]?.keyColumn ?? 0
  const entry = layout.find((candidate) => candidate.key === 'interactions')
  if (entry === undefined) return { kind: 'text', offset: text.length, indent: rootIndent + 2, eol, addKey: true }
  if (entry.emptyListAt !== undefined) {
    let start = entry.emptyListAt
    while (text.charCodeAt(start - 1) === 32) start--
    const emptyList = { start, end: entry.emptyListAt + 2 }
    return { kind: 'text', offset: entry.end, indent: entry.keyColumn + 2, eol, emptyList }
  }
  return { kind: 'text', offset: entry.end, indent: entry.sequenceIndent ?? entry.keyColumn + 2, eol }
}

/**
 * Insert interactions into text as planned. Returns the new text and the plan for the next
 * append to it.
 *
 * @throws TapedeckError `TAPEDECK_CASSETTE_WRITE` when an interaction does not match the format.
 *
 * @example
 * let plan = planAppend(text, 'a.yaml')
 * ;({ text, plan } = applyAppend(text, 'a.yaml', plan, [first]))
 * ;({ text, plan } = applyAppend(text, 'a.yaml', plan, [second]))
 */
export function applyAppend(
  text: string,
  file: string,
  plan: AppendPlan,
  interactions: readonly Interaction[],
): { text: string; plan: AppendPlan } {
  const items = interactions.map((interaction, index) => checkedInteraction(interaction, index, file))
  if (items.length === 0) return { text, plan }
  if (plan.kind === 'document') return { text: appendWithDocument(text, file, items), plan }
  let before = text.slice(0, plan.offset)
  const after = text.slice(plan.offset)
  if (plan.emptyList !== undefined) {
    before = before.slice(0, plan.emptyList.start) + before.slice(plan.emptyList.end)
  }
  let inserted = emitItems(items, plan.indent)
  if (plan.eol === '\r\n') inserted = inserted.replace(/\n/g, '\r\n')
  if (plan.addKey) inserted = `${' '.repeat(Math.max(0, plan.indent - 2))}interactions:${plan.eol}${inserted}`
  if (before.length > 0 && !before.endsWith('\n')) inserted = plan.eol + inserted
  const next = before + inserted
  return {
    text: next + after,
    plan: { kind: 'text', offset: next.length, indent: plan.indent, eol: plan.eol },
  }
}

/**
 * Append interactions to existing cassette text, keeping its comments and hand edits.
 *
 * @example
 * const text = appendInteractions(await readFile('a.yaml', 'utf8'), 'a.yaml', [interaction])
 */
export function appendInteractions(existingText: string, file: string, interactions: Interaction[]): string {
  return applyAppend(existingText, file, planAppend(existingText, file), interactions).text
}

/** The interactions as list items at `indent`, in canonical key order. */
function emitItems(items: readonly Interaction[], indent: number): string {
  return emitYaml(items as unknown as JsonValue, indent, { items: INTERACTION_SHAPE })
}

function checkedInteraction(interaction: Interaction, index: number, file: string): Interaction {
  const errors = interactionSchemaErrors(interaction)
  if (errors === undefined) return interaction
  const problem = explainCassetteSchemaErrors(errors)
  throw new TapedeckError(
    'TAPEDECK_CASSETTE_WRITE',
    `Failed to append to cassette "${file}": new interaction ${index + 1} is invalid at ` +
      `${problem.pointer || '(top level)'}: ${problem.problem}. Nothing was written; this is a bug ` +
      'in the code that recorded it (please report it).',
    { file, pointer: problem.pointer },
  )
}

function appendWithDocument(text: string, file: string, items: Interaction[]): string {
  const { document } = parseYamlDocument(text, file)
  const added = parseDocument(emitItems(items, 0)).contents as YAMLSeq
  const existing = document.get('interactions', true)
  if (isSeq(existing)) {
    existing.flow = false
    existing.items.push(...added.items)
  } else document.set('interactions', added)
  return document.toString({ lineWidth: 0 })
}
