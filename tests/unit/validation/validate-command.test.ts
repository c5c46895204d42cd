import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command, CommanderError } from 'commander'
import { afterAll, describe, expect, it } from 'vitest'
import { registerValidateCommand } from '../../../src/cli/commands/validate.js'
import type { JsonObject } from '../../../src/util/json.js'
import { fixturePath, loadResponsesEvents } from './fixture-streams.js'

const root = mkdtempSync(join(tmpdir(), 'tapedeck-validate-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

interface Run {
  code: number | undefined
  stdout: string
  stderr: string
}

async function run(...args: string[]): Promise<Run> {
  const result: Run = { code: undefined, stdout: '', stderr: '' }
  const io = {
    stdout: (text: string) => void (result.stdout += text),
    stderr: (text: string) => void (result.stderr += text),
    setExitCode: (code: number) => void (result.code = code),
  }
  // The real program (src/cli/program.ts) sets exitOverride and maps CommanderError to exit 2.
  const program = new Command('tapedeck').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
  registerValidateCommand(program, io)
  try {
    await program.parseAsync(['validate', ...args], { from: 'user' })
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error
    result.code = error.exitCode === 0 ? 0 : 2
  }
  return result
}

function writeStream(name: string, events: JsonObject[]): string {
  const file = join(root, name)
  writeFileSync(file, events.map((event) => `event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`).join(''))
  return file
}

describe('tapedeck validate', () => {
  it('prints ok per stream and a summary, and exits 0 when everything is valid', async () => {
    const result = await run(fixturePath(''))
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`ok   ${fixturePath('responses-2025-unnumbered.sse')}  (responses sse, 14 events, dialect: unnumbered, no-logprobs)`)
    expect(result.stdout).toContain(`ok   ${fixturePath('chat-tool-calls.jsonl')}  (chat sse, 8 chunks)`)
    expect(result.stdout.trim().split('\n').at(-1)).toBe('7 checked in 7 file(s): 7 ok, 0 failed (profile: wire)')
    expect(result.stderr).toBe('')
  })

  it('prints FAIL with every violation located, and exits 1', async () => {
    const events = loadResponsesEvents('responses-text.jsonl')
    events.splice(5, 1)
    const file = writeStream('gap.sse', events)
    const result = await run(file)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(`FAIL ${file}  (responses sse, 14 events, 2 violation(s))`)
    expect(result.stdout).toContain('       [seq.gap] expected sequence_number 5, saw 6 (1 missing) at event 5 (sequence_number 6) /sequence_number')
    expect(result.stdout).toContain('[delta.mismatch]')
  })

  it('applies --profile strict', async () => {
    const result = await run('--profile', 'strict', fixturePath('responses-2025-unnumbered.sse'))
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('[schema] expected required property "sequence_number", saw it missing at event 0 /sequence_number')
  })

  it('prints a JSON report with --json', async () => {
    const result = await run('--json', fixturePath('responses-text.sse'), fixturePath('chat-tool-calls.sse'))
    const report = JSON.parse(result.stdout) as JsonObject
    expect(result.code).toBe(0)
    expect(report).toMatchObject({
      profile: 'wire',
      valid: true,
      summary: { files: 2, checked: 2, ok: 2, failed: 0, skipped: 0, unreadable: 0 },
      results: [
        { label: fixturePath('responses-text.sse'), kind: 'responses-sse', size: 15, valid: true, dialects: [], violations: [] },
        { label: fixturePath('chat-tool-calls.sse'), kind: 'chat-sse', size: 8, valid: true },
      ],
      errors: [],
    })
  })

  it('reports a truncated SSE file as a violation', async () => {
    const text = readFileSync(fixturePath('responses-text.sse'), 'utf8')
    const file = join(root, 'cut.sse')
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)))
    const result = await run(file)
    expect(result.code).toBe(1)
    expect(result.stdout).toContain('[sse.truncated] expected the stream to run to its end, saw it cut after')
  })

  it('exits 2 with the file and the reason, and no stack trace, for unreadable input', async () => {
    const binary = join(root, 'blob.json')
    writeFileSync(binary, Buffer.from([0x7b, 0x00, 0x7d]))
    const notJson = join(root, 'broken.json')
    writeFileSync(notJson, '{"id": "resp_1", "object": ')
    const result = await run(binary, notJson, join(root, 'nope.yaml'))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`error Failed to read "${binary}": it is not text (a NUL byte at offset 1; binary files cannot be validated).`)
    expect(result.stderr).toContain(`error Failed to read "${notJson}": it is not valid JSON`)
    expect(result.stderr).toContain(`error Failed to read "${join(root, 'nope.yaml')}": no such file or folder.`)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('exits 2 on bad usage: an unknown profile or no paths', async () => {
    const badProfile = await run('--profile', 'lenient', fixturePath('responses-text.sse'))
    expect(badProfile.code).toBe(2)
    expect(badProfile.stderr).toContain("argument 'lenient' is invalid. Allowed choices are wire, strict.")
    expect((await run()).code).toBe(2)
  })

  it('gives a verdict on a 50 MB stream and a clear error on a 50 MB binary file', async () => {
    const events = loadResponsesEvents('responses-text.jsonl')
    const [created, inProgress, added, partAdded] = events
    const delta = events[4] as JsonObject
    const chunks: string[] = []
    const emit = (event: JsonObject) => chunks.push(`event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`)
    let seq = 0
    for (const event of [created, inProgress, added, partAdded] as JsonObject[]) emit({ ...event, sequence_number: seq++ })
    let size = 0
    let count = 0
    while (size < 50 * 1024 * 1024) {
      const line = `event: response.output_text.delta\ndata: ${JSON.stringify({ ...delta, sequence_number: seq++, delta: 'word ' })}\n\n`
      chunks.push(line)
      size += line.length
      count++
    }
    const text = 'word '.repeat(count)
    const part = { type: 'output_text', text, annotations: [], logprobs: [] }
    const item = { ...(added!['item'] as JsonObject), status: 'completed', content: [part] }
    const base = { item_id: delta['item_id'] as string, output_index: 0, content_index: 0 }
    emit({ type: 'response.output_text.done', sequence_number: seq++, ...base, text, logprobs: [] })
    emit({ type: 'response.content_part.done', sequence_number: seq++, ...base, part })
    emit({ type: 'response.output_item.done', sequence_number: seq++, output_index: 0, item })
    const completed = events.at(-1) as JsonObject
    emit({ ...completed, sequence_number: seq++, response: { ...(completed['response'] as JsonObject), output: [item] } })
    const big = join(root, 'big.sse')
    writeFileSync(big, chunks.join(''))
    const ok = await run('-q', big)
    expect(ok.code).toBe(0)
    expect(ok.stdout).toBe('1 checked in 1 file(s): 1 ok, 0 failed (profile: wire)\n')

    const blob = join(root, 'blob.sse')
    const bytes = Buffer.alloc(50 * 1024 * 1024, 0x61)
    bytes[1000] = 0
    writeFileSync(blob, bytes)
    const refused = await run(blob)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe(`error Failed to read "${blob}": it is not text (a NUL byte at offset 1000; binary files cannot be validated).\n`)
  }, 30_000)

  it('shows examples in --help', async () => {
    const help = await run('--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('$ tapedeck validate --profile strict recordings/checkout.yaml')
    expect(help.stdout).toContain('Exit codes: 0 all valid, 1 some violation, 2 bad usage or unreadable input.')
  })
})
