/**
 * `tapedeck serve` recording, as the built bin (`node dist/cli/main.js`): the mode in effect and
 * why (the CI rule), the redaction flags, a clean stop that writes everything, and a SIGKILL in
 * the middle of a 50-request recording that leaves a valid cassette with every interaction
 * completed a second before the kill.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { validateInteraction } from '../../src/validation/index.js'
import { drain, openWsSession, readCassette, sdkClient, useFakeUpstream } from './record-support.js'

const bin = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))
const children: ChildProcessWithoutNullStreams[] = []
const upstream = useFakeUpstream()
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

/** Run `tapedeck serve` with `CI` set or unset; resolves `started` with the base URL. */
function serve(args: string[], ci: string | undefined) {
  const env = { ...process.env }
  delete env['CI']
  if (ci !== undefined) env['CI'] = ci
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { stdio: 'pipe', env })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const started = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /tapedeck listening on (http:\/\/\S+\/v1)\n/.exec(stdout)
      if (match?.[1] !== undefined) resolve(match[1])
    })
    void exit.then(({ code }) => reject(new Error(`tapedeck exited with ${code} before listening: ${stderr}`)))
  })
  started.catch(() => undefined)
  return { child, stderr: () => stderr, exit, started }
}

describe('the mode in effect', () => {
  it('defaults to auto with a cassette when CI is not set, and says so', async () => {
    const file = join(upstream.folder.path, 'default-local.yaml')
    const serving = serve(['--cassette', file, '--upstream', upstream.fake.url], undefined)
    const baseURL = await serving.started
    expect(serving.stderr()).toContain(`[tapedeck] mode auto (CI not set), upstream ${upstream.fake.url}, cassette ${file} (new or empty)`)
    upstream.fake.reset()
    await sdkClient(baseURL).responses.create({ model: 'gpt-5.5', input: 'recorded by default' })
    serving.child.kill('SIGINT')
    expect((await serving.exit).code).toBe(0)
    expect(upstream.fake.requests).toHaveLength(1)
    expect(serving.stderr()).toContain('1 forwarded, 1 recorded.')
    expect((await readCassette(file)).interactions).toHaveLength(1)
  })

  it('replays only in CI unless a mode is given, and never contacts the upstream then', async () => {
    const file = join(upstream.folder.path, 'ci.yaml')
    await writeFile(file, 'version: 1\ninteractions: []\n')
    const strict = serve(['--cassette', file, '--upstream', upstream.fake.url], 'true')
    const baseURL = await strict.started
    expect(strict.stderr()).toContain('[tapedeck] mode replay (CI is set), upstream: not contacted (replay)')
    upstream.fake.reset()
    const failure = await sdkClient(baseURL)
      .responses.create({ model: 'gpt-5.5', input: 'not recorded' })
      .catch((error: unknown) => error)
    expect((failure as { status?: number }).status).toBe(404)
    expect(upstream.fake.requests).toHaveLength(0)
    strict.child.kill('SIGTERM')
    expect((await strict.exit).code).toBe(0)

    const told = serve(['--mode', 'record', '--cassette', file, '--upstream', upstream.fake.url], 'true')
    await told.started
    expect(told.stderr()).toContain(`[tapedeck] mode record (set by --mode), upstream ${upstream.fake.url}, cassette ${file}`)
    told.child.kill('SIGTERM')
    expect((await told.exit).code).toBe(0)
  })

  it('refuses record mode without a cassette, with exit code 2 and how to fix it', async () => {
    const serving = serve(['--mode', 'record', '--scenarios', upstream.folder.path], undefined)
    expect((await serving.exit).code).toBe(2)
    expect(serving.stderr()).toContain('Failed to start in mode "record": there is no cassette to record into. Pass --cassette <file>')
  })

  it('exits when the cassette it would record into has a broken rule, instead of hanging on its recorder', async () => {
    const file = join(upstream.folder.path, 'broken-rule.yaml')
    await writeFile(file, 'version: 1\nrules:\n  - match: { model: "gpt-*" }\n    reply: { txt: hi }\ninteractions: []\n')
    const serving = serve(['--mode', 'auto', '--cassette', file, '--upstream', upstream.fake.url], undefined)
    expect((await serving.exit).code).toBe(1)
    expect(serving.stderr()).toContain(`${file}:4:14`)
  })

  it('rejects a bad redaction pattern with exit code 2', async () => {
    const serving = serve(['--mode', 'passthrough', '--redact-pattern', '(unclosed'], undefined)
    expect((await serving.exit).code).toBe(2)
    expect(serving.stderr()).toContain('Failed to set up redaction: the pattern "(unclosed" is invalid')
  })
})

describe('stopping', () => {
  it('writes every recording on SIGTERM, redacted with the --redact flags, and exits 0', async () => {
    const file = join(upstream.folder.path, 'sigterm.yaml')
    const serving = serve(
      ['--mode', 'record', '--cassette', file, '--upstream', upstream.fake.url, '--redact-pattern', 'acct_[0-9]+', '--redact-pointer', '/metadata/user'],
      undefined,
    )
    const client = sdkClient(await serving.started)
    await client.responses.create({ model: 'gpt-5.5', input: 'for acct_123456', metadata: { user: 'jane-doe' } })
    await drain(await client.responses.create({ model: 'gpt-5.5', input: 'stream it', stream: true }))
    serving.child.kill('SIGTERM')
    expect((await serving.exit).code).toBe(0)
    const text = await readFile(file, 'utf8')
    expect(text).not.toContain('acct_123456')
    expect(text).not.toContain('jane-doe')
    expect((await readCassette(file)).interactions.map((interaction) => interaction.transport)).toEqual(['http', 'sse'])
  })

  it('leaves a valid cassette holding every completed interaction when killed with SIGKILL mid-recording', async () => {
    const file = join(upstream.folder.path, 'killed.yaml')
    const serving = serve(['--mode', 'record', '--cassette', file, '--upstream', upstream.fake.url], undefined)
    const client = sdkClient(await serving.started)
    upstream.fake.reset()
    // 25 quick exchanges complete; 25 slow streams are still running when the process dies.
    const quick = Array.from({ length: 25 }, (_, n) => exchange(client, KINDS[n % 3] ?? 'json', `quick ${n}`))
    const slow = Array.from({ length: 25 }, (_, n) =>
      exchange(client, n % 2 === 0 ? 'sse' : 'websocket', `slow ${n} [slow:5000]`).catch(() => 'cut'),
    )
    await Promise.all(quick)
    // The promise under test: a completed interaction is on disk within a second.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    serving.child.kill('SIGKILL')
    expect((await serving.exit).signal).toBe('SIGKILL')
    await Promise.all(slow)

    const cassette = await readCassette(file)
    const inputs = cassette.interactions.map((interaction) =>
      interaction.transport === 'websocket'
        ? String((interaction.turns[0]?.client.data as { input?: unknown } | undefined)?.input)
        : String((interaction.request.body as { input?: unknown }).input),
    )
    expect(inputs.sort()).toEqual(Array.from({ length: 25 }, (_, n) => `quick ${n}`).sort())
    for (const interaction of cassette.interactions) expect(validateInteraction(interaction).violations).toEqual([])
  })
})

const KINDS = ['json', 'sse', 'websocket'] as const

/** One exchange of a mixed load: Responses JSON, SSE, or a WebSocket turn. */
async function exchange(client: OpenAI, kind: (typeof KINDS)[number], input: string): Promise<string> {
  if (kind === 'json') return (await client.responses.create({ model: 'gpt-5.5', input })).output_text
  if (kind === 'sse') {
    const { events, error } = await drain(await client.responses.create({ model: 'gpt-5.5', input, stream: true }))
    if (error !== undefined) throw new Error(error)
    return String(events.length)
  }
  const session = openWsSession(client)
  const events = await Promise.race([
    session.turn({ type: 'response.create', model: 'gpt-5.5', input }),
    new Promise<never>((_, reject) => session.ws.socket.once('close', () => reject(new Error('closed')))),
  ])
  await session.close()
  return String(events.length)
}
