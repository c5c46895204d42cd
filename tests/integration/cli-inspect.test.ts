/**
 * `tapedeck inspect <cassette>`: one row per interaction with endpoint, transport, status, model,
 * events, duration, tokens and the validator's verdict; violations listed below the table.
 */
import { describe, expect, it } from 'vitest'
import { fixturePath, sseInteraction } from './replay-support.js'
import { runCli } from './cli-support.js'

/** The table's rows as cell lists (columns are separated by two or more spaces). */
function tableRows(stdout: string): string[][] {
  const lines = stdout.split('\n')
  const header = lines.findIndex((line) => line.startsWith('#'))
  return lines
    .slice(header)
    .filter((line, index) => index === 0 || /^\d/.test(line))
    .map((line) => line.split(/ {2,}/))
}

describe('tapedeck inspect', () => {
  it('shows a table of the interactions with their verdicts', async () => {
    const result = await runCli(['inspect', fixturePath('responses-text-stream')])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(
      `${fixturePath('responses-text-stream')}: 1 interaction (profile wire)`,
    )
    const events = sseInteraction('responses-text-stream').response.events.length
    expect(tableRows(result.stdout)).toEqual([
      ['#', 'endpoint', 'transport', 'status', 'model', 'events', 'duration', 'tokens', 'verdict'],
      ['0', 'POST /v1/responses', 'sse', '200', 'gpt-5.5', String(events), '190ms', '9/7', 'ok'],
    ])
  })

  it('reads usage from JSON bodies and WebSocket turns, and says which endpoints are not validated', async () => {
    const chat = await runCli(['inspect', fixturePath('chat-json')])
    expect(tableRows(chat.stdout)[1]).toEqual([
      '0',
      'POST /v1/chat/completions',
      'http',
      '200',
      'gpt-5.5',
      '-',
      '420ms',
      '21/3',
      'ok',
    ])

    const ws = await runCli(['inspect', fixturePath('ws-chained-session')])
    const [row] = tableRows(ws.stdout).slice(1)
    expect(row?.slice(0, 5)).toEqual([
      '0',
      'WS /v1/responses (3 turns)',
      'websocket',
      'close 1000',
      'gpt-5.5',
    ])
    expect(row?.at(-1)).toBe('ok')

    const generic = await runCli(['inspect', fixturePath('generic-endpoints')])
    expect(tableRows(generic.stdout)[1]).toEqual([
      '0',
      'POST /v1/embeddings',
      'http',
      '200',
      'text-embedding-3-small',
      '-',
      '420ms',
      '-',
      '-',
    ])
  })

  it('marks a broken stream FAIL and lists its violations', async () => {
    const result = await runCli(['inspect', fixturePath('responses-truncated-stream')])
    expect(result.code).toBe(0)
    expect(tableRows(result.stdout)[1]?.at(-1)).toBe('FAIL (1)')
    expect(result.stdout).toContain(
      'Interaction 0:\n  event 5: [sse.truncated] expected the stream to run to its end',
    )
  })

  it('prints JSON rows with --json', async () => {
    const result = await runCli(['inspect', '--json', fixturePath('chat-json')])
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({
        index: 0,
        endpoint: 'POST /v1/chat/completions',
        transport: 'http',
        tokens: '21/3',
        verdict: 'ok',
        violations: [],
      }),
    ])
  })

  it('exits 2 when the cassette cannot be read', async () => {
    const result = await runCli(['inspect', 'no/such/cassette.yaml'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'Failed to read "no/such/cassette.yaml": the file does not exist.',
    )
  })
})
