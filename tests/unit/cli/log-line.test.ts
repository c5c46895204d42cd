import { describe, expect, it } from 'vitest'
import type { CliIo } from '../../../src/cli/cli-io.js'
import {
  createRequestLogger,
  formatRequestLine,
  logLevelOf,
  shouldColour,
  type RequestLogEvent,
} from '../../../src/cli/log-line.js'

const hit: RequestLogEvent = {
  method: 'POST',
  path: '/v1/responses',
  transport: 'sse',
  outcome: 'hit',
  status: 200,
  durationMs: 12.4,
}

function memoryIo(): CliIo & { err: string[] } {
  const err: string[] = []
  return { err, stdout: () => {}, stderr: (text) => err.push(text), setExitCode: () => {} }
}

describe('formatRequestLine', () => {
  it('writes method, path, transport, outcome, status and duration in columns', () => {
    expect(formatRequestLine(hit, { colour: false })).toBe(
      'POST /v1/responses sse       hit         200 12ms',
    )
    expect(
      formatRequestLine(
        {
          method: 'GET',
          path: '/v1/responses',
          transport: 'websocket',
          outcome: 'miss',
          durationMs: 3,
          detail: 'no recorded request matches',
        },
        { colour: false },
      ),
    ).toBe('GET /v1/responses websocket miss        --- 3ms no recorded request matches')
  })

  it('colours the outcome only when asked', () => {
    const coloured = formatRequestLine({ ...hit, outcome: 'miss' }, { colour: true })
    expect(coloured).toContain('\u001b[33mmiss')
    expect(formatRequestLine(hit, { colour: false })).not.toContain('\u001b[')
  })
})

describe('shouldColour', () => {
  it('colours a terminal unless NO_COLOR is set, and FORCE_COLOR wins', () => {
    expect(shouldColour({ isTTY: true }, {})).toBe(true)
    expect(shouldColour({ isTTY: false }, {})).toBe(false)
    expect(shouldColour({}, {})).toBe(false)
    expect(shouldColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false)
    expect(shouldColour({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true)
    expect(shouldColour({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false)
  })
})

describe('createRequestLogger', () => {
  it('writes request lines and info by default, only errors with --quiet, debug with --verbose', () => {
    const normal = memoryIo()
    const logger = createRequestLogger(normal, { level: logLevelOf({}), colour: false })
    logger.request?.(hit)
    logger.info('started')
    logger.debug('detail')
    expect(normal.err).toEqual([
      '[tapedeck] POST /v1/responses sse       hit         200 12ms\n',
      '[tapedeck] started\n',
    ])

    const quiet = memoryIo()
    const quietLogger = createRequestLogger(quiet, {
      level: logLevelOf({ quiet: true }),
      colour: false,
    })
    expect(quietLogger.request).toBeUndefined()
    expect(quietLogger.enabled?.('warn')).toBe(false)
    expect(quietLogger.enabled?.('error')).toBe(true)
    quietLogger.warn('careful')
    quietLogger.error('broken')
    expect(quiet.err).toEqual(['[tapedeck] broken\n'])

    const verbose = memoryIo()
    createRequestLogger(verbose, { level: logLevelOf({ verbose: true }), colour: false }).debug(
      'detail',
    )
    expect(verbose.err).toEqual(['[tapedeck] detail\n'])
  })
})
