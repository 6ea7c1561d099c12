/**
 * Browser tests (`npm run test:e2e`): Debian's Chromium against the whole stack, reached only through the gateway.
 *
 * The web server is the site harness (`uv run python -m tests.e2e.harness --site`, from the repository root): every
 * service, Traefik on 127.0.0.1:18280, the demo catalog, the demo admin, and the site's production build (rebuilt
 * only when its sources changed). Locally a harness that is already running is reused, so keep one up in another
 * terminal while writing tests; with CI set a fresh one is always started and stopped.
 */
import { defineConfig } from "@playwright/test";

// ANI_SITE_SLOT=1 targets the harness' second site stack (tests/e2e/harness.py): ports shifted by 1000.
const gatewayPort = 18280 + 1000 * Number(process.env.ANI_SITE_SLOT ?? "0");
export const baseURL = `http://127.0.0.1:${gatewayPort}`;

export default defineConfig({
  testDir: "./tests/e2e",
  outputDir: "./test-results",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // 2 cores shared by the stack and the browser: one worker keeps timings honest.
  workers: 1,
  reporter: "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    headless: true,
    viewport: { width: 1440, height: 900 },
    locale: "ru-RU",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // One project: every test runs once, at desktop size. `screenshot(page, name)` (tests/e2e/fixtures.ts) also
  // shoots the phone size; a test about the phone layout uses `test.use(phone)`.
  projects: [{ name: "chromium" }],
  webServer: {
    command: "uv run python -m tests.e2e.harness --site",
    cwd: "..",
    url: `${baseURL}/`,
    // The harness prints this once everything, the site included, is up (even if `/` answers an error).
    wait: { stdout: /site stack ready on/ },
    reuseExistingServer: !process.env.CI,
    // Services + demo import + `next build` on a busy 2-core machine.
    timeout: 420_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: { NEXT_TELEMETRY_DISABLED: "1" },
  },
});
