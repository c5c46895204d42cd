/**
 * What `tapedeck validate` checks in a cassette's `rules:` (a hand-written scenario file): the
 * rules exactly as the server checks them at load (`parseRules`, located with `locateInYaml`),
 * then the interactions they produce, as `tapedeck expand` writes them, each one a validation
 * target named after its rule.
 *
 * A rule's stream depends on the request it answers (model, logprobs, `stream_options`,
 * `include`…). The one checked is the streamed answer to the request `expand` builds from the
 * rule's `match` (its `match.body` when that is a mapping): the answer an app sending that request
 * gets, and the one a committed expansion replays.
 * @module
 */
import { normalize } from 'node:path'
import type { Cassette } from '../../cassette/model.js'
import { locateInYaml, type PointerLocator } from '../../scenario/locate-in-yaml.js'
import { parseRules } from '../../scenario/parse-rules.js'
import type { ValidationTarget } from '../../validation/index.js'
import { expandRules } from './expand-rules.js'

/** The targets a file's rules give. */
export interface RuleTargets {
  /** One per interaction the rules produce, labelled `file#rule[i]`. */
  targets: ValidationTarget[]
  /** Rules for endpoints other than Responses and Chat Completions: they produce nothing to check. */
  skipped: number
}

/**
 * The validation targets of a scenario cassette's rules (read by `readInput`, which gives the
 * cassette and its text as `scenario`).
 *
 * @throws TapedeckError the rule error (`TAPEDECK_SCENARIO_INVALID`) the server would refuse the
 * file with, with file:line:column.
 *
 * @example
 * const rules = ruleTargets(parsed.scenario.cassette, parsed.scenario.text, 'scenarios/quickstart.yaml')
 * rules.targets[0]?.label // 'scenarios/quickstart.yaml#rule[0] "greeting"'
 */
export function ruleTargets(cassette: Cassette, text: string, file: string): RuleTargets {
  const rules = parseRules(cassette.rules ?? [], lazyLocator(text), file)
  // Only the rules: the recorded interactions are validated from what readInput read.
  const { generated } = expandRules({ ...cassette, interactions: [] }, rules, normalize(file))
  const replies = new Map<number, number>()
  for (const { ruleIndex } of generated) replies.set(ruleIndex, (replies.get(ruleIndex) ?? 0) + 1)
  return {
    targets: generated.map(({ interaction, ruleIndex, use }) => {
      const several = (replies.get(ruleIndex) ?? 0) > 1
      return { label: labelOf(file, ruleIndex, several ? use : undefined, rules[ruleIndex]?.name), interaction }
    }),
    skipped: rules.length - replies.size,
  }
}

/** Locating parses the whole text again with the `yaml` package: only an error needs it. */
function lazyLocator(text: string): PointerLocator {
  let locate: PointerLocator | undefined
  return (pointer) => (locate ??= locateInYaml(text))(pointer)
}

/** `file#rule[2] "name"`, with `.reply[n]` when the rule gives several replies. */
function labelOf(file: string, ruleIndex: number, use: number | undefined, name: string | undefined): string {
  return `${file}#rule[${ruleIndex}]${use === undefined ? '' : `.reply[${use}]`}${name === undefined ? '' : ` ${JSON.stringify(name)}`}`
}
