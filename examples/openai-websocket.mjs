// openai-node's Responses WebSocket mode (ResponsesWS): two turns on one connection, the second
// chained to the first with previous_response_id. Reads OPENAI_BASE_URL and OPENAI_API_KEY:
//
//   tapedeck run --mode replay --cassette scenarios/quickstart.expanded.yaml -- node examples/openai-websocket.mjs
import OpenAI from 'openai'
import { ResponsesWS } from 'openai/resources/responses/ws'

const client = new OpenAI({ maxRetries: 0 })
const ws = new ResponsesWS(client)

/** Send one response.create and resolve with its final response (or reject on an error event). */
function turn(request) {
  return new Promise((resolve, reject) => {
    const onEvent = (event) => {
      if (event.type === 'response.output_text.delta') process.stdout.write(event.delta)
      if (
        event.type === 'response.completed' ||
        event.type === 'response.failed' ||
        event.type === 'response.incomplete'
      ) {
        ws.off('event', onEvent)
        ws.off('error', onError)
        process.stdout.write('\n')
        resolve(event.response)
      }
    }
    const onError = (error) => {
      ws.off('event', onEvent)
      ws.off('error', onError)
      reject(error)
    }
    ws.on('event', onEvent)
    ws.on('error', onError)
    ws.send({ type: 'response.create', ...request })
  })
}

const first = await turn({ model: 'gpt-5.5', input: 'My name is Ada. Please remember it.' })
const second = await turn({
  model: 'gpt-5.5',
  input: 'What is my name?',
  previous_response_id: first.id,
})
console.log(`websocket: 2 turns, second chained to ${first.id}, status ${second.status}`)
ws.close()
