/**
 * Answers for requests nothing matches (`--on-miss synthesize`): a text (echo, lorem or fixed),
 * a structured-output JSON text when the request demands a JSON Schema, or a tool call whose
 * arguments satisfy the tool's schema when `tool_choice` requires a call. Pure.
 * @module
 */
import { lastUserMessage } from '../scenario/request-text.js'
import type { CompactReply } from '../scenario/types.js'
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.js'
import { objectsOf } from './compact-parts.js'
import { sampleFromSchema } from './schema-sample.js'
import { createSeededRandom } from './seeded-random.js'

/** Where synthesized text comes from. */
export type MissGenerator = 'echo' | 'lorem' | { fixed: string }

/** Options of gap filling, from the config. */
export interface MissOptions {
  generator: MissGenerator
  /** Seeds lorem text (and, through the expansion, ids). */
  seed: string
}

const LOREM = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut ' +
  'labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco ' +
  'laboris nisi aliquip ex ea commodo consequat'
).split(' ')

/** A function tool a request offers. */
interface OfferedTool {
  name: string
  parameters?: JsonValue
}

/**
 * The compact reply for a request nothing matched; expand it like any other.
 *
 * @example
 * const options = { generator: 'echo', seed: 's' } as const
 * synthesizeForMiss({ input: 'Hi' }, 'responses', options) // { text: 'Echo: Hi' }
 * const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }
 * const tools = [{ type: 'function', name: 'get_weather', parameters }]
 * synthesizeForMiss({ input: 'Hi', tool_choice: 'required', tools }, 'responses', options)
 * // { tool_calls: [{ name: 'get_weather', arguments: { city: 'example' } }] }
 */
export function synthesizeForMiss(
  request: JsonObject,
  endpoint: 'responses' | 'chat',
  options: MissOptions,
): CompactReply {
  const tool = requiredTool(request, endpoint)
  if (tool !== undefined) {
    const sample = tool.parameters === undefined ? {} : sampleFromSchema(tool.parameters)
    const args = isJsonObject(sample) ? sample : JSON.stringify(sample)
    return { tool_calls: [{ name: tool.name, arguments: args }] }
  }
  const schema = structuredOutputSchema(request, endpoint)
  if (schema !== undefined) return { text: JSON.stringify(sampleFromSchema(schema)) }
  return { text: generatedText(request, options) }
}

function generatedText(request: JsonObject, options: MissOptions): string {
  const generator = options.generator
  if (generator === 'echo') return `Echo: ${lastUserMessage(request) ?? ''}`
  if (generator === 'lorem') {
    const random = createSeededRandom(`${options.seed}\u0000lorem`)
    const length = 12 + random.int(20)
    const words = Array.from({ length }, () => LOREM[random.int(LOREM.length)] ?? 'lorem')
    const sentence = words.join(' ')
    return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`
  }
  return generator.fixed
}

/** The function tool `tool_choice` forces: `required` (the first function tool) or a named one. */
function requiredTool(request: JsonObject, endpoint: 'responses' | 'chat'): OfferedTool | undefined {
  const tools = objectsOf(request['tools']).flatMap((tool): OfferedTool[] => {
    const nested = tool['function']
    const definition = endpoint === 'chat' && isJsonObject(nested) ? nested : tool
    const name = definition['name']
    if (tool['type'] !== 'function' || typeof name !== 'string') return []
    const parameters = definition['parameters']
    return [parameters === undefined ? { name } : { name, parameters }]
  })
  const choice = request['tool_choice']
  if (choice === 'required') return tools[0]
  if (!isJsonObject(choice)) return undefined
  if (choice['type'] === 'allowed_tools' && choice['mode'] === 'required') {
    const allowed = objectsOf(choice['tools']).map(toolName)
    return tools.find((tool) => allowed.includes(tool.name))
  }
  if (choice['type'] !== 'function') return undefined
  const name = toolName(choice)
  return tools.find((tool) => tool.name === name) ?? (name === undefined ? undefined : { name })
}

function toolName(reference: JsonObject): string | undefined {
  const nested = reference['function']
  if (isJsonObject(nested) && typeof nested['name'] === 'string') return nested['name']
  return typeof reference['name'] === 'string' ? reference['name'] : undefined
}

/** The JSON Schema a structured-output request demands (`text.format` or `response_format`). */
function structuredOutputSchema(request: JsonObject, endpoint: 'responses' | 'chat'): JsonValue | undefined {
  if (endpoint === 'responses') {
    const text = request['text']
    const format = isJsonObject(text) ? text['format'] : undefined
    if (isJsonObject(format) && format['type'] === 'json_schema') return format['schema'] ?? {}
    if (isJsonObject(format) && format['type'] === 'json_object') return { type: 'object' }
    return undefined
  }
  const format = request['response_format']
  if (!isJsonObject(format)) return undefined
  if (format['type'] === 'json_object') return { type: 'object' }
  const jsonSchema = format['json_schema']
  if (format['type'] === 'json_schema' && isJsonObject(jsonSchema)) return jsonSchema['schema'] ?? {}
  return undefined
}
