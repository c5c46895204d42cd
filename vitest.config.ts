import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const built = (path: string) => fileURLToPath(new URL(`./dist/${path}`, import.meta.url))

/** What every project of real servers needs: dist/ built first (CLI tests run it), and time. */
const withServers = { globalSetup: ['tests/global-setup.ts'], testTimeout: 30_000, hookTimeout: 30_000 }

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts', 'tests/corpus/**/*.test.ts'],
          ...withServers,
        },
      },
      {
        // The record tests again, against the built package (dist/, built by the global setup):
        // there, recording runs on its worker thread (src/record/worker-sink.ts), which the
        // TypeScript sources above cannot start.
        resolve: {
          // The server, and the error class its failures are checked against, come from dist/.
          alias: [
            { find: /^(\.\.\/)+src\/server\/create-server\.js$/, replacement: built('server/create-server.js') },
            { find: /^(\.\.\/)+src\/errors\.js$/, replacement: built('errors.js') },
          ],
        },
        test: {
          name: 'integration-built',
          // Scopes record side by side, each with its own sink on the one shared worker.
          include: ['tests/integration/record-*.test.ts', 'tests/integration/scopes-api.test.ts'],
          // record-cli runs the built bin in both projects already.
          exclude: ['tests/integration/record-cli.test.ts'],
          ...withServers,
        },
      },
    ],
  },
})
