import { defineConfig } from '@playwright/test';
import { executablePath, QUIET_ARGS as QUIET, WEBGPU_ARGS as WEBGPU } from './tests/e2e/browser';

const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/artifacts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: {
    baseURL: `http://localhost:${port}/`,
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
  },
  webServer: {
    // The production build (npm run test:e2e builds first), served as any static host would.
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /\.webgpu\.spec\.ts$/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: QUIET } },
    },
    {
      name: 'webgpu',
      testMatch: /\.webgpu\.spec\.ts$/,
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...QUIET, ...WEBGPU], ignoreDefaultArgs: ['--headless'] } },
    },
  ],
});
