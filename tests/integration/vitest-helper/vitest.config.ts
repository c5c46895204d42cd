/**
 * The suite that uses `tapedeck/vitest` as an application's test suite does. It is run by
 * tests/integration/vitest-helper.test.ts (twice: record, then replay), never by the main config
 * (its files are `*.spec.ts`). Environment:
 * - `TAPEDECK_MODE`: the mode of the run;
 * - `TAPEDECK_UPSTREAM`: where `record` forwards (the global setup starts a fake when unset);
 * - `VITEST_HELPER_CASSETTES`: the cassette folder (required);
 * - `VITEST_HELPER_OBSERVATIONS`: a folder where each test writes what the SDK received;
 * - `VITEST_HELPER_SERVER=worker`: no global server, each worker starts its own.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['*.spec.ts'],
    globalSetup: ['./global-setup.ts'],
    fileParallelism: true,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
