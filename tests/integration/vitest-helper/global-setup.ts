/**
 * The inner suite's global setup, as an application writes it: one tapedeck server for the run
 * (through `tapedeck/vitest/global-setup`), in front of an upstream. The upstream is the fake
 * OpenAI of tests/support: the driver's (`TAPEDECK_UPSTREAM`), or one started here.
 */
import type { TestProject } from 'vitest/node'
// An application imports it from 'tapedeck/vitest/global-setup'.
import { tapedeckGlobalSetup } from '../../../src/vitest/global-setup.js'
import { startFakeOpenAI, type FakeOpenAI } from '../../support/fake-openai.js'

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env['VITEST_HELPER_SERVER'] === 'worker') return undefined
  let fake: FakeOpenAI | undefined
  let upstream = process.env['TAPEDECK_UPSTREAM']
  if (upstream === undefined || upstream === '') {
    fake = await startFakeOpenAI()
    upstream = fake.url
  }
  const teardown = await tapedeckGlobalSetup({ upstream })(project)
  return async () => {
    await teardown()
    await fake?.close()
  }
}
