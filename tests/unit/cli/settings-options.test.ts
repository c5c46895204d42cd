import { Command, Option } from 'commander'
import { describe, expect, it } from 'vitest'
import {
  addSettingsOptions,
  typedSettingFlags,
} from '../../../src/cli/commands/settings-options.js'

function parse(argv: string[], declare: (command: Command) => void = () => {}): Command {
  const command = new Command('x').exitOverride()
  addSettingsOptions(command, { defaultPort: '0' })
  declare(command)
  command.parse(argv, { from: 'user' })
  return command
}

describe('typedSettingFlags', () => {
  it('returns only the flags typed on the command line, lists for repeatable ones', () => {
    const command = parse([
      '--cassette',
      'a.yaml',
      '--cassette',
      'b.yaml',
      '--on-miss',
      'proxy',
      '--redact-header',
      'x-a',
      'x-b',
    ])
    expect(typedSettingFlags(command)).toEqual({
      cassette: ['a.yaml', 'b.yaml'],
      onMiss: 'proxy',
      redactHeader: ['x-a', 'x-b'],
    })
  })

  it('ignores commander defaults, so environment variables and the config file still apply', () => {
    const withDefaults = (command: Command) => {
      command.setOptionValueWithSource('host', 'default-host', 'default')
      command.addOption(new Option('--unrelated <x>').default('y'))
    }
    expect(typedSettingFlags(parse([], withDefaults))).toEqual({})
    expect(typedSettingFlags(parse(['--host', '0.0.0.0'], withDefaults))).toEqual({
      host: '0.0.0.0',
    })
  })

  it('keeps values a command already parsed into numbers', () => {
    const command = new Command('serve').exitOverride()
    command.addOption(new Option('-p, --port <port>').default(8787).argParser(Number))
    command.parse(['--port', '0'], { from: 'user' })
    expect(typedSettingFlags(command)).toEqual({ port: 0 })
    const untouched = new Command('serve').exitOverride()
    untouched.addOption(new Option('-p, --port <port>').default(8787).argParser(Number))
    untouched.parse([], { from: 'user' })
    expect(typedSettingFlags(untouched)).toEqual({})
  })
})
