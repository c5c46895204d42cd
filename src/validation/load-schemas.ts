/**
 * Reads schemas/openai/ from the package: the only file of validation/ that touches the file
 * system, and only once per process (the registry caches the result).
 * @module
 */
import { readFileSync, readdirSync } from 'node:fs'
import { TapedeckError } from '../errors.js'
import { isJsonObject, type JsonObject } from '../util/json.js'
import { parseWireOverlay, type WireOverlay } from './wire-overlay.js'

/** The strict schema documents and the wire overlay. */
export interface SchemaDocuments {
  schemas: JsonObject[]
  overlay: WireOverlay
}

/**
 * The schemas folder, found relative to this module so that it works from `src/` (vitest) and
 * from `dist/` (the built package) alike.
 */
const OPENAI_SCHEMAS_DIR = new URL('../../schemas/openai/', import.meta.url)

const OVERLAY_FILE = 'wire-profile.overlay.json'

/**
 * Read every `*.schema.json` of schemas/openai/ and the wire overlay.
 *
 * @example
 * const { schemas, overlay } = loadSchemaDocuments()
 * schemas.length // 6
 */
export function loadSchemaDocuments(dir: URL = OPENAI_SCHEMAS_DIR): SchemaDocuments {
  const names = listSchemaFiles(dir)
  const schemas = names.map((name) => readJsonObject(new URL(name, dir)))
  const overlay = parseWireOverlay(readJsonObject(new URL(OVERLAY_FILE, dir)))
  return { schemas, overlay }
}

function listSchemaFiles(dir: URL): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.schema.json'))
      .sort()
  } catch (cause) {
    throw new TapedeckError(
      'TAPEDECK_INTERNAL',
      `Failed to load the OpenAI schemas: cannot list ${dir.pathname}. Reinstall tapedeck; the package ships schemas/.`,
      { cause },
    )
  }
}

function readJsonObject(file: URL): JsonObject {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (cause) {
    throw new TapedeckError(
      'TAPEDECK_INTERNAL',
      `Failed to load the OpenAI schemas: ${file.pathname} is missing or not JSON. Reinstall tapedeck.`,
      { cause, file: file.pathname },
    )
  }
  if (!isJsonObject(parsed)) {
    throw new TapedeckError('TAPEDECK_INTERNAL', `Failed to load the OpenAI schemas: ${file.pathname} is not a JSON object.`, {
      file: file.pathname,
    })
  }
  return parsed
}
