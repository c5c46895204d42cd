/**
 * `tapedeck/vitest` used as an application's test suite uses it: the suite in vitest-helper/
 * (two test files asking the same questions in parallel, through one shared server) is run
 * with Vitest in a child process, first with TAPEDECK_MODE=record against the fake upstream,
 * then with TAPEDECK_MODE=replay, and what each test received must be the same in both runs.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { readCassette, useFakeUpstream } from './record-support.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const config = join(root, 'tests', 'integration', 'vitest-helper', 'vitest.config.ts')
const vitestBin = join(root, 'node_modules', 'vitest', 'vitest.mjs')

const upstream = useFakeUpstream()

interface TestOutcome {
  name: string
  status: string
  failure: string
}

interface SuiteRun {
  code: number | null
  output: string
  tests: TestOutcome[]
  /** What each test received, by test. */
  observations: Record<string, unknown>
}

/** Run the inner suite as `vitest run --config ...` would, in a clean environment. */
async function runSuite(name: string, env: Record<string, string>): Promise<SuiteRun> {
  const observations = join(upstream.folder.path, `observations-${name}`)
  const report = join(upstream.folder.path, `report-${name}.json`)
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(VITEST|TAPEDECK_|OPENAI_)/.test(key) && !['CI', 'TEST', 'NODE_ENV', 'NODE_OPTIONS'].includes(key),
    ),
  )
  const child = spawn(
    process.execPath,
    [vitestBin, 'run', '--config', config, '--reporter=json', `--outputFile=${report}`],
    {
      cwd: root,
      env: {
        ...inherited,
        VITEST_HELPER_CASSETTES: join(upstream.folder.path, 'cassettes'),
        VITEST_HELPER_OBSERVATIONS: observations,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  const parsed = existsSync(report)
    ? (JSON.parse(await readFile(report, 'utf8')) as {
        testResults: Array<{ assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }> }>
      })
    : { testResults: [] }
  const tests = parsed.testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({ name: test.fullName, status: test.status, failure: test.failureMessages.join('\n') })),
  )
  const seen: Record<string, unknown> = {}
  if (existsSync(observations)) {
    for (const file of await readdir(observations)) seen[file] = JSON.parse(await readFile(join(observations, file), 'utf8'))
  }
  return { code, output, tests, observations: seen }
}

describe('tapedeck/vitest in a test suite', () => {
  let recorded: SuiteRun

  it('records a cassette per test (and per file) with TAPEDECK_MODE=record, named after the tests', async () => {
    recorded = await runSuite('record', { TAPEDECK_MODE: 'record', TAPEDECK_UPSTREAM: upstream.fake.url })
    expect(recorded.code, recorded.output).toBe(0)
    expect(recorded.tests).toHaveLength(5)
    const cassettes = join(upstream.folder.path, 'cassettes')
    const perTest = join(cassettes, 'per-test.spec')
    expect((await readdir(perTest)).sort()).toEqual([
      'holds-a-responses-websocket-session-through-the-scoped-base-url.yaml',
      'the-shared-question-gets-two-different-answers-when-asked-twice.yaml',
      'the-shared-question-is-streamed-over-chat-completions.yaml',
    ])
    const twice = await readCassette(join(perTest, 'the-shared-question-gets-two-different-answers-when-asked-twice.yaml'))
    expect(twice.interactions.map((interaction) => interaction.transport)).toEqual(['http', 'http'])
    const socket = await readCassette(join(perTest, 'holds-a-responses-websocket-session-through-the-scoped-base-url.yaml'))
    expect(socket.interactions.map((interaction) => interaction.transport)).toEqual(['websocket'])
    const perFile = await readCassette(join(cassettes, 'per-file.spec.yaml'))
    expect(perFile.interactions).toHaveLength(2)
    // 2 + 1 + 2 HTTP requests and one WebSocket connection reached the upstream.
    expect(upstream.fake.requests.filter((request) => request.kind === 'http')).toHaveLength(5)
    expect(upstream.fake.wsConnections).toBe(1)
    expect(Object.keys(recorded.observations)).toHaveLength(5)
  })

  it('replays every test with TAPEDECK_MODE=replay, each getting what it recorded, with no upstream request', async () => {
    upstream.fake.reset()
    const replayed = await runSuite('replay', { TAPEDECK_MODE: 'replay', TAPEDECK_UPSTREAM: upstream.fake.url })
    expect(replayed.code, replayed.output).toBe(0)
    expect(replayed.tests.map((test) => test.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed'])
    expect(replayed.observations).toEqual(recorded.observations)
    expect(upstream.fake.requests).toHaveLength(0)
    expect(upstream.fake.wsConnections).toBe(0)
  })

  it('replays with a server per worker too, and fails the test whose recordings went unused', async () => {
    upstream.fake.reset()
    // One test's cassette gets a third recording that the test never asks for.
    const twice = join(upstream.folder.path, 'cassettes', 'per-test.spec', 'the-shared-question-gets-two-different-answers-when-asked-twice.yaml')
    const text = await readFile(twice, 'utf8')
    const first = text.indexOf('  - transport: http')
    const interaction = text.slice(first, text.indexOf('  - transport: http', first + 1))
    await writeFile(twice, `${text}${interaction.replaceAll('The shared question', 'A question nobody asks')}`)

    const run = await runSuite('worker', { TAPEDECK_MODE: 'replay', VITEST_HELPER_SERVER: 'worker' })
    expect(run.code).toBe(1)
    const failed = run.tests.filter((test) => test.status !== 'passed')
    expect(failed.map((test) => test.name)).toEqual(['the shared question gets two different answers when asked twice'])
    expect(failed[0]?.failure).toContain('were not used')
    expect(failed[0]?.failure).toContain(`POST /v1/responses (http): interaction 2 of "${twice}"`)
    expect(run.observations).toEqual(recorded.observations)
    expect(upstream.fake.requests).toHaveLength(0)
  })
})
