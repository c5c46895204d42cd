/**
 * The lanes of one connection (openai-wire-protocol.md §2.7–2.8): the default lane plus up to 32
 * named `stream_id` lanes, each with its FIFO queue and its one-slot cache of the latest
 * completed response, and the connection-wide count of responses in flight. Pure state.
 * @module
 */
import type { SessionLimits } from './limits.js'

/** One lane: its queue of turns and the id of its latest completed response. */
export interface Lane<Turn> {
  streamId: string | undefined
  cachedResponseId: string | undefined
  queue: Turn[]
  running: boolean
}

/** The lanes of a connection. */
export interface LaneRegistry<Turn> {
  /**
   * Queue a turn on its lane, creating the lane if needed. A turn naming a lane is refused
   * (`'limit'`) at 16 responses in flight or when a 33rd named lane would be needed; the default
   * lane queues without limit, like the original one-in-flight protocol.
   */
  enqueue(streamId: string | undefined, turn: Turn): Lane<Turn> | 'limit'
  /** A turn ended (finished, failed or abandoned). */
  settle(): void
  /** Drop every queued (not running) turn. */
  dropQueued(): void
  /** Whether `responseId` is the cached response of any lane (a lane may fork from another). */
  isCached(responseId: string): boolean
  /** Forget `responseId` wherever it is cached (a turn that referenced it failed). */
  evict(responseId: string | undefined): void
  anyRunning(): boolean
  /** Responses queued or running. */
  inFlight(): number
}

/**
 * Create the lane registry of a connection.
 *
 * @example
 * const lanes = createLaneRegistry<Turn>(DEFAULT_LIMITS)
 * const lane = lanes.enqueue('agent_1', turn)
 * if (lane === 'limit') sendFrame(streamLimitFrame('agent_1'))
 */
export function createLaneRegistry<Turn>(
  limits: Pick<SessionLimits, 'maxInFlight' | 'maxNamedLanes'>,
): LaneRegistry<Turn> {
  const lanes = new Map<string | undefined, Lane<Turn>>()
  let inFlight = 0

  const laneFor = (streamId: string | undefined): Lane<Turn> | 'limit' => {
    const existing = lanes.get(streamId)
    if (streamId !== undefined && inFlight >= limits.maxInFlight) return 'limit'
    if (existing !== undefined) return existing
    const named = lanes.size - (lanes.has(undefined) ? 1 : 0)
    if (streamId !== undefined && named >= limits.maxNamedLanes) return 'limit'
    const lane: Lane<Turn> = { streamId, cachedResponseId: undefined, queue: [], running: false }
    lanes.set(streamId, lane)
    return lane
  }

  return {
    enqueue(streamId, turn) {
      const lane = laneFor(streamId)
      if (lane === 'limit') return lane
      lane.queue.push(turn)
      inFlight++
      return lane
    },
    settle() {
      inFlight--
    },
    dropQueued() {
      for (const lane of lanes.values()) {
        inFlight -= lane.queue.length
        lane.queue = []
      }
    },
    isCached: (responseId) =>
      [...lanes.values()].some((lane) => lane.cachedResponseId === responseId),
    evict(responseId) {
      if (responseId === undefined) return
      for (const lane of lanes.values()) {
        if (lane.cachedResponseId === responseId) lane.cachedResponseId = undefined
      }
    },
    anyRunning: () => [...lanes.values()].some((lane) => lane.running),
    inFlight: () => inFlight,
  }
}
