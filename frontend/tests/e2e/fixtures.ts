/**
 * What every browser test imports instead of "@playwright/test":
 *
 *   import { expect, screenshot, test } from "./fixtures";
 *
 *   test("the catalog", async ({ page, axe }) => {
 *     await page.goto("/catalog");
 *     await axe();                        // fails on serious or critical WCAG 2.x A/AA violations
 *     await screenshot(page, "catalog");  // screenshots/catalog-desktop.png and screenshots/catalog-phone.png
 *   });
 *
 * `admin` is the demo admin of the site harness (its login comes from the harness' site.json). `phone` and
 * `desktop` are the two viewports: `test.use(phone)` runs a describe block as a phone.
 */
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";

export { expect };

export const desktop = { viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false } as const;
export const phone = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
} as const;

/** frontend/screenshots/ (git-ignored). */
export const SCREENSHOTS_DIR = fileURLToPath(new URL("../../screenshots/", import.meta.url));

/** Written by `python -m tests.e2e.harness --site` once the stack is up. */
const SLOT = Number(process.env.ANI_SITE_SLOT ?? "0");
const SITE_STATE =
  process.env.ANI_SITE_STATE ?? (SLOT ? `/tmp/ani-site-harness-${SLOT}/site.json` : "/tmp/ani-site-harness/site.json");

export interface Login {
  email: string;
  username: string;
  password: string;
}

interface SiteState {
  baseURL: string;
  admin: Login;
}

export function siteState(): SiteState {
  try {
    return JSON.parse(readFileSync(SITE_STATE, "utf8")) as SiteState;
  } catch (error) {
    throw new Error(`cannot read ${SITE_STATE} (written by the site harness when it is ready): ${String(error)}`);
  }
}

export interface AxeOptions {
  /** CSS selectors to check (default: the whole page). */
  include?: string[];
  /** CSS selectors to leave out, e.g. a third-party player iframe. */
  exclude?: string[];
  /** axe rule ids to skip; say why next to the call. */
  disableRules?: string[];
}

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const BLOCKING = new Set(["serious", "critical"]);

/** Runs axe-core on the page; every violation goes to the report, serious and critical ones fail the test. */
export async function checkA11y(page: Page, options: AxeOptions = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of options.include ?? []) builder = builder.include(selector);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const results = await builder.analyze();
  if (results.violations.length) {
    await base.info().attach(`axe ${page.url()}`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: "application/json",
    });
  }
  const blocking = results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ""))
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  expect(blocking, `serious/critical accessibility violations on ${page.url()}`).toEqual([]);
}

async function settle(page: Page, fullPage: boolean): Promise<void> {
  await page.waitForLoadState("load");
  if (fullPage) {
    // Lazy images (loading="lazy") load only near the viewport: scroll the whole page once so that a full-page
    // shot has them, then come back to the top.
    await page.evaluate(async () => {
      for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
        window.scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      window.scrollTo(0, 0);
    });
  }
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  await page
    .waitForFunction(() => Array.from(document.images).every((image) => image.complete), undefined, { timeout: 5_000 })
    .catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

export interface ScreenshotOptions {
  /** Whole page (default) or only the viewport. */
  fullPage?: boolean;
  /** Re-creates on the other viewport's page what the test did after loading the URL (open a menu, …). */
  prepare?: (page: Page) => Promise<void>;
}

/**
 * Saves screenshots/<name>-desktop.png and screenshots/<name>-phone.png.
 *
 * The page itself is shot at its own size; the other size is shot in a fresh context of the same browser that
 * opens the same URL with the page's cookies and storage (so a logged-in page stays logged in, and the renewed
 * session cookie comes back to the page's context), language and colour scheme. State that lives only in the page (an open menu) is rebuilt by `options.prepare`.
 */
export async function screenshot(page: Page, name: string, options: ScreenshotOptions = {}): Promise<void> {
  const fullPage = options.fullPage ?? true;
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const isPhone = (page.viewportSize()?.width ?? desktop.viewport.width) < 768;
  const [own, other] = isPhone ? (["phone", "desktop"] as const) : (["desktop", "phone"] as const);
  await settle(page, fullPage);
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-${own}.png`), fullPage, animations: "disabled" });

  const browser: Browser | null = page.context().browser();
  if (!browser) throw new Error("screenshot(): the page has no browser to open the other viewport in");
  const { language, dark } = await page.evaluate(() => ({
    language: navigator.language,
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
  }));
  const settings: BrowserContextOptions = {
    ...(other === "phone" ? phone : desktop),
    locale: language,
    colorScheme: dark ? "dark" : "light",
    storageState: await page.context().storageState(),
  };
  const context = await browser.newContext(settings);
  try {
    const otherPage = await context.newPage();
    await otherPage.goto(page.url());
    await settle(otherPage, fullPage);
    if (options.prepare) {
      await options.prepare(otherPage);
      await settle(otherPage, fullPage);
    }
    await otherPage.screenshot({
      path: join(SCREENSHOTS_DIR, `${name}-${other}.png`),
      fullPage,
      animations: "disabled",
    });
    // The other page may have renewed the session (a rotated refresh cookie): hand the newest cookie back, or the
    // test's page would present the old one later and auth would end the session as a replay.
    await page.context().addCookies((await context.storageState()).cookies);
  } finally {
    await context.close();
  }
}

// The fixture callback is named `provide` (not Playwright's usual `use`): React's lint rules take `use` for a hook.
export const test = base.extend<{ axe: (options?: AxeOptions) => Promise<void>; admin: Login }>({
  axe: async ({ page }, provide) => {
    await provide((options) => checkA11y(page, options));
  },
  admin: async ({}, provide) => {
    await provide(siteState().admin);
  },
});
