import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { JsonObject } from '../../../src/util/json.js'
import { createSchemaRegistry, loadSchemaDocuments, SCHEMA_IDS, SCHEMA_REFS } from '../../../src/validation/index.js'
import { applyWireOverlay } from '../../../src/validation/wire-overlay.js'

const documents = loadSchemaDocuments()
const eventsSchema = documents.schemas.find((schema) => schema['$id'] === SCHEMA_IDS.responsesEvents) as JsonObject
const eventTypes = Object.keys(eventsSchema['$defs'] as JsonObject)

/** The 59 members of ResponseStreamEvent in openai-node 7.57.0 (src/resources/responses/responses.ts). */
function sdkEventTypes(): string[] {
  const source = readFileSync(new URL('../../../node_modules/openai/src/resources/responses/responses.ts', import.meta.url), 'utf8')
  const union = /export type ResponseStreamEvent =([\s\S]*?);/.exec(source)?.[1] ?? ''
  const names = union.split('|').map((name) => name.trim()).filter(Boolean)
  return names.map((name) => {
    const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? ''
    return /type: '([^']+)'/.exec(body)?.[1] ?? `?${name}`
  })
}

describe('schemas/openai', () => {
  it('defines exactly the 59 event types of openai-node 7.57.0', () => {
    expect(eventTypes).toHaveLength(59)
    expect([...eventTypes].sort()).toEqual(sdkEventTypes().sort())
  })

  it('uses tapedeck $ids and draft 2020-12 in every document', () => {
    for (const schema of documents.schemas) {
      expect(schema['$id']).toMatch(/^https:\/\/tapedeck\.dev\/schemas\/openai\/[a-z-]+\.schema\.json$/)
      expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema')
    }
  })

  it('compiles every event type and every named definition under both profiles', () => {
    for (const profile of ['wire', 'strict'] as const) {
      const registry = createSchemaRegistry(documents, profile)
      for (const type of eventTypes) expect(registry.responsesEvent(type), type).toBeTypeOf('function')
      for (const ref of Object.values(SCHEMA_REFS)) expect(registry.get(ref), ref).toBeTypeOf('function')
      expect(registry.responsesEvent('response.steer.accepted')).toBeUndefined()
      expect(registry.websocketEvent('response.steer.accepted')).toBeTypeOf('function')
      expect(registry.responsesEvent('response.unknown')).toBeUndefined()
    }
  })

  it('requires sequence_number on every event and optional obfuscation under strict', () => {
    const registry = createSchemaRegistry(documents, 'strict')
    const delta = { type: 'response.output_text.delta', sequence_number: 3, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi', logprobs: [] }
    const validate = registry.responsesEvent('response.output_text.delta')!
    expect(validate(delta)).toBe(true)
    expect(validate({ ...delta, obfuscation: 'k3J' })).toBe(true)
    expect(validate({ ...delta, obfuscation: 7 })).toBe(false)
    const { sequence_number: _number, ...unnumbered } = delta
    expect(validate(unnumbered)).toBe(false)
    expect(createSchemaRegistry(documents, 'wire').responsesEvent('response.output_text.delta')!(unnumbered)).toBe(true)
  })

  it('accepts both error shapes as the `error` event', () => {
    const validate = createSchemaRegistry(documents, 'strict').responsesEvent('error')!
    expect(validate({ type: 'error', code: 'server_error', message: 'Boom.', param: null, sequence_number: 4 })).toBe(true)
    expect(validate({ type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'x', message: 'Bad.', param: null } })).toBe(true)
    expect(validate({ type: 'error', message: 'Boom.' })).toBe(false)
  })
})

describe('wire overlay', () => {
  it('leaves the strict documents untouched and patches copies', () => {
    const before = JSON.stringify(documents.schemas)
    const wire = applyWireOverlay(documents.schemas, documents.overlay)
    expect(JSON.stringify(documents.schemas)).toBe(before)
    expect(JSON.stringify(wire)).not.toBe(before)
  })

  it('supports unrequire with a * wildcard, allow-null and replace', () => {
    const schema: JsonObject = {
      $id: 'https://example.test/a.json',
      $defs: { A: { required: ['x', 'sequence_number'] }, B: { required: ['sequence_number'] }, C: { properties: { u: { type: 'string' } } } },
    }
    const [patched] = applyWireOverlay([schema], {
      patches: [
        { relaxation: 'r1', schema: 'https://example.test/a.json', op: 'unrequire', path: '/$defs/*', names: ['sequence_number'] },
        { relaxation: 'r2', schema: 'https://example.test/a.json', op: 'allow-null', path: '/$defs/C/properties/u' },
        { relaxation: 'r3', schema: 'https://example.test/a.json', op: 'replace', path: '/$defs/B', value: { type: 'number' } },
      ],
    })
    expect(patched).toEqual({
      $id: 'https://example.test/a.json',
      $defs: { A: { required: ['x'] }, B: { type: 'number' }, C: { properties: { u: { anyOf: [{ type: 'string' }, { type: 'null' }] } } } },
    })
  })

  it('rejects a stale patch that matches nothing', () => {
    expect(() =>
      applyWireOverlay(documents.schemas, {
        patches: [{ relaxation: 'gone', schema: SCHEMA_IDS.response, op: 'unrequire', path: '/$defs/Response', names: ['no_such_field'] }],
      }),
    ).toThrow(/Failed to apply the wire profile overlay: gone: \/\$defs\/Response matches nothing/)
  })
})
