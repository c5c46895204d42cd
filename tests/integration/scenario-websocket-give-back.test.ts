/**
 * A `store: false` WebSocket turn whose `previous_response_id` is not cached on the connection is
 * refused with `previous_response_not_found`. When a scenario rule answered it, the refusal gives
 * the rule's use back: the same turn, sent again once its chain is cached, gets the same reply,
 * and the session's turn numbers go on as if the refused turn had not been sent. Driven by
 * openai's `ResponsesWS`, as an application sends it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTapedeck } from '../../src/server/create-server.js'
import type { RunningTapedeck } from '../../src/server/options.js'
import { finalResponse, openWsSession, tempFolder, writeCassette, type WsSession } from './scenario-support.js'

const RULES = `version: 1
name: give-back
rules:
  - name: greet
    match: { endpoint: responses, last_user_message: Hi }
    reply: { id: resp_ws_greeting, text: Hello. }

  - name: answered once
    match: { endpoint: responses, last_user_message: Once?, body: { previous_response_id: resp_ws_greeting } }
    times: 1
    reply: { text: Only once. }

  - name: one answer after another
    match: { endpoint: responses, body: { previous_response_id: resp_ws_greeting } }
    reply:
      - text: First answer.
      - text: Second answer.

  - name: third turn
    match: { endpoint: responses, turn: 3 }
    reply: { text: Third turn. }
interactions: []
`

let tapedeck: RunningTapedeck

beforeAll(async () => {
  const file = writeCassette(tempFolder(), 'give-back.yaml', RULES)
  tapedeck = await startTapedeck({ mode: 'replay', cassette: file })
})

afterAll(async () => {
  await tapedeck.close()
})

/** A `store: false` turn chained to the greeting. */
const chained = (session: WsSession, input: string) =>
  session.turn({ model: 'gpt-5.5', input, store: false, previous_response_id: 'resp_ws_greeting' })

const textOf = (events: Parameters<typeof finalResponse>[0]) =>
  finalResponse(events).output.flatMap((item) => (item.type === 'message' ? item.content : []))

describe('a scenario reply to a refused store:false WebSocket turn', () => {
  it('goes to the same turn sent again once its chain is cached, and the turn count goes on', async () => {
    const before = tapedeck.stats()
    const session = openWsSession(tapedeck, 'give-back-list')
    // The greeting this turn chains to has not been created on this connection yet.
    const early = await chained(session, 'Question?')
    expect(early.map((event) => event.type)).toEqual(['error'])
    expect(session.errors).toMatchObject([{ status: 400, error: { code: 'previous_response_not_found' } }])
    const greeting = await session.turn({ model: 'gpt-5.5', input: 'Hi' })
    expect(finalResponse(greeting).id).toBe('resp_ws_greeting')
    expect(textOf(await chained(session, 'Question?'))).toMatchObject([{ text: 'First answer.' }])
    expect(textOf(await session.turn({ model: 'gpt-5.5', input: 'Anything else?' }))).toMatchObject([{ text: 'Third turn.' }])
    expect(session.errors).toHaveLength(1)
    session.close()
    const after = tapedeck.stats()
    expect({ ruleHits: (after.ruleHits ?? 0) - (before.ruleHits ?? 0), misses: after.misses - before.misses }).toEqual({
      ruleHits: 3,
      misses: 0,
    })
  })

  it('lets a times: 1 rule answer the turn sent again', async () => {
    const session = openWsSession(tapedeck, 'give-back-once')
    await chained(session, 'Once?')
    expect(session.errors).toMatchObject([{ error: { code: 'previous_response_not_found' } }])
    await session.turn({ model: 'gpt-5.5', input: 'Hi' })
    expect(textOf(await chained(session, 'Once?'))).toMatchObject([{ text: 'Only once.' }])
    // Used up now: the next rule answers. (Stored, as the greeting is no longer the lane's latest.)
    const stored = await session.turn({ model: 'gpt-5.5', input: 'Once?', previous_response_id: 'resp_ws_greeting' })
    expect(textOf(stored)).toMatchObject([{ text: 'First answer.' }])
    expect(session.errors).toHaveLength(1)
    session.close()
  })
})
