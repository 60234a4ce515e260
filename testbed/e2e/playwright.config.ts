// Playwright for the test bed: Debian's Chromium (Playwright's own browser download does not work
// here), one worker (the tests share one server and its state), list reporter plus a JSON report
// that run.sh turns into the "N passed, N failed" line.
import os from 'node:os';
import path from 'node:path';

import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  // demo.spec.ts and views.spec.ts need the demo of scripts/run.sh, which testbed/e2e/demo.sh starts (TESTBED_DEMO=1).
  testIgnore: process.env.TESTBED_DEMO === '1' ? [] : ['**/demo.spec.ts', '**/views.spec.ts'],
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: process.env.TESTBED_OUTPUT ?? path.join(os.tmpdir(), 'warroom-testbed-e2e'),
  reporter: [['list'], ['json', { outputFile: process.env.TESTBED_REPORT ?? path.join(os.tmpdir(), 'warroom-testbed-e2e.json') }]],
  use: {
    baseURL: process.env.TESTBED_URL,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    headless: true,
    trace: 'off',
  },
});
