/**
 * Helpers to drive `ResponsesWS` turn by turn in tests.
 * @module
 */
import type OpenAI from 'openai'
import { ResponsesWS } from 'openai/resources/responses/ws'

/** A server event as tests look at it. */
export interface WsEvent {
  type: string
  response?: { id: string; status?: string }
  [key: string]: unknown
}

type ClientEvent = Parameters<ResponsesWS['send']>[0]

/**
 * Send one `response.create` and collect the server events up to the terminal one
 * (`response.completed`/`failed`/`incomplete`, or an `error` before the response started).
 *
 * @example
 * const events = await collectWsTurn(ws, { type: 'response.create', model: 'gpt-5.5', input: 'hi' })
 */
export function collectWsTurn(ws: ResponsesWS, event: Record<string, unknown>): Promise<WsEvent[]> {
  return new Promise((resolve, reject) => {
    const events: WsEvent[] = []
    const onEvent = (received: unknown) => {
      const current = received as WsEvent
      events.push(current)
      const started = events.some((item) => item.type === 'response.created')
      const terminal = ['response.completed', 'response.failed', 'response.incomplete'].includes(current.type)
      if (terminal || (current.type === 'error' && !started)) {
        cleanup()
        resolve(events)
      }
    }
    const onClose = (code: number) => {
      cleanup()
      reject(Object.assign(new Error(`closed with ${code}`), { code, events }))
    }
    const cleanup = () => {
      ws.off('event', onEvent)
      ws.off('close', onClose)
    }
    ws.on('event', onEvent)
    ws.on('close', onClose)
    ws.send(event as unknown as ClientEvent)
  })
}

/**
 * Open a `ResponsesWS` whose `error` emissions are collected: the SDK emits every error frame
 * as an `error` too, and without a listener it becomes an unhandled rejection.
 *
 * @example
 * const { ws, errors } = openResponsesWS(client)
 */
export function openResponsesWS(client: OpenAI): { ws: ResponsesWS; errors: Error[] } {
  const ws = new ResponsesWS(client)
  const errors: Error[] = []
  ws.on('error', (error) => errors.push(error))
  return { ws, errors }
}
