/**
 * `tapedeck/vitest/global-setup`: one tapedeck server for a whole Vitest run, started before the
 * workers and shared by every test file through `inject('tapedeck')`. List it in `globalSetup`
 * as is, or export `tapedeckGlobalSetup({...})` from your own setup file to pass options.
 *
 * ```ts
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['tapedeck/vitest/global-setup'] } })
 * ```
 * @module
 */
import type { TestProject } from 'vitest/node'
import { startTapedeck } from '../server/create-server.js'
import type { TapedeckOptions } from '../server/options.js'
import type {} from './provided.js'
import { sharedServerOptions } from './server-options.js'

/** A Vitest global setup function: starts the server and returns its teardown. */
export type TapedeckGlobalSetup = (project: Pick<TestProject, 'provide'>) => Promise<() => Promise<void>>

/**
 * Make a global setup that starts one server with these options (default: requests outside
 * scopes replay strictly, the upstream is `TAPEDECK_UPSTREAM` or the OpenAI API).
 *
 * @example
 * // tests/global-setup.ts
 * import { tapedeckGlobalSetup } from 'tapedeck/vitest/global-setup'
 * export default tapedeckGlobalSetup({ redact: { headers: ['x-customer-token'] } })
 */
export function tapedeckGlobalSetup(options: TapedeckOptions = {}): TapedeckGlobalSetup {
  return async (project) => {
    const tapedeck = await startTapedeck(sharedServerOptions(options, process.env))
    project.provide('tapedeck', { url: tapedeck.url })
    return () => tapedeck.close()
  }
}

/**
 * The global setup with default options.
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['tapedeck/vitest/global-setup'] } })
 */
const setup: TapedeckGlobalSetup = tapedeckGlobalSetup()
export default setup
