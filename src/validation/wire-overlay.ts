/**
 * The `wire` profile as a small overlay on the strict schemas: a list of JSON-pointer patches
 * (schemas/openai/wire-profile.overlay.json), each naming the relaxation it implements. Keeping
 * the relaxations as data means the strict files stay the specification, and docs/compliance.md
 * can list every difference.
 * @module
 */
import { TapedeckError } from '../errors.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { parsePointer } from '../util/json-pointer.js'

/** One patch of the overlay. */
export type WirePatch =
  | { relaxation: string; schema: string; op: 'unrequire'; path: string; names: string[] }
  | { relaxation: string; schema: string; op: 'allow-null'; path: string }
  | { relaxation: string; schema: string; op: 'replace'; path: string; value: JsonValue }

/** The parsed overlay file. */
export interface WireOverlay {
  patches: WirePatch[]
}

/**
 * Check the shape of the overlay file.
 *
 * @example
 * parseWireOverlay({ patches: [] }) // { patches: [] }
 */
export function parseWireOverlay(value: JsonObject): WireOverlay {
  const patches = value['patches']
  if (!Array.isArray(patches)) throw overlayError('`patches` must be an array')
  return { patches: patches.map((patch, index) => parsePatch(patch, index)) }
}

function parsePatch(patch: JsonValue, index: number): WirePatch {
  if (!isJsonObject(patch)) throw overlayError(`patch ${index} must be an object`)
  const { relaxation, schema, op, path } = patch
  if (typeof relaxation !== 'string' || typeof schema !== 'string' || typeof path !== 'string') {
    throw overlayError(`patch ${index} needs string relaxation, schema and path`)
  }
  if (op === 'unrequire') {
    const names = patch['names']
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
      throw overlayError(`patch ${index} (unrequire) needs a string array \`names\``)
    }
    return { relaxation, schema, op, path, names: names as string[] }
  }
  if (op === 'allow-null') return { relaxation, schema, op, path }
  if (op === 'replace' && patch['value'] !== undefined) return { relaxation, schema, op, path, value: patch['value'] }
  throw overlayError(`patch ${index} has an unknown op ${JSON.stringify(op)}; use unrequire, allow-null or replace`)
}

/**
 * Apply the overlay to copies of the strict schemas (the inputs are not changed). A patch that
 * matches nothing is an error: it means a schema was edited and the overlay went stale.
 *
 * @example
 * const wire = applyWireOverlay(strictSchemas, overlay)
 */
export function applyWireOverlay(schemas: readonly JsonObject[], overlay: WireOverlay): JsonObject[] {
  const copies = schemas.map((schema) => structuredClone(schema))
  for (const patch of overlay.patches) {
    const target = copies.find((schema) => schema['$id'] === patch.schema)
    if (target === undefined) throw overlayError(`no schema has $id ${patch.schema}`)
    const matches = applyPatch(target, parsePointer(patch.path), patch)
    if (matches === 0) throw overlayError(`${patch.relaxation}: ${patch.path} matches nothing in ${patch.schema}`)
  }
  return copies
}

/** Walk `segments` (with `*` wildcards) and patch every match; returns how many were patched. */
function applyPatch(node: JsonObject, segments: string[], patch: WirePatch): number {
  const [head, ...rest] = segments
  if (head === undefined) return patchNode(node, patch)
  const keys = head === '*' ? Object.keys(node) : [head]
  let count = 0
  for (const key of keys) {
    const child = node[key]
    if (!isJsonObject(child)) continue
    if (rest.length === 0 && patch.op !== 'unrequire') {
      node[key] = patch.op === 'replace' ? structuredClone(patch.value) : { anyOf: [child, { type: 'null' }] }
      count++
    } else {
      count += applyPatch(child, rest, patch)
    }
  }
  return count
}

function patchNode(node: JsonObject, patch: WirePatch): number {
  if (patch.op !== 'unrequire') return 0
  const required = node['required']
  if (!Array.isArray(required)) return 0
  const kept = required.filter((name) => typeof name !== 'string' || !patch.names.includes(name))
  if (kept.length === required.length) return 0
  node['required'] = kept
  return 1
}

function overlayError(reason: string): TapedeckError {
  return new TapedeckError(
    'TAPEDECK_INTERNAL',
    `Failed to apply the wire profile overlay: ${reason}. Fix schemas/openai/wire-profile.overlay.json.`,
  )
}
