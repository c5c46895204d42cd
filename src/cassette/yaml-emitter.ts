/**
 * A small block-style YAML writer for JSON data. It writes the subset the fast reader reads back
 * (yaml-subset-parser.ts), in one pass and without building a document tree: the `yaml` package
 * needs seconds for a large cassette, this needs a fraction of one.
 *
 * Style: block mappings and sequences (two spaces, sequences indented under their key), plain
 * scalars where they read back unchanged, otherwise JSON-style double quotes, multi-line text
 * as literal blocks, `[]`/`{}` for empty collections, no line folding. Keys are written in the
 * order a shape gives (canonical-order.ts), or in the object's own order.
 * @module
 */
import type { JsonObject, JsonValue } from '../util/json.js'
import { canWriteBlock, canWritePlain, quoteScalar } from './yaml-scalars.js'

/** How to order the keys of an object, and the shapes of its children. */
export interface YamlShape {
  /** The keys to write, in order; the object's own order when absent. */
  keys?: (object: JsonObject) => readonly string[]
  /** Shapes of the values under some keys. */
  children?: Readonly<Record<string, YamlShape>>
  /** Shape of each item, when the value is a list. */
  items?: YamlShape
}

/** Longest key written as an implicit `key:`; YAML limits implicit keys to 1024 characters. */
const MAX_IMPLICIT_KEY = 1000

const PADS: string[] = ['']
function pad(indent: number): string {
  while (PADS.length <= indent) PADS.push(`${PADS[PADS.length - 1] ?? ''} `)
  return PADS[indent] ?? ' '.repeat(indent)
}

/**
 * How each key is written. Cassettes repeat a few hundred keys (`type`, `sequence_number`, …)
 * thousands of times; deciding plain or quoted once per key saves most of the scalar checks.
 * Bounded, so that data with endless distinct keys cannot grow it.
 */
const KEY_TEXT = new Map<string, string>()
const MAX_CACHED_KEYS = 4096

function keyTextOf(key: string): string {
  let text = KEY_TEXT.get(key)
  if (text === undefined) {
    text = canWritePlain(key) ? key : quoteScalar(key)
    if (KEY_TEXT.size < MAX_CACHED_KEYS) KEY_TEXT.set(key, text)
  }
  return text
}

/** Scalar text for a value position, or undefined when the value needs lines of its own. */
function inlineScalar(value: JsonValue | undefined): string | undefined {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      return formatNumber(value)
    case 'string':
      if (canWritePlain(value)) return value
      if (isMultiLine(value) && canWriteBlock(value)) return undefined
      return quoteScalar(value)
    default:
      if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined
      return isEmptyObject(value) ? '{}' : undefined
  }
}

function isEmptyObject(value: JsonObject): boolean {
  for (const key in value) if (value[key] !== undefined) return false
  return true
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return '.nan'
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf'
  if (Object.is(value, -0)) return '-0'
  return String(value)
}

/** Literal blocks are for text with an inner line break; `"Hi\n"` reads better quoted. */
function isMultiLine(text: string): boolean {
  const index = text.indexOf('\n')
  return index !== -1 && index < text.length - 1
}

function blockHeader(text: string): string {
  let trailing = 0
  while (trailing < text.length && text.charCodeAt(text.length - 1 - trailing) === 10) trailing++
  if (trailing === 0) return '|-'
  return trailing === 1 ? '|' : '|+'
}

function pushBlock(out: string[], text: string, indent: number): void {
  const body = text.endsWith('\n') ? text.slice(0, -1) : text
  const prefix = pad(indent)
  for (const line of body.split('\n')) {
    if (line === '') out.push('\n')
    else out.push(prefix, line, '\n')
  }
}

/**
 * Write the value that follows a `key:` or `-` already in `out`; nested lines are indented to
 * `indent`. In a list, a nested collection starts on the `-` line (`- key: value`).
 */
function pushValue(out: string[], value: JsonValue, indent: number, inList: boolean, shape: YamlShape | undefined): void {
  const scalar = inlineScalar(value)
  if (scalar !== undefined) {
    out.push(' ', scalar, '\n')
  } else if (typeof value === 'string') {
    out.push(' ', blockHeader(value), '\n')
    pushBlock(out, value, indent)
  } else if (inList) {
    pushCollection(out, value, indent, ' ', shape)
  } else {
    out.push('\n')
    pushCollection(out, value, indent, pad(indent), shape)
  }
}

/** Write a non-empty list or object; its first line starts with `firstPrefix`, the others are indented. */
function pushCollection(out: string[], value: JsonValue, indent: number, firstPrefix: string, shape: YamlShape | undefined): void {
  let prefix = firstPrefix
  if (Array.isArray(value)) {
    for (const item of value) {
      out.push(prefix, '-')
      pushValue(out, item, indent + 2, true, shape?.items)
      prefix = pad(indent)
    }
    return
  }
  if (value === null || typeof value !== 'object') return
  const keys = shape?.keys === undefined ? Object.keys(value) : shape.keys(value)
  for (const key of keys) {
    const item = value[key]
    if (item === undefined) continue
    const keyText = keyTextOf(key)
    const child = shape?.children?.[key]
    if (keyText.length <= MAX_IMPLICIT_KEY) {
      out.push(prefix, keyText, ':')
      pushValue(out, item, indent + 2, false, child)
    } else {
      out.push(prefix, '? ', keyText, '\n', pad(indent), ':')
      pushValue(out, item, indent + 2, true, child)
    }
    prefix = pad(indent)
  }
}

/**
 * Write a JSON value as block-style YAML at the given indentation. Every line ends with `\n`;
 * keys whose value is `undefined` are left out.
 *
 * @example
 * emitYaml({ a: 1, b: ['x', 'y z'] }, 0)
 * // 'a: 1\nb:\n  - x\n  - y z\n'
 */
export function emitYaml(value: JsonValue, indent: number, shape?: YamlShape): string {
  const out: string[] = []
  const scalar = inlineScalar(value)
  if (scalar !== undefined) out.push(pad(indent), scalar, '\n')
  else if (typeof value === 'string') {
    out.push(pad(indent), blockHeader(value), '\n')
    pushBlock(out, value, indent + 2)
  } else pushCollection(out, value, indent, pad(indent), shape)
  return out.join('')
}
