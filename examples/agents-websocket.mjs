// The OpenAI Agents SDK over Responses WebSocket mode: an agent with a get_weather tool, run to
// its final answer (two model turns: the tool call, then the answer from the tool's result).
// Reads OPENAI_BASE_URL and OPENAI_API_KEY from the environment:
//
//   tapedeck run --mode replay --cassette scenarios/agents-weather.expanded.yaml -- node examples/agents-websocket.mjs
import { Agent, run, setOpenAIResponsesTransport, setTracingDisabled, tool } from '@openai/agents'
import { z } from 'zod'

// Node 20 has no global WebSocket; the Agents SDK uses whichever constructor is global.
if (globalThis.WebSocket === undefined) globalThis.WebSocket = (await import('ws')).default

setTracingDisabled(true) // tracing would upload spans to OpenAI
setOpenAIResponsesTransport('websocket')

const getWeather = tool({
  name: 'get_weather',
  description: 'Get the current weather in a city.',
  parameters: z.object({ city: z.string().describe('The city name, e.g. Paris') }),
  execute: async ({ city }) => {
    console.log(`tool: get_weather(${city})`)
    return JSON.stringify({ city, temperature_c: 18, conditions: 'light rain' })
  },
})

const agent = new Agent({
  name: 'Weather assistant',
  instructions:
    'You answer questions about the weather. Always call get_weather; answer in one sentence.',
  model: 'gpt-5.5',
  tools: [getWeather],
})

const result = await run(agent, 'Should I take an umbrella in Paris today?')
console.log(`agent: ${result.finalOutput}`)
console.log(`agent: ${result.rawResponses.length} model turns`)
process.exit(0) // the SDK keeps its WebSocket open for reuse
