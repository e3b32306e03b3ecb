import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser tests start Chromium: keep them from competing with each other for the 2 cores.
    fileParallelism: true,
    env: { TZ: 'Europe/Paris' },
  },
});
