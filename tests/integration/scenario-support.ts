/**
 * Helpers of the scenario integration tests: the YAML examples of docs/scenarios.md, temporary
 * cassettes, fixture paths, and a ResponsesWS session that runs one turn at a time.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import OpenAI from 'openai'
import type { ResponsesClientEvent, ResponsesServerEvent } from 'openai/resources/responses/responses'
import { ResponsesWS } from 'openai/resources/responses/ws'
import type { RunningTapedeck } from '../../src/server/options.js'

function scenariosPage(): string {
  return readFileSync(fileURLToPath(new URL('../../docs/scenarios.md', import.meta.url)), 'utf8')
}

/**
 * The examples of docs/scenarios.md, by the name on their `# example: <name>` first line. The
 * tests play these very texts, so the page cannot drift from what tapedeck does.
 */
export function docExamples(): Map<string, string> {
  const page = scenariosPage()
  const examples = new Map<string, string>()
  for (const match of page.matchAll(/```yaml\n# example: ([\w-]+)\n([\s\S]*?)```/g)) {
    const [, name, text] = match
    if (name !== undefined && text !== undefined) examples.set(name, text)
  }
  return examples
}

/** The text of one example of docs/scenarios.md. */
export function docExample(name: string): string {
  const text = docExamples().get(name)
  if (text === undefined) throw new Error(`docs/scenarios.md has no example "${name}"`)
  return text
}

/** The first YAML block of docs/scenarios.md under the heading `## <heading>`. */
export function docSnippetUnder(heading: string): string {
  const page = scenariosPage()
  const start = page.indexOf(`\n## ${heading}\n`)
  const text = start === -1 ? undefined : /```yaml\n([\s\S]*?)```/.exec(page.slice(start))?.[1]
  if (text === undefined) throw new Error(`docs/scenarios.md has no YAML under "## ${heading}"`)
  return text
}

/** A fresh temporary folder. */
export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'tapedeck-scenario-'))
}

/** Write `text` to `<folder>/<name>` and return the path. */
export function writeCassette(folder: string, name: string, text: string): string {
  const file = join(folder, name)
  writeFileSync(file, text)
  return file
}

/** Absolute path of a scenario fixture. */
export function scenarioFixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/scenarios/${name}`, import.meta.url))
}

type Create = Extract<ResponsesClientEvent, { type: 'response.create' }>

/** A ResponsesWS connection that runs one turn at a time and keeps every event and error. */
export interface WsSession {
  ws: ResponsesWS
  events: ResponsesServerEvent[]
  errors: unknown[]
  /** Send a create and resolve with the events of its turn (up to its terminal event). */
  turn(create: Omit<Create, 'type'>): Promise<ResponsesServerEvent[]>
  close(): void
}

const TERMINAL = new Set(['response.completed', 'response.failed', 'response.incomplete', 'error'])

/** Open a ResponsesWS connection to tapedeck, in its own scope. */
export function openWsSession(tapedeck: RunningTapedeck, scope: string): WsSession {
  const client = new OpenAI({ baseURL: tapedeck.baseURL, apiKey: 'sk-test', maxRetries: 0 })
  const ws = new ResponsesWS(client, { headers: { 'x-tapedeck-scope': scope } })
  const events: ResponsesServerEvent[] = []
  const errors: unknown[] = []
  let wake: () => void = () => {}
  ws.on('event', (event) => {
    events.push(event)
    wake()
  })
  ws.on('error', (error) => {
    errors.push(error.error ?? error)
    wake()
  })
  return {
    ws,
    events,
    errors,
    async turn(create) {
      const start = events.length
      const errorsBefore = errors.length
      ws.send({ ...create, type: 'response.create' } as Create)
      while (!events.slice(start).some((event) => TERMINAL.has(event.type)) && errors.length === errorsBefore) {
        await new Promise<void>((resolve) => (wake = resolve))
      }
      return events.slice(start)
    },
    close: () => ws.close(),
  }
}

/** The Response of the terminal event of a turn. */
export function finalResponse(events: readonly ResponsesServerEvent[]): OpenAI.Responses.Response {
  const last = events.at(-1)
  if (last === undefined || !('response' in last)) throw new Error('the turn has no terminal response')
  return last.response
}
