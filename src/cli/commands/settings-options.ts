/**
 * The server-settings flags shared by `run` and `serve`, declared without commander
 * defaults; and the flags the user actually typed, so that a commander default never hides an
 * environment variable or the config file (precedence: flags > env > config file > defaults,
 * src/config/).
 * @module
 */
import { Option, type Command } from 'commander'
import { CASSETTE_CHECK_MODES } from '../../cassette/cassette-checks.js'
import { SETTING_FLAG_ATTRIBUTES, type SettingFlags } from '../../config/index.js'
import {
  DEFAULT_OPTIONS,
  MODES,
  ON_EXHAUSTED_POLICIES,
  ON_MISS_STRATEGIES,
} from '../../server/options.js'

/**
 * Declare the settings flags on a command. `defaultPort` only shows in the help text.
 *
 * @example
 * addSettingsOptions(program.command('run'), { defaultPort: '0 (a free port)' })
 */
export function addSettingsOptions(command: Command, help: { defaultPort: string }): Command {
  return command
    .option(
      '--config <file>',
      'read this config file instead of tapedeck.config.yaml|yml|json in the current folder',
    )
    .addOption(
      new Option(
        '--mode <mode>',
        'replay, record, auto or passthrough (default: replay in CI or without a cassette, else auto)',
      ).choices(MODES),
    )
    .option(
      '--cassette <file>',
      'a cassette to replay (repeat for several); record and auto record into the first',
      collect,
    )
    .option('--scenarios <dir>', 'replay every cassette (*.yaml, *.yml) under this folder, recursively')
    .option('-p, --port <port>', `port to listen on (default: ${help.defaultPort})`)
    .option('--host <host>', `interface to listen on (default: ${DEFAULT_OPTIONS.host})`)
    .option(
      '--upstream <url>',
      `the OpenAI API to forward to (default: ${DEFAULT_OPTIONS.upstream})`,
    )
    .option(
      '--timing <timing>',
      `instant, recorded, or a speed multiplier such as 2 (default: ${DEFAULT_OPTIONS.timing})`,
    )
    .addOption(
      new Option(
        '--on-miss <strategy>',
        `what a request without a recording gets (default: ${DEFAULT_OPTIONS.onMiss})`,
      ).choices(ON_MISS_STRATEGIES),
    )
    .option(
      '--synthesize-with <generator>',
      'texts of --on-miss synthesize: echo, lorem or fixed:<text> (default: echo)',
    )
    .option(
      '--record-synthesized',
      'append synthesized answers to the first --cassette (marked synthetic: true) to replay them later',
    )
    .addOption(
      new Option(
        '--on-exhausted <policy>',
        "when a request's recordings are used up (default: the cassette's setting, else error)",
      ).choices(ON_EXHAUSTED_POLICIES),
    )
    .addOption(
      new Option(
        '--validate <level>',
        `cassette validation on load (default: ${DEFAULT_OPTIONS.validate})`,
      ).choices(CASSETTE_CHECK_MODES),
    )
    .option(
      '--redact-header <name...>',
      'also redact these request/response headers and query parameters',
    )
    .option(
      '--redact-pointer <pointer...>',
      'also redact these JSON pointers in bodies, events and frames',
    )
    .option('--redact-pattern <regex...>', 'also redact every match of these regular expressions')
}

/**
 * The settings flags the user typed on the command line (not those filled in by commander).
 *
 * @example
 * const flags = typedSettingFlags(command) // { port: '0', cassette: ['a.yaml'] }
 */
export function typedSettingFlags(command: Command): SettingFlags {
  const values = command.opts<Record<string, unknown>>()
  const flags: SettingFlags = {}
  for (const attribute of SETTING_FLAG_ATTRIBUTES) {
    const value = values[attribute]
    if (value === undefined || command.getOptionValueSource(attribute) !== 'cli') continue
    // A command that declares its own parser for --port or --timing hands over a number.
    if (typeof value === 'number' && (attribute === 'port' || attribute === 'timing')) {
      flags[attribute] = value
    } else if (typeof value === 'boolean' && attribute === 'recordSynthesized') {
      flags[attribute] = value
    } else if (typeof value === 'string') {
      assign(flags, attribute, value)
    } else if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
      assign(flags, attribute, value)
    }
  }
  return flags
}

function assign(
  flags: SettingFlags,
  attribute: keyof SettingFlags,
  value: string | string[],
): void {
  switch (attribute) {
    case 'cassette':
    case 'redactHeader':
    case 'redactPointer':
    case 'redactPattern':
      flags[attribute] = typeof value === 'string' ? [value] : value
      return
    case 'recordSynthesized':
      return
    default:
      if (typeof value === 'string') flags[attribute] = value
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}
