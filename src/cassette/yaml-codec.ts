/**
 * TEMPORARY STUB: the cassette helper replaces this file with the full codec
 * (line/column errors, schema validation, deterministic output, comment-preserving append).
 * The two signatures below are the contract.
 * @module
 */
import { parse, stringify } from 'yaml'
import type { Cassette } from './model.js'

/** Parse cassette YAML text. `file` is used in error messages. */
export function parseCassette(text: string, file: string): Cassette {
  void file
  return parse(text) as Cassette
}

/** Serialise a cassette to YAML deterministically. */
export function stringifyCassette(cassette: Cassette): string {
  return stringify(cassette)
}
