/**
 * A deterministic value that satisfies a JSON Schema: the arguments of a tool call nobody
 * scripted, or a structured-output answer. Covers what tool schemas use (types, objects with
 * all their properties, arrays, enum/const, string formats and lengths, number bounds and
 * multipleOf, local `$ref`s, anyOf/oneOf/allOf, simple `pattern`s). Pure.
 * @module
 */
import { getByPointer } from '../util/json-pointer.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { sampleForPattern } from './pattern-sample.js'

/** Recursive schemas stop here: the deepest level gets the smallest valid value. */
const MAX_DEPTH = 6

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2025-01-01T00:00:00Z',
  date: '2025-01-01',
  time: '12:00:00Z',
  duration: 'PT1H',
  email: 'user@example.com',
  'idn-email': 'user@example.com',
  hostname: 'example.com',
  'idn-hostname': 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  'uri-reference': 'https://example.com/',
  iri: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  regex: '.*',
}

/** Strings tried on a `pattern` before building one from the pattern itself. */
const PATTERN_CANDIDATES = ['example', 'a', 'A', '0', 'abc', 'ABC', '123', 'a1', 'A1', 'ab-12']

/**
 * A value valid against `schema`. `$ref`s resolve against the schema itself (`#/$defs/…`,
 * `#/definitions/…`).
 *
 * @example
 * sampleFromSchema({
 *   type: 'object',
 *   properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } },
 *   required: ['city'],
 * })
 * // { city: 'example', days: 1 }
 */
export function sampleFromSchema(schema: JsonValue): JsonValue {
  return sample(schema, schema, 0, 0)
}

function sample(
  schema: JsonValue | undefined,
  root: JsonValue,
  depth: number,
  variant: number,
): JsonValue {
  if (schema === false) return null
  if (!isJsonObject(schema)) return variant === 0 ? 'example' : `example_${variant}`
  const ref = schema['$ref']
  if (typeof ref === 'string') {
    const target = ref.startsWith('#') ? getByPointer(root, decodeURIComponent(ref.slice(1))) : undefined
    const resolved = target === undefined ? {} : mergeSchemas(withoutKey(schema, '$ref'), target)
    return sample(resolved, root, depth + 1, variant)
  }
  if ('const' in schema) return schema['const'] ?? null
  const choices = schema['enum']
  if (Array.isArray(choices) && choices.length > 0) return choices[variant % choices.length] ?? null
  const allOf = schema['allOf']
  if (Array.isArray(allOf)) {
    const merged = allOf.reduce<JsonObject>(mergeSchemas, withoutKey(schema, 'allOf'))
    return sample(merged, root, depth, variant)
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword]
    if (Array.isArray(branches) && branches.length > 0) {
      const branch = branches.find((candidate) => !isNullSchema(candidate)) ?? branches[0] ?? {}
      return sample(mergeSchemas(withoutKey(schema, keyword), branch), root, depth, variant)
    }
  }
  switch (typeOf(schema)) {
    case 'object':
      return sampleObject(schema, root, depth, variant)
    case 'array':
      return sampleArray(schema, root, depth)
    case 'integer':
      return sampleNumber(schema, true, variant)
    case 'number':
      return sampleNumber(schema, false, variant)
    case 'boolean':
      return variant % 2 === 0
    case 'null':
      return null
    default:
      return sampleString(schema, variant)
  }
}

function typeOf(schema: JsonObject): string {
  const type = schema['type']
  if (typeof type === 'string') return type
  if (Array.isArray(type)) return String(type.find((entry) => entry !== 'null') ?? type[0] ?? 'string')
  if (isJsonObject(schema['properties']) || Array.isArray(schema['required'])) return 'object'
  if (schema['items'] !== undefined || schema['prefixItems'] !== undefined) return 'array'
  if (typeof schema['minimum'] === 'number' || typeof schema['maximum'] === 'number') {
    return 'number'
  }
  return 'string'
}

function sampleObject(
  schema: JsonObject,
  root: JsonValue,
  depth: number,
  variant: number,
): JsonObject {
  const properties = isJsonObject(schema['properties']) ? schema['properties'] : {}
  const required = asArray(schema['required']).filter((name): name is string => typeof name === 'string')
  // Past the depth limit only required properties are filled, which ends recursive schemas.
  const names = depth >= MAX_DEPTH ? required : [...new Set([...Object.keys(properties), ...required])]
  const value: JsonObject = {}
  for (const name of names) {
    value[name] = sample(properties[name] ?? { type: 'string' }, root, depth + 1, variant)
  }
  return value
}

function sampleArray(schema: JsonObject, root: JsonValue, depth: number): JsonValue[] {
  const prefix = Array.isArray(schema['prefixItems']) ? schema['prefixItems'] : []
  const minItems = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0
  const maxItems = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Number.POSITIVE_INFINITY
  const wanted = depth >= MAX_DEPTH ? minItems : Math.max(minItems, prefix.length, 1)
  const length = Math.min(wanted, maxItems)
  const items: JsonValue[] = []
  for (let index = 0; index < length; index++) {
    const itemSchema = prefix[index] ?? (schema['items'] === undefined ? {} : schema['items'])
    items.push(sample(itemSchema, root, depth + 1, index))
  }
  return items
}

function sampleNumber(schema: JsonObject, integer: boolean, variant: number): number {
  const number = (key: string) => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined)
  const step = integer ? 1 : 0.5
  const exclusiveMin = number('exclusiveMinimum')
  const exclusiveMax = number('exclusiveMaximum')
  const low = number('minimum') ?? (exclusiveMin === undefined ? undefined : exclusiveMin + step)
  const high = number('maximum') ?? (exclusiveMax === undefined ? undefined : exclusiveMax - step)
  let value = (low ?? (high !== undefined && high < 1 ? high : 1)) + variant * step
  const multipleOf = number('multipleOf')
  if (multipleOf !== undefined && multipleOf > 0) value = Math.ceil(value / multipleOf) * multipleOf
  if (integer) value = Math.ceil(value)
  if (high !== undefined && value > high) value = low ?? high
  return value
}

function sampleString(schema: JsonObject, variant: number): string {
  const format = typeof schema['format'] === 'string' ? FORMAT_SAMPLES[schema['format']] : undefined
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0
  const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity
  const fit = (text: string) => text.padEnd(minLength, 'x').slice(0, maxLength)
  const source = typeof schema['pattern'] === 'string' ? schema['pattern'] : undefined
  const pattern = source === undefined ? undefined : safeRegExp(source)
  const base = format ?? (variant === 0 ? 'example' : `example_${variant}`)
  if (source === undefined || pattern === undefined || format !== undefined) return fit(base)
  const generated = sampleForPattern(source)
  const candidates = [base, ...PATTERN_CANDIDATES, ...(generated === undefined ? [] : [generated])]
  const fits = (candidate: string) =>
    pattern.test(candidate) && candidate.length >= minLength && candidate.length <= maxLength
  const adjusted = candidates.map(fit).find((candidate) => pattern.test(candidate))
  return candidates.find(fits) ?? adjusted ?? fit(base)
}

function mergeSchemas(into: JsonObject, extra: JsonValue): JsonObject {
  if (!isJsonObject(extra)) return into
  const merged: JsonObject = { ...into, ...extra }
  if (isJsonObject(into['properties']) || isJsonObject(extra['properties'])) {
    merged['properties'] = { ...asObject(into['properties']), ...asObject(extra['properties']) }
  }
  if (Array.isArray(into['required']) || Array.isArray(extra['required'])) {
    merged['required'] = [...new Set([...asArray(into['required']), ...asArray(extra['required'])])]
  }
  return merged
}

function isNullSchema(schema: JsonValue): boolean {
  return isJsonObject(schema) && schema['type'] === 'null'
}

function withoutKey(schema: JsonObject, key: string): JsonObject {
  const copy = { ...schema }
  delete copy[key]
  return copy
}

function asObject(value: JsonValue | undefined): JsonObject {
  return isJsonObject(value) ? value : {}
}

function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : []
}

function safeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u')
  } catch {
    return undefined
  }
}
