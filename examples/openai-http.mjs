// openai-node over plain HTTP (JSON answers): a Responses call, a manual tool loop, and a Chat
// Completions call. Reads OPENAI_BASE_URL and OPENAI_API_KEY from the environment, so it runs
// unchanged against OpenAI or against tapedeck:
//
//   tapedeck run --mode replay --cassette scenarios/quickstart.expanded.yaml -- node examples/openai-http.mjs
import OpenAI from 'openai'

const client = new OpenAI({ maxRetries: 0 })

const response = await client.responses.create({
  model: 'gpt-5.5',
  input: 'Say hello to tapedeck in one sentence.',
})
console.log(`responses: ${response.output_text}`)

// A tool loop by hand: the model asks for get_weather, we run it, and send the result back.
const question = 'What is the weather in Paris right now?'
const first = await client.responses.create({ model: 'gpt-5.5', input: question })
const call = first.output.find((item) => item.type === 'function_call')
if (call === undefined) throw new Error('expected a get_weather call')
console.log(`tool call: ${call.name}(${call.arguments})`)
const weather = {
  city: JSON.parse(call.arguments).city,
  temperature_c: 18,
  conditions: 'light rain',
}
const second = await client.responses.create({
  model: 'gpt-5.5',
  input: [
    { role: 'user', content: question },
    { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
    { type: 'function_call_output', call_id: call.call_id, output: JSON.stringify(weather) },
  ],
})
console.log(`tool answer: ${second.output_text}`)

const completion = await client.chat.completions.create({
  model: 'gpt-5.5',
  messages: [{ role: 'user', content: 'Name the three primary colours, comma-separated.' }],
})
console.log(`chat: ${completion.choices[0]?.message.content}`)
