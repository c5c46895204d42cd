/**
 * The record-mode write queue of one cassette file, as data: what is waiting to be written, and
 * what the store remembers of the text it last wrote, so that the next items can be inserted
 * without reading the file again. Pure: no I/O.
 * @module
 */
import { applyAppend, type AppendPlan } from './cassette-append.js'
import { CASSETTE_VERSION, type Cassette, type Interaction } from './model.js'
import { parseCassette } from './yaml-codec.js'

/** A write waiting in a file's queue. */
export type PendingWrite =
  | { kind: 'append'; interaction: Interaction }
  /** An interaction already serialised as list items at `indent` (`\n` line ends). */
  | { kind: 'append-text'; text: string; indent: number }
  /** An interaction that failed to serialise; the batch that holds it fails with `error`. */
  | { kind: 'invalid'; error: unknown }
  | { kind: 'replace'; cassette: Cassette }

/** What the store last wrote to a file: enough to append to it without reading it. */
export interface WrittenFile {
  mtimeMs: number
  size: number
  indent: number
  eol: '\n' | '\r\n'
  /** Where new items go, in bytes. */
  offset: number
  /** The bytes after `offset` (usually none). */
  tail: Buffer
}

/**
 * One interaction as list items at `indent` (its YAML is all the queue keeps of it), or the error
 * that keeps it, and its batch, out of the file.
 *
 * @example
 * serialisedAppend('a.yaml', interaction, 2) // { kind: 'append-text', text: '  - transport: http\n…', indent: 2 }
 */
export function serialisedAppend(file: string, interaction: Interaction, indent: number): PendingWrite {
  try {
    const { text } = applyAppend('', file, { kind: 'text', offset: 0, indent, eol: '\n' }, [interaction])
    return { kind: 'append-text', text, indent }
  } catch (error) {
    return { kind: 'invalid', error }
  }
}

/**
 * The appends of a batch as list items at `indent`, with `eol` line ends.
 *
 * @example
 * itemsText('a.yaml', batch, 2, '\n') // '  - transport: http\n…'
 */
export function itemsText(file: string, batch: readonly PendingWrite[], indent: number, eol: '\n' | '\r\n'): string {
  const items = batch.map((write) => {
    if (write.kind === 'append-text' && write.indent === indent) return write.text
    const interactions = interactionsOf(file, write)
    return interactions.length === 0 ? '' : applyAppend('', file, { kind: 'text', offset: 0, indent, eol: '\n' }, interactions).text
  })
  const text = items.join('')
  return eol === '\r\n' ? text.replace(/\n/g, '\r\n') : text
}

/**
 * Whether `offset` is the start of a line of `text`.
 *
 * @example
 * startsLine('a\nb', 2) // true
 */
export function startsLine(text: string, offset: number): boolean {
  return offset === 0 || text.endsWith('\n', offset)
}

/**
 * What to remember of a text the store wrote; undefined when the next append must read it.
 *
 * @example
 * writtenFile(text, planAppend(text, 'a.yaml'), await stat('a.yaml'))?.offset // bytes before the new items
 */
export function writtenFile(text: string, plan: AppendPlan, after: { mtimeMs: number; size: number }): WrittenFile | undefined {
  if (plan.kind !== 'text' || plan.emptyList !== undefined || plan.addKey === true) return undefined
  if (!startsLine(text, plan.offset)) return undefined
  return {
    mtimeMs: after.mtimeMs,
    size: after.size,
    indent: plan.indent,
    eol: plan.eol,
    offset: Buffer.byteLength(text.slice(0, plan.offset), 'utf8'),
    tail: Buffer.from(text.slice(plan.offset), 'utf8'),
  }
}

/**
 * The interactions of a pending append; serialised ones are read back (rare: the file changed).
 *
 * @example
 * interactionsOf('a.yaml', { kind: 'append', interaction }) // [interaction]
 */
export function interactionsOf(file: string, write: PendingWrite): Interaction[] {
  if (write.kind === 'append') return [write.interaction]
  if (write.kind !== 'append-text') return []
  return parseCassette(`version: ${CASSETTE_VERSION}\ninteractions:\n${write.text}`, file).interactions
}
