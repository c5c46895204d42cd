import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveCliSettings } from '../../../src/config/index.js'
import type { TapedeckError } from '../../../src/errors.js'

let cwd: string

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'tapedeck-config-'))
})

afterEach(() => {
  rmSync(cwd, { recursive: true, force: true })
})

function writeConfig(name: string, text: string): void {
  writeFileSync(join(cwd, name), text)
}

async function failure(promise: Promise<unknown>): Promise<TapedeckError> {
  try {
    await promise
  } catch (error) {
    return error as TapedeckError
  }
  throw new Error('expected a failure')
}

describe('resolveCliSettings', () => {
  it('applies the defaults when nothing is set', async () => {
    const settings = await resolveCliSettings({ flags: {}, env: {}, cwd })
    expect(settings).toMatchObject({
      mode: 'replay',
      modeReason: 'no --cassette to record into',
      cassette: [],
      scenarios: undefined,
      port: 8787,
      host: '127.0.0.1',
      upstream: 'https://api.openai.com/v1',
      timing: 'instant',
      onMiss: 'error',
      onExhausted: undefined,
      validate: 'warn',
      redact: {},
      configFile: undefined,
    })
    expect(Object.values(settings.sources).every((source) => source === 'default')).toBe(true)
  })

  it('takes per-command defaults (run listens on a free port)', async () => {
    const settings = await resolveCliSettings({ flags: {}, env: {}, cwd, defaults: { port: 0 } })
    expect(settings.port).toBe(0)
  })

  it('reads every setting from tapedeck.config.yaml', async () => {
    writeConfig(
      'tapedeck.config.yaml',
      [
        'mode: replay',
        'cassette: [cassettes/a.yaml, cassettes/b.yaml]',
        'scenarios: scenarios',
        'port: 9100',
        'host: 0.0.0.0',
        'upstream: http://127.0.0.1:9999/v1',
        'timing: 2',
        'onMiss: proxy',
        'onExhausted: repeat_last',
        'validate: error',
        'redact:',
        '  headers: [x-trace-id]',
        '  patterns: ["acct_[0-9]+"]',
        '',
      ].join('\n'),
    )
    const settings = await resolveCliSettings({ flags: {}, env: {}, cwd })
    expect(settings).toMatchObject({
      mode: 'replay',
      modeReason: 'set by tapedeck.config.yaml',
      cassette: ['cassettes/a.yaml', 'cassettes/b.yaml'],
      scenarios: 'scenarios',
      port: 9100,
      host: '0.0.0.0',
      upstream: 'http://127.0.0.1:9999/v1',
      timing: 2,
      onMiss: 'proxy',
      onExhausted: 'repeat_last',
      validate: 'error',
      redact: { headers: ['x-trace-id'], patterns: ['acct_[0-9]+'] },
      configFile: 'tapedeck.config.yaml',
    })
    expect(settings.sources.port).toBe('config')
    expect(settings.sources.redact).toBe('config')
  })

  it('reads tapedeck.config.json and tapedeck.config.yml', async () => {
    writeConfig('tapedeck.config.json', '{ "port": 9200, "timing": "recorded" }')
    expect(await resolveCliSettings({ flags: {}, env: {}, cwd })).toMatchObject({
      port: 9200,
      timing: 'recorded',
    })
    rmSync(join(cwd, 'tapedeck.config.json'))
    writeConfig('tapedeck.config.yml', 'port: 9300\n')
    expect((await resolveCliSettings({ flags: {}, env: {}, cwd })).port).toBe(9300)
  })

  it('lets environment variables override the config file', async () => {
    writeConfig(
      'tapedeck.config.yaml',
      'mode: record\nport: 9100\ncassette: from-file.yaml\ntiming: recorded\n',
    )
    const env = {
      TAPEDECK_MODE: 'replay',
      TAPEDECK_PORT: '9200',
      TAPEDECK_CASSETTE: 'a.yaml,b.yaml',
      TAPEDECK_ON_MISS: 'proxy',
    }
    const settings = await resolveCliSettings({ flags: {}, env, cwd })
    expect(settings).toMatchObject({
      mode: 'replay',
      modeReason: 'set by TAPEDECK_MODE',
      port: 9200,
      cassette: ['a.yaml', 'b.yaml'],
      onMiss: 'proxy',
      timing: 'recorded',
    })
    expect(settings.sources).toMatchObject({
      mode: 'env',
      port: 'env',
      cassette: 'env',
      onMiss: 'env',
      timing: 'config',
    })
  })

  it('lets flags override environment variables and the config file', async () => {
    writeConfig(
      'tapedeck.config.yaml',
      'port: 9100\ntiming: recorded\nredact: { headers: [x-from-file] }\n',
    )
    const settings = await resolveCliSettings({
      flags: { port: '9300', mode: 'passthrough', redactHeader: ['x-from-flag'] },
      env: { TAPEDECK_PORT: '9200', TAPEDECK_MODE: 'replay', TAPEDECK_TIMING: '3' },
      cwd,
    })
    expect(settings).toMatchObject({
      port: 9300,
      mode: 'passthrough',
      modeReason: 'set by --mode',
      timing: 3,
      redact: { headers: ['x-from-flag'] },
    })
    expect(settings.sources).toMatchObject({
      port: 'flag',
      mode: 'flag',
      timing: 'env',
      redact: 'flag',
    })
  })

  it('ignores empty environment variables', async () => {
    writeConfig('tapedeck.config.yaml', 'port: 9100\n')
    expect((await resolveCliSettings({ flags: {}, env: { TAPEDECK_PORT: '' }, cwd })).port).toBe(
      9100,
    )
  })

  it('decides the mode from CI and the cassette when no layer sets it', async () => {
    expect((await resolveCliSettings({ flags: { cassette: ['a.yaml'] }, env: {}, cwd })).mode).toBe(
      'auto',
    )
    const inCi = await resolveCliSettings({
      flags: { cassette: ['a.yaml'] },
      env: { CI: 'true' },
      cwd,
    })
    expect(inCi).toMatchObject({ mode: 'replay', modeReason: 'CI is set' })
  })

  it('resolves config-file paths from the config file, and reads --config / TAPEDECK_CONFIG', async () => {
    mkdirSync(join(cwd, 'ci'))
    writeFileSync(
      join(cwd, 'ci', 'tapedeck.yaml'),
      'cassette: ../cassettes/a.yaml\nscenarios: scenarios\nport: 9400\n',
    )
    const byFlag = await resolveCliSettings({ flags: { config: 'ci/tapedeck.yaml' }, env: {}, cwd })
    expect(byFlag).toMatchObject({
      cassette: ['cassettes/a.yaml'],
      scenarios: join('ci', 'scenarios'),
      port: 9400,
      configFile: 'ci/tapedeck.yaml',
    })
    const byEnv = await resolveCliSettings({
      flags: {},
      env: { TAPEDECK_CONFIG: 'ci/tapedeck.yaml' },
      cwd,
    })
    expect(byEnv.port).toBe(9400)
  })

  it('refuses a --config file that does not exist', async () => {
    const error = await failure(
      resolveCliSettings({ flags: { config: 'nope.yaml' }, env: {}, cwd }),
    )
    expect(error.code).toBe('TAPEDECK_CONFIG_INVALID')
    expect(error.message).toContain(
      'Failed to read the config file "nope.yaml": it does not exist.',
    )
  })

  it('refuses two config files in one folder', async () => {
    writeConfig('tapedeck.config.yaml', 'port: 1\n')
    writeConfig('tapedeck.config.json', '{}')
    const error = await failure(resolveCliSettings({ flags: {}, env: {}, cwd }))
    expect(error.message).toContain('tapedeck.config.yaml and tapedeck.config.json are both in')
  })

  it('names the line and column of an unknown key, with the closest known key', async () => {
    writeConfig('tapedeck.config.yaml', 'mode: replay\n# comment\non_miss: proxy\n')
    const error = await failure(resolveCliSettings({ flags: {}, env: {}, cwd }))
    expect(error).toMatchObject({
      code: 'TAPEDECK_CONFIG_INVALID',
      file: 'tapedeck.config.yaml',
      line: 3,
      column: 1,
      pointer: '/on_miss',
    })
    expect(error.message).toBe(
      'Failed to read the config file tapedeck.config.yaml:3:1 (/on_miss): unknown key "on_miss". Did you mean "onMiss"? ' +
        'Known keys: mode, cassette, scenarios, port, host, upstream, timing, onMiss, synthesizeWith, recordSynthesized, onExhausted, validate, redact.',
    )
  })

  it('names the line and column of a bad value', async () => {
    writeConfig(
      'tapedeck.config.yaml',
      'mode: replay\nredact:\n  headers: [x-a]\n  pointer: [/a]\nport: 80\n',
    )
    const unknownNested = await failure(resolveCliSettings({ flags: {}, env: {}, cwd }))
    expect(unknownNested).toMatchObject({ line: 4, column: 3, pointer: '/redact/pointer' })
    expect(unknownNested.message).toContain('Did you mean "pointers"?')

    writeConfig('tapedeck.config.yaml', 'mode: replay\nport: eighty\n')
    const badPort = await failure(resolveCliSettings({ flags: {}, env: {}, cwd }))
    expect(badPort.message).toBe(
      'Failed to read the config file tapedeck.config.yaml:2:1 (/port): "eighty" is not a port. Use a port number from 0 to 65535 (0 picks a free port).',
    )

    writeConfig('tapedeck.config.yaml', 'mode: rewind\n')
    const badMode = await failure(resolveCliSettings({ flags: {}, env: {}, cwd }))
    expect(badMode.message).toContain(
      'tapedeck.config.yaml:1:1 (/mode): "rewind" is not valid. Use one of replay, record, auto, passthrough.',
    )
  })

  it('names the line and column of broken YAML and JSON', async () => {
    writeConfig('tapedeck.config.yaml', 'mode: replay\nport: [9100\n')
    const yaml = await failure(resolveCliSettings({ flags: {}, env: {}, cwd }))
    expect(yaml).toMatchObject({
      code: 'TAPEDECK_CONFIG_INVALID',
      file: 'tapedeck.config.yaml',
      line: 3,
    })
    expect(yaml.message).toMatch(/^Failed to read the config file tapedeck\.config\.yaml:3:\d+: /)

    rmSync(join(cwd, 'tapedeck.config.yaml'))
    writeConfig('tapedeck.config.json', '{\n  "port": 9100,\n}\n')
    const json = await failure(resolveCliSettings({ flags: {}, env: {}, cwd }))
    expect(json).toMatchObject({ file: 'tapedeck.config.json', line: 3, column: 1 })
    expect(json.message).toContain('Fix the JSON')
  })

  it('names the environment variable or flag of a bad value', async () => {
    const env = await failure(
      resolveCliSettings({ flags: {}, env: { TAPEDECK_TIMING: 'fast' }, cwd }),
    )
    expect(env.code).toBe('TAPEDECK_CONFIG_INVALID')
    expect(env.message).toBe(
      'Failed to read the environment variable TAPEDECK_TIMING: "fast" is not a timing. Use instant, recorded, or a positive speed multiplier such as 2 (twice as fast) or 0.5.',
    )
    const flag = await failure(resolveCliSettings({ flags: { upstream: 'ftp://x' }, env: {}, cwd }))
    expect(flag.code).toBe('TAPEDECK_OPTIONS_INVALID')
    expect(flag.message).toContain('Failed to read --upstream: "ftp://x" is not an http(s) URL.')
  })
})
