import { describe, expect, it } from 'vitest'
import { createOrderCounters } from '../../../src/matching/order-counters.js'

describe('createOrderCounters', () => {
  it('counts calls per scope and key', () => {
    const counters = createOrderCounters()
    expect(counters.take('a', 'k')).toBe(0)
    expect(counters.take('a', 'k')).toBe(1)
    expect(counters.take('b', 'k')).toBe(0)
    expect(counters.take('a', 'other')).toBe(0)
    expect(counters.peek('a', 'k')).toBe(2)
  })

  it('starts a scope over after reset', () => {
    const counters = createOrderCounters()
    counters.take('a', 'k')
    counters.take('b', 'k')
    counters.reset('a')
    expect(counters.peek('a', 'k')).toBe(0)
    expect(counters.peek('b', 'k')).toBe(1)
    counters.reset()
    expect(counters.peek('b', 'k')).toBe(0)
  })

  it('undoes one take, never below zero', () => {
    const counters = createOrderCounters()
    counters.take('a', 'k')
    counters.take('a', 'k')
    counters.release('a', 'k')
    expect(counters.peek('a', 'k')).toBe(1)
    counters.release('a', 'k')
    counters.release('a', 'k')
    counters.release('b', 'k')
    expect(counters.peek('a', 'k')).toBe(0)
    expect(counters.peek('b', 'k')).toBe(0)
  })
})
