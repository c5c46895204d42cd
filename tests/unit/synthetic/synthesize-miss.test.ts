import { Ajv2020 } from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { expandChat } from '../../../src/synthetic/expand-chat.js'
import { expandResponses } from '../../../src/synthetic/expand-responses.js'
import { synthesizeForMiss } from '../../../src/synthetic/synthesize-miss.js'
import type { JsonObject } from '../../../src/util/json.js'
import { chatViolations, responsesViolations, sdkFinalChatCompletion, sdkFinalResponse } from './sdk-harness.js'

const weatherParameters = {
  type: 'object',
  properties: { city: { type: 'string', minLength: 2 }, unit: { enum: ['c', 'f'] }, days: { type: 'integer', minimum: 1, maximum: 7 } },
  required: ['city', 'unit', 'days'],
  additionalProperties: false,
}

describe('synthesizeForMiss', () => {
  it('echoes the last user message, or writes lorem or fixed text', () => {
    const request = { model: 'gpt-5', input: [{ role: 'user', content: 'first' }, { role: 'user', content: [{ type: 'input_text', text: 'second' }] }] }
    expect(synthesizeForMiss(request, 'responses', { generator: 'echo', seed: 's' })).toEqual({ text: 'Echo: second' })
    expect(synthesizeForMiss({ messages: [{ role: 'user', content: 'hi' }] }, 'chat', { generator: { fixed: 'Canned.' }, seed: 's' })).toEqual({ text: 'Canned.' })
    const lorem = synthesizeForMiss(request, 'responses', { generator: 'lorem', seed: 's' })
    expect(lorem.text).toMatch(/^[A-Z][a-z]+( [a-z]+){11,}\.$/)
    expect(synthesizeForMiss(request, 'responses', { generator: 'lorem', seed: 's' })).toEqual(lorem)
    expect(synthesizeForMiss(request, 'responses', { generator: 'lorem', seed: 'other' })).not.toEqual(lorem)
  })

  it('calls the required tool with arguments that satisfy its schema (Responses)', async () => {
    const request: JsonObject = {
      model: 'gpt-5',
      input: 'weather?',
      stream: true,
      tool_choice: 'required',
      tools: [{ type: 'function', name: 'get_weather', parameters: weatherParameters, strict: true }],
    }
    const reply = synthesizeForMiss(request, 'responses', { generator: 'echo', seed: 's' })
    expect(reply.tool_calls?.[0]?.name).toBe('get_weather')
    const validate = new Ajv2020({ strict: false }).compile(weatherParameters)
    expect(validate(reply.tool_calls?.[0]?.arguments)).toBe(true)
    const answer = expandResponses(reply, { request, seed: 's', stream: true })
    expect(responsesViolations(answer)).toEqual([])
    const final = await sdkFinalResponse(answer, request)
    const call = final.output[0]
    expect(call?.type === 'function_call' && validate(JSON.parse(call.arguments))).toBe(true)
  })

  it('calls the tool a Chat request names in tool_choice', async () => {
    const request: JsonObject = {
      model: 'gpt-5',
      messages: [{ role: 'user', content: 'weather?' }],
      stream: true,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      tools: [
        { type: 'function', function: { name: 'other', parameters: { type: 'object', properties: {} } } },
        { type: 'function', function: { name: 'get_weather', parameters: weatherParameters } },
      ],
    }
    const reply = synthesizeForMiss(request, 'chat', { generator: 'echo', seed: 's' })
    expect(reply.tool_calls?.map((call) => call.name)).toEqual(['get_weather'])
    const answer = expandChat(reply, { request, seed: 's', stream: true })
    expect(chatViolations(answer, false)).toEqual([])
    const final = await sdkFinalChatCompletion(answer, request)
    expect(final.choices[0]?.finish_reason).toBe('tool_calls')
  })

  it('answers text when tools are only offered, and JSON when a schema is demanded', () => {
    const offered = { input: 'hi', tool_choice: 'auto', tools: [{ type: 'function', name: 'f', parameters: {} }] }
    expect(synthesizeForMiss(offered, 'responses', { generator: 'echo', seed: 's' })).toEqual({ text: 'Echo: hi' })
    const okSchema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }
    const structured = { input: 'hi', text: { format: { type: 'json_schema', name: 'answer', schema: okSchema } } }
    expect(synthesizeForMiss(structured, 'responses', { generator: 'echo', seed: 's' })).toEqual({ text: '{"ok":true}' })
    const nSchema = { type: 'object', properties: { n: { type: 'integer' } } }
    const chatStructured = { messages: [], response_format: { type: 'json_schema', json_schema: { name: 'a', schema: nSchema } } }
    expect(synthesizeForMiss(chatStructured, 'chat', { generator: 'echo', seed: 's' })).toEqual({ text: '{"n":1}' })
  })

  it('honours allowed_tools in required mode', () => {
    const request: JsonObject = {
      input: 'x',
      tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'second' }] },
      tools: [{ type: 'function', name: 'first' }, { type: 'function', name: 'second', parameters: { type: 'object', properties: { a: { type: 'string' } } } }],
    }
    expect(synthesizeForMiss(request, 'responses', { generator: 'echo', seed: 's' })).toEqual({ tool_calls: [{ name: 'second', arguments: { a: 'example' } }] })
  })
})
