import preact from '@preact/preset-vite';
import { configDefaults, defineConfig } from 'vitest/config';

// One project per runtime: the core, CLI and storage in Node (storage and worker code over fake-indexeddb),
// components in happy-dom, and the built app (service worker precache, end-to-end in Chromium) against one
// production build made by a global setup.
const APP = ['test/build/**', 'test/e2e/**'];
const DOM = ['test/ui/**'];
const IDB = ['test/storage/**', 'test/worker/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...APP, ...DOM, ...IDB] },
      },
      {
        extends: true,
        test: { name: 'storage', environment: 'node', include: IDB.map((d) => `${d}/*.test.ts`), setupFiles: ['fake-indexeddb/auto'] },
      },
      {
        extends: true,
        plugins: [preact()],
        test: { name: 'ui', environment: 'happy-dom', include: DOM.map((d) => `${d}/*.test.{ts,tsx}`), setupFiles: ['fake-indexeddb/auto'] },
      },
      {
        extends: true,
        test: {
          name: 'app',
          environment: 'node',
          include: APP.map((d) => `${d}/*.test.ts`),
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A real browser on a busy 2-core machine: a UI that settles in 50 ms may need seconds under load.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
