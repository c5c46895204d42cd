import { describe, expect, it } from 'vitest'
import { createLaneRegistry } from '../../../src/websocket/lanes.js'
import { DEFAULT_LIMITS } from '../../../src/websocket/limits.js'

describe('createLaneRegistry', () => {
  it('queues on the default lane without limit', () => {
    const lanes = createLaneRegistry<number>(DEFAULT_LIMITS)
    for (let turn = 0; turn < 40; turn++) expect(lanes.enqueue(undefined, turn)).not.toBe('limit')
    expect(lanes.inFlight()).toBe(40)
  })

  it('refuses a named lane once 16 responses are in flight, and accepts again after one settles', () => {
    const lanes = createLaneRegistry<number>(DEFAULT_LIMITS)
    for (let turn = 0; turn < 16; turn++) lanes.enqueue(`l${turn % 3}`, turn)
    expect(lanes.enqueue('l0', 16)).toBe('limit')
    lanes.settle()
    expect(lanes.enqueue('l0', 16)).not.toBe('limit')
  })

  it('refuses a 33rd named lane but keeps serving the 32 existing ones', () => {
    const lanes = createLaneRegistry<number>(DEFAULT_LIMITS)
    for (let lane = 0; lane < 32; lane++) {
      lanes.enqueue(`l${lane}`, lane)
      lanes.settle()
    }
    lanes.enqueue(undefined, 0)
    expect(lanes.enqueue('l32', 0)).toBe('limit')
    expect(lanes.enqueue('l5', 0)).not.toBe('limit')
  })

  it('finds a cached response on any lane, and evicts it wherever it is', () => {
    const lanes = createLaneRegistry<number>(DEFAULT_LIMITS)
    const a = lanes.enqueue('a', 0)
    const b = lanes.enqueue('b', 1)
    if (a === 'limit' || b === 'limit') throw new Error('unexpected limit')
    a.cachedResponseId = 'resp_1'
    b.cachedResponseId = 'resp_2'
    expect(lanes.isCached('resp_1')).toBe(true)
    lanes.evict('resp_1')
    expect(lanes.isCached('resp_1')).toBe(false)
    expect(lanes.isCached('resp_2')).toBe(true)
  })

  it('drops queued turns from the in-flight count', () => {
    const lanes = createLaneRegistry<number>(DEFAULT_LIMITS)
    lanes.enqueue('a', 0)
    lanes.enqueue('a', 1)
    lanes.dropQueued()
    expect(lanes.inFlight()).toBe(0)
  })
})
