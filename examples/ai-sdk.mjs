// The Vercel AI SDK (`ai` + `@ai-sdk/openai`, which calls the Responses API): streamText, printed
// as it arrives. Reads OPENAI_BASE_URL and OPENAI_API_KEY from the environment:
//
//   tapedeck run --mode replay --cassette scenarios/ai-sdk.expanded.yaml -- node examples/ai-sdk.mjs
import { createOpenAI } from '@ai-sdk/openai'
import { streamText } from 'ai'

const openai = createOpenAI({
  baseURL: process.env.OPENAI_BASE_URL,
  apiKey: process.env.OPENAI_API_KEY,
})

const result = streamText({
  model: openai('gpt-5.5'),
  prompt: 'Write a haiku about replaying recorded API traffic.',
  maxRetries: 0,
})
for await (const delta of result.textStream) process.stdout.write(delta)
process.stdout.write('\n')
const usage = await result.usage
console.log(
  `ai-sdk: finish reason ${await result.finishReason}, ${usage.outputTokens} output tokens`,
)
