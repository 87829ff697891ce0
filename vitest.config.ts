import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Three projects, one `npm test`: the server suites (real databases), the web components (jsdom,
// fetch stubbed at the network boundary) and the browser end-to-end tests (real Chromium against
// the real server on a fresh PGlite database).
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**', '**/node_modules/**'],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/one-query-per-client.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['web/src/**/*.test.tsx'],
          setupFiles: ['web/src/test/setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser and one server per file; files run one after another to spare the CPU.
          fileParallelism: false,
        },
      },
    ],
  },
});
