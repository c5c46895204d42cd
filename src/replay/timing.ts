/**
 * Replay timing: how fast recorded SSE events and WebSocket frames go out. Pure: no I/O.
 * @module
 */
import { TapedeckError } from '../errors.js'

/**
 * `instant`: every event as fast as the socket takes it.
 * `recorded`: events at their recorded offsets divided by `speed` (1 = as recorded,
 * 2 = twice as fast, 0.5 = half speed).
 */
export type Timing = { kind: 'instant' } | { kind: 'recorded'; speed: number }

/** What users write: a name, or a speed multiplier. */
export type TimingOption = 'instant' | 'recorded' | number

/**
 * Turn `instant`, `recorded` or a positive speed multiplier (a number or a numeric string)
 * into a Timing.
 *
 * @example
 * resolveTiming('recorded') // { kind: 'recorded', speed: 1 }
 * resolveTiming('2')        // { kind: 'recorded', speed: 2 }  (twice as fast)
 */
export function resolveTiming(value: TimingOption | string): Timing {
  if (value === 'instant') return { kind: 'instant' }
  if (value === 'recorded') return { kind: 'recorded', speed: 1 }
  const speed = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value)
  if (Number.isFinite(speed) && speed > 0) return { kind: 'recorded', speed }
  throw new TapedeckError(
    'TAPEDECK_OPTIONS_INVALID',
    `Failed to resolve the timing "${String(value)}": it is neither a timing name nor a positive number. ` +
      'Use "instant", "recorded", or a speed multiplier such as 2 (twice as fast) or 0.5 (half speed).',
  )
}

/**
 * The delay in ms after the start of a replay at which an event recorded at `at` goes out.
 *
 * @example
 * replayOffset(300, { kind: 'recorded', speed: 2 }) // 150
 */
export function replayOffset(at: number, timing: Timing): number {
  if (timing.kind === 'instant') return 0
  return Math.max(0, at) / timing.speed
}
