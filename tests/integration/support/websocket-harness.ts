/**
 * Helpers for the WebSocket integration tests: a tapedeck server replaying fixture cassettes
 * with tapedeck's WebSocket handler, a raw `ws` client that collects frames, and the recorded
 * frames of a fixture turn.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import WebSocket from 'ws'
import type { Cassette, WebSocketInteraction } from '../../../src/cassette/model.js'
import type { JsonObject } from '../../../src/util/json.js'
// From the package entry point, as an application wrapping tapedeck's own handler imports them.
import {
  createResponsesWebSocketHandler,
  startTapedeck,
  type ResponsesWebSocketOptions,
  type RunningTapedeck,
  type TapedeckOptions,
} from '../../../src/index.js'

/** Absolute path of a fixture cassette. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/cassettes/${name}`, import.meta.url))
}

/** The recorded server frames of turn `turn` of the first interaction of a fixture. */
export function recordedFrames(name: string, turn: number): JsonObject[] {
  const cassette = parse(readFileSync(fixturePath(name), 'utf8')) as Cassette
  const interaction = cassette.interactions[0] as WebSocketInteraction
  return (interaction.turns[turn]?.server ?? []).map((frame) => frame.data as JsonObject)
}

/** The recorded `at` offsets (ms) of the server frames of a fixture turn. */
export function recordedOffsets(name: string, turn: number): number[] {
  const cassette = parse(readFileSync(fixturePath(name), 'utf8')) as Cassette
  const interaction = cassette.interactions[0] as WebSocketInteraction
  return (interaction.turns[turn]?.server ?? []).map((frame) => frame.at)
}

/** The recorded client frame of a fixture turn. */
export function recordedCreate(name: string, turn: number): JsonObject {
  const cassette = parse(readFileSync(fixturePath(name), 'utf8')) as Cassette
  const interaction = cassette.interactions[0] as WebSocketInteraction
  return interaction.turns[turn]?.client.data as JsonObject
}

/** Start tapedeck on port 0 over fixture cassettes, with tapedeck's WebSocket handler. */
export function startWsTapedeck(
  fixtures: string[],
  options: { ws?: ResponsesWebSocketOptions; server?: TapedeckOptions } = {},
): Promise<RunningTapedeck> {
  return startTapedeck({
    cassette: fixtures.map(fixturePath),
    ...options.server,
    createWebSocketHandler: (context) => createResponsesWebSocketHandler(context, options.ws),
  })
}

/** The ws:// URL of the Responses endpoint. */
export function wsUrl(tapedeck: RunningTapedeck): string {
  return `${tapedeck.baseURL.replace(/^http/, 'ws')}/responses`
}

/** A raw client that keeps every frame it receives. */
export interface RawClient {
  ws: WebSocket
  /** Every text frame, parsed (non-JSON frames are kept in `texts` only). */
  frames: JsonObject[]
  texts: string[]
  send(event: JsonObject | string): void
  /** Resolves once `count` frames have arrived in total. */
  waitForFrames(count: number): Promise<JsonObject[]>
  /** Resolves with the frames received until (and including) the first that matches, after `from`. */
  until(match: (frame: JsonObject) => boolean, from?: number): Promise<JsonObject[]>
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>
}

/** Open a raw WebSocket to tapedeck (a fresh scope per connection unless one is given). */
export async function connectRaw(tapedeck: RunningTapedeck, headers: Record<string, string> = {}): Promise<RawClient> {
  const ws = new WebSocket(wsUrl(tapedeck), { headers, perMessageDeflate: false })
  const frames: JsonObject[] = []
  const texts: string[] = []
  let waiters: Array<() => void> = []
  const wake = () => {
    const current = waiters
    waiters = []
    for (const waiter of current) waiter()
  }
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? '' : String(data)
    texts.push(text)
    if (text.startsWith('{')) frames.push(JSON.parse(text) as JsonObject)
    wake()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      wake()
      resolve({ code, reason: reason.toString() })
    })
  })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const waitFor = async (done: () => boolean, what: string) => {
    while (!done()) {
      if (ws.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for ${what}`)
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }
  return {
    ws,
    frames,
    texts,
    closed,
    send: (event) => ws.send(typeof event === 'string' ? event : JSON.stringify(event)),
    waitForFrames: async (count) => {
      await waitFor(() => frames.length >= count, `${count} frames`)
      return frames.slice(0, count)
    },
    until: async (match, from = 0) => {
      let found = -1
      await waitFor(() => {
        found = frames.findIndex((frame, index) => index >= from && match(frame))
        return found !== -1
      }, 'a matching frame')
      return frames.slice(from, found + 1)
    },
  }
}

/** A terminal frame of a turn: `response.completed` / `failed` / `incomplete`, or an `error`. */
export const isTerminal = (frame: JsonObject) =>
  ['response.completed', 'response.failed', 'response.incomplete', 'error'].includes(String(frame['type']))

/** The error code of an error frame, nested or flat. */
export const errorCodeOf = (frame: JsonObject | undefined): unknown =>
  (frame?.['error'] as JsonObject | undefined)?.['code'] ?? frame?.['code']
