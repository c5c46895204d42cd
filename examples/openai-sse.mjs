// openai-node with streaming over SSE: a Responses stream printed as it arrives, then a Chat
// Completions stream. Reads OPENAI_BASE_URL and OPENAI_API_KEY from the environment:
//
//   tapedeck run --mode replay --cassette scenarios/quickstart.expanded.yaml -- node examples/openai-sse.mjs
import OpenAI from 'openai'

const client = new OpenAI({ maxRetries: 0 })

const stream = client.responses.stream({
  model: 'gpt-5.5',
  input: 'Tell me a two-sentence story about a cassette tape.',
})
let deltas = 0
stream.on('response.output_text.delta', (event) => {
  deltas += 1
  process.stdout.write(event.delta)
})
const response = await stream.finalResponse()
process.stdout.write('\n')
console.log(
  `responses stream: ${deltas} text deltas, ${response.usage?.output_tokens} output tokens, status ${response.status}`,
)

const chunks = await client.chat.completions.create({
  model: 'gpt-5.5',
  messages: [{ role: 'user', content: 'Count from one to five in words.' }],
  stream: true,
})
let text = ''
for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? ''
console.log(`chat stream: ${text}`)
