/**
 * The mode machine, in one place: which mode is in effect (an explicit choice, the CI rule, or
 * the default) and what each mode does with a request. docs/modes.md is the user-facing table.
 *
 * | mode          | a request that matches | a request that does not  | writes the cassette        |
 * |---------------|------------------------|--------------------------|----------------------------|
 * | `replay`      | replayed               | the `onMiss` strategy    | never                      |
 * | `auto`        | replayed               | forwarded and recorded   | appends                    |
 * | `record`      | forwarded and recorded | forwarded and recorded   | replaces the interactions  |
 * | `passthrough` | forwarded              | forwarded                | never                      |
 * @module
 */
import type { Mode, OnMiss } from './options.js'

/** The environment variables the mode depends on. */
export type ModeEnvironment = Readonly<Record<string, string | undefined>>

/** The mode in effect and why, for the start-up line. */
export interface ResolvedMode {
  mode: Mode
  /** `set by --mode`, `CI is set`, `CI not set`, or `no --cassette to record into`. */
  reason: string
}

/**
 * Whether the environment says this is a CI run: `CI` is set to anything but `''`, `0` or
 * `false` (GitHub Actions, GitLab, CircleCI, Buildkite and Travis all set `CI=true`).
 *
 * @example
 * isCiEnvironment({ CI: 'true' })  // true
 * isCiEnvironment({ CI: 'false' }) // false
 * isCiEnvironment({})              // false
 */
export function isCiEnvironment(env: ModeEnvironment): boolean {
  const value = env['CI']?.trim().toLowerCase()
  return value !== undefined && value !== '' && value !== '0' && value !== 'false'
}

/**
 * Decide the mode of `tapedeck serve`. An explicit mode always wins (even in CI: an explicit
 * `record` is being told to). Otherwise CI means `replay`, so that a CI run never contacts the
 * upstream unless told to; locally the default is `auto` when there is a cassette to record
 * into, and `replay` when there is none.
 *
 * @example
 * resolveMode({ env: {}, recordTarget: 'a.yaml' })              // { mode: 'auto', reason: 'CI not set' }
 * resolveMode({ env: { CI: 'true' }, recordTarget: 'a.yaml' })  // { mode: 'replay', reason: 'CI is set' }
 * resolveMode({ explicit: 'record', env: { CI: '1' } })         // { mode: 'record', reason: 'set by --mode' }
 */
export function resolveMode(input: {
  explicit?: Mode | undefined
  env: ModeEnvironment
  recordTarget?: string | undefined
}): ResolvedMode {
  if (input.explicit !== undefined) return { mode: input.explicit, reason: 'set by --mode' }
  if (isCiEnvironment(input.env)) return { mode: 'replay', reason: 'CI is set' }
  if (input.recordTarget === undefined) return { mode: 'replay', reason: 'no --cassette to record into' }
  return { mode: 'auto', reason: 'CI not set' }
}

/**
 * Whether a mode writes recordings to a cassette.
 *
 * @example
 * recordsInteractions('auto')        // true
 * recordsInteractions('passthrough') // false
 */
export function recordsInteractions(mode: Mode): boolean {
  return mode === 'record' || mode === 'auto'
}

/**
 * Whether every request goes upstream without a lookup.
 *
 * @example
 * forwardsEverything('record') // true
 * forwardsEverything('auto')   // false
 */
export function forwardsEverything(mode: Mode): boolean {
  return mode === 'record' || mode === 'passthrough'
}

/**
 * Whether a request that does not replay goes upstream (auto records it, replay with
 * `onMiss: 'proxy'` only forwards it).
 *
 * @example
 * forwardsMisses('replay', 'proxy') // true
 * forwardsMisses('replay', 'error') // false
 */
export function forwardsMisses(mode: Mode, onMiss: OnMiss): boolean {
  return mode === 'auto' || (mode === 'replay' && onMiss === 'proxy')
}

/**
 * Whether the server may contact the upstream at all.
 *
 * @example
 * contactsUpstream('replay', 'error') // false: strict replay never does
 */
export function contactsUpstream(mode: Mode, onMiss: OnMiss): boolean {
  return forwardsEverything(mode) || forwardsMisses(mode, onMiss)
}
