import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import {
  formatValues,
  mostRelevantError,
  readAjvError,
  typeWithArticle,
} from '../../../src/util/explain-ajv-errors.js'

const schema = {
  type: 'object',
  properties: {
    transport: { enum: ['http', 'sse'] },
    version: { const: 1 },
    path: { type: 'string', pattern: '^/' },
    count: { type: 'integer', minimum: 0 },
    headers: { type: 'object', propertyNames: { pattern: '^[a-z-]+$' } },
    'a/b': { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } }, required: ['name'] },
  },
  additionalProperties: false,
}

/** Every error of validating `value` (ajv as tapedeck configures it: all errors, verbose). */
function errorsOf(value: unknown): ErrorObject[] {
  const validate = new Ajv2020({ allErrors: true, verbose: true, strict: true }).compile(schema)
  expect(validate(value)).toBe(false)
  return validate.errors ?? []
}

function only(value: unknown): ErrorObject {
  const errors = errorsOf(value)
  expect(errors).toHaveLength(1)
  return errors[0] as ErrorObject
}

describe('readAjvError', () => {
  it('reads an unknown key, pointing at the key, with the keys allowed there', () => {
    expect(readAjvError(only({ transprt: 'http' }))).toEqual({
      kind: 'unknown-key',
      pointer: '/transprt',
      key: 'transprt',
      allowed: ['transport', 'version', 'path', 'count', 'headers', 'a/b'],
    })
  })

  it('escapes pointer segments of a key', () => {
    expect(readAjvError(only({ 'a/b': { name: 'x', 'x~y': 1 } }))).toMatchObject({ kind: 'unknown-key', pointer: '/a~1b/x~0y', key: 'x~y' })
  })

  it('reads a missing key at the object that lacks it', () => {
    expect(readAjvError(only({ 'a/b': {} }))).toEqual({ kind: 'missing-key', pointer: '/a~1b', key: 'name' })
  })

  it('reads a key a propertyNames schema refuses, pointing at the key', () => {
    const reading = readAjvError(errorsOf({ headers: { Bad_Key: 'x' } }).find((error) => error.propertyName !== undefined) as ErrorObject)
    expect(reading).toEqual({ kind: 'refused-key', pointer: '/headers/Bad_Key', key: 'Bad_Key' })
  })

  it('reads the expected type, allowed values, constant and pattern', () => {
    expect(readAjvError(only({ count: 'many' }))).toEqual({ kind: 'type', pointer: '/count', type: 'integer' })
    expect(readAjvError(only({ transport: 'htp' }))).toEqual({ kind: 'enum', pointer: '/transport', values: ['http', 'sse'] })
    expect(readAjvError(only({ version: 2 }))).toEqual({ kind: 'const', pointer: '/version', value: 1 })
    expect(readAjvError(only({ path: 'v1' }))).toEqual({ kind: 'pattern', pointer: '/path', pattern: '^/' })
  })

  it('passes any other keyword on with ajv\'s message', () => {
    expect(readAjvError(only({ count: -1 }))).toEqual({ kind: 'other', pointer: '/count', keyword: 'minimum', message: 'must be >= 0' })
  })
})

describe('mostRelevantError', () => {
  const byPathLength = (left: ErrorObject, right: ErrorObject) => right.instancePath.length - left.instancePath.length

  it('takes the least by the comparison, passing over noise', () => {
    const errors = errorsOf({ count: 'x', 'a/b': {}, transport: 'htp' })
    expect(mostRelevantError(errors, () => false, byPathLength)?.instancePath).toBe('/transport')
    expect(mostRelevantError(errors, (error) => error.keyword === 'enum', byPathLength)?.instancePath).toBe('/count')
  })

  it('keeps the earliest error on a tie', () => {
    const errors = errorsOf({ count: 'x', path: 1 })
    expect(mostRelevantError(errors, () => false, () => 0)).toBe(errors[0])
  })

  it('falls back to all errors when every one is noise, and to undefined for none', () => {
    const errors = errorsOf({ count: 'x' })
    expect(mostRelevantError(errors, () => true, byPathLength)).toBe(errors[0])
    expect(mostRelevantError([], () => false, byPathLength)).toBeUndefined()
  })
})

describe('typeWithArticle', () => {
  it('names JSON types as a YAML author reads them, with the right article', () => {
    expect(typeWithArticle('integer')).toBe('an integer')
    expect(typeWithArticle('string')).toBe('a string')
    expect(typeWithArticle('object')).toBe('a mapping')
    expect(typeWithArticle('array')).toBe('a list')
    expect(typeWithArticle('object,string')).toBe('a mapping or string')
  })
})

describe('formatValues', () => {
  it('writes values as in YAML or JSON, strings quoted', () => {
    expect(formatValues(['http', 'sse', 1, null])).toBe('"http", "sse", 1, null')
    expect(formatValues([])).toBe('')
  })
})
