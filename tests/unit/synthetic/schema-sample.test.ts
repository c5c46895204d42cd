import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { sampleForPattern } from '../../../src/synthetic/pattern-sample.js'
import { sampleFromSchema } from '../../../src/synthetic/schema-sample.js'
import type { JsonValue } from '../../../src/util/json.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }))

function expectValid(schema: JsonValue): JsonValue {
  const value = sampleFromSchema(schema)
  const validate = ajv.compile(schema as object)
  expect(validate(value), `${JSON.stringify(value)} against ${JSON.stringify(schema)}: ${ajv.errorsText(validate.errors)}`).toBe(true)
  return value
}

describe('sampleFromSchema', () => {
  it('fills every property of an object, required or not', () => {
    const value = expectValid({
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' }, metric: { type: 'boolean' } },
      required: ['city'],
      additionalProperties: false,
    })
    expect(value).toEqual({ city: 'example', days: 1, metric: true })
  })

  it('takes enum and const values', () => {
    const schema = {
      type: 'object',
      properties: { unit: { enum: ['celsius', 'fahrenheit'] }, kind: { const: 'weather' } },
      required: ['unit', 'kind'],
    }
    expect(expectValid(schema)).toEqual({ unit: 'celsius', kind: 'weather' })
  })

  it('keeps numbers inside their bounds and on their multiples', () => {
    expectValid({ type: 'integer', minimum: 5, maximum: 9 })
    expectValid({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 })
    expectValid({ type: 'integer', maximum: -3 })
    expect(expectValid({ type: 'integer', minimum: 7, multipleOf: 5 })).toBe(10)
  })

  it('meets string formats and lengths', () => {
    for (const format of ['date-time', 'date', 'time', 'email', 'uri', 'uuid', 'ipv4', 'ipv6', 'hostname', 'duration']) {
      expectValid({ type: 'string', format })
    }
    expect(expectValid({ type: 'string', minLength: 12 })).toHaveLength(12)
    expectValid({ type: 'string', maxLength: 3 })
    expectValid({ type: 'string', pattern: '^[A-Z]{3}$' })
    expectValid({ type: 'string', pattern: '^\\d+$' })
  })

  it('builds arrays with at least one item, distinct when uniqueItems asks', () => {
    expect(expectValid({ type: 'array', items: { type: 'string' } })).toEqual(['example'])
    expectValid({ type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 3, uniqueItems: true })
    expectValid({ type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } }, minItems: 2, uniqueItems: true })
    expect(expectValid({ type: 'array', maxItems: 0 })).toEqual([])
    expectValid({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false })
  })

  it('follows local $refs, anyOf/oneOf (first non-null branch) and allOf', () => {
    expectValid({
      type: 'object',
      $defs: { address: { type: 'object', properties: { street: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } }, required: ['street', 'zip'] } },
      properties: {
        home: { $ref: '#/$defs/address' },
        note: { anyOf: [{ type: 'null' }, { type: 'string', minLength: 2 }] },
        choice: { oneOf: [{ type: 'integer', minimum: 3 }, { type: 'string' }] },
        both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'number' } }, required: ['b'] }] },
      },
      required: ['home', 'note', 'choice', 'both'],
    })
    expectValid({ definitions: { leaf: { type: 'boolean' } }, type: 'object', properties: { flag: { $ref: '#/definitions/leaf' } }, required: ['flag'] })
  })

  it('stops at a depth limit on recursive schemas', () => {
    expectValid({
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['name'] } },
      $ref: '#/$defs/node',
    })
  })

  it('samples typical zod- and pydantic-generated tool schemas', () => {
    expectValid({
      type: 'object',
      properties: {
        query: { type: 'string', description: 'What to search' },
        limit: { type: ['integer', 'null'], minimum: 1, maximum: 50 },
        filters: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } }, required: ['tags'], additionalProperties: false },
      },
      required: ['query', 'limit', 'filters'],
      additionalProperties: false,
    })
  })
})

describe('sampleForPattern', () => {
  it('builds strings for the simple patterns tool schemas use', () => {
    expect(sampleForPattern('^[0-9]{5}$')).toBe('00000')
    expect(sampleForPattern('^(draft|final)-\\d+$')).toBe('draft-0')
    expect(sampleForPattern('^[A-Z]{2}[a-z0-9_]*\\.json$')).toBe('AA.json')
    expect(sampleForPattern('^[^a-z]+$')).toBe('A')
    expect(sampleForPattern('^(?:ab)?c{2,4}$')).toBe('cc')
  })

  it('gives up on lookarounds, backreferences and invalid patterns', () => {
    expect(sampleForPattern('^(?=a)a$')).toBeUndefined()
    expect(sampleForPattern('^(a)\\1$')).toBeUndefined()
    expect(sampleForPattern('(')).toBeUndefined()
  })
})
