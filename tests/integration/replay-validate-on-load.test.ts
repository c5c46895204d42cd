import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { parseCassette, stringifyCassette } from '../../src/cassette/yaml-codec.js'
import { startTapedeck, type RunningTapedeck } from '../../src/index.js'
import { isJsonObject } from '../../src/util/json.js'
import { createMemoryLogger } from '../../src/util/logger.js'

const fixture = new URL('../fixtures/cassettes/responses-text-stream.yaml', import.meta.url)
let running: RunningTapedeck | undefined

afterEach(async () => {
  await running?.close()
  running = undefined
})

/** The fixture with one sequence_number broken (4 → 9), written to a temp file. */
async function brokenCassette(): Promise<{ file: string; line: number }> {
  const text = await readFile(fixture, 'utf8')
  const broken = text.replace('"sequence_number":4,', '"sequence_number":9,')
  expect(broken).not.toBe(text)
  const file = join(await mkdtemp(join(tmpdir(), 'tapedeck-validate-')), 'broken.yaml')
  await writeFile(file, broken)
  const line = broken.split('\n').findIndex((row) => row.includes('"sequence_number":9,')) + 1
  return { file, line }
}

it('warns about a stream violation on load with the file, line and rule, and still serves', async () => {
  const { file, line } = await brokenCassette()
  const logger = createMemoryLogger()
  running = await startTapedeck({ cassette: file, logger, validate: 'warn' })
  const warnings = logger.lines.filter((entry) => entry.level === 'warn').map((entry) => entry.message)
  const finding = warnings.find((message) => message.includes('sequence_number'))
  expect(finding).toBeDefined()
  expect(finding).toContain(`${file}:${line}:`)
  expect(finding).toContain('/interactions/0/response/events/4/data')
  expect(running.stats().exchanges).toBe(1)
})

it('refuses a cassette with a stream violation when validate is error', async () => {
  const { file, line } = await brokenCassette()
  await expect(startTapedeck({ cassette: file, validate: 'error' })).rejects.toMatchObject({
    code: 'TAPEDECK_CASSETTE_INVALID',
    file,
    line,
  })
})

it('does not check streams when validate is off', async () => {
  const { file } = await brokenCassette()
  const logger = createMemoryLogger()
  running = await startTapedeck({ cassette: file, logger, validate: 'off' })
  expect(logger.lines.filter((entry) => entry.level === 'warn')).toEqual([])
})

it('loads a valid cassette without findings', async () => {
  const logger = createMemoryLogger()
  running = await startTapedeck({ cassette: fixture.pathname, logger, validate: 'error' })
  expect(logger.lines.filter((entry) => entry.level === 'warn')).toEqual([])
})

it('shows the first 20 findings with their lines and counts the rest', async () => {
  // The stream three times over, every sequence_number 0: 42 findings, more than a screenful.
  const cassette = parseCassette(await readFile(fixture, 'utf8'), 'fixture.yaml')
  const [stream] = cassette.interactions
  if (stream?.transport !== 'sse') throw new Error('the fixture should hold one SSE interaction')
  for (const event of stream.response.events) if (isJsonObject(event.data)) event.data['sequence_number'] = 0
  cassette.interactions = [stream, stream, stream]
  const text = stringifyCassette(cassette)
  const file = join(await mkdtemp(join(tmpdir(), 'tapedeck-validate-')), 'many.yaml')
  await writeFile(file, text)
  const logger = createMemoryLogger()
  running = await startTapedeck({ cassette: file, logger, validate: 'warn' })
  const warnings = logger.lines.filter((entry) => entry.level === 'warn').map((entry) => entry.message)
  const located = warnings.filter((message) => new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `).test(message))
  expect(located).toHaveLength(20)
  const summary = warnings.at(-1) ?? ''
  expect(summary).toMatch(new RegExp(`more findings? not shown\\. List them all with: tapedeck validate `))
  const more = Number(/: (\d+) more finding/.exec(summary)?.[1])
  expect(more).toBe(42 - 20)
  expect(warnings).toHaveLength(20 + 1)
})
