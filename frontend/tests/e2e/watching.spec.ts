/**
 * Watching, end to end, against the fake Kodik player of the site harness: a viewer plays an episode in a chosen
 * translation, the position follows them to a reload and to a second browser, the next episode opens at the end,
 * and the library, history and account pages show and change what happened.
 */
import type { APIRequestContext, Browser, BrowserContext, Frame, Page } from "@playwright/test";
import { checkA11y, expect, screenshot, test } from "./fixtures";

interface Source {
  id: string;
  type: string;
  translation_id: string | null;
  translation_title: string | null;
  source_name: string;
}
interface Episode {
  id: string;
  number: number;
  season: number | null;
  video_sources: Source[];
}
interface Detail {
  slug: string;
  title: string;
  episodes: Episode[];
}

/** A title whose first two episodes (one season) play in the fake Kodik player, the first in two translations. */
async function pickTitle(request: APIRequestContext): Promise<{ detail: Detail; first: Episode; second: Episode }> {
  const list = await request.get("/api/read/anime?limit=100&sort=title");
  expect(list.ok()).toBe(true);
  for (const item of (await list.json()) as { slug: string }[]) {
    const response = await request.get(`/api/read/anime/${encodeURIComponent(item.slug)}`);
    if (!response.ok()) continue;
    const detail = (await response.json()) as Detail;
    const playable = detail.episodes.filter((episode) =>
      episode.video_sources.some((source) => source.type === "iframe"),
    );
    const [first, second] = playable;
    if (!first || !second || first.season !== second.season || second.number !== first.number + 1) continue;
    const translations = new Set(
      first.video_sources.filter((source) => source.type === "iframe").map((source) => source.translation_id),
    );
    if (translations.size >= 2 && playable.indexOf(first) === 0) return { detail, first, second };
  }
  throw new Error("the demo catalog has no title with two playable episodes and two translations");
}

function episodePath(slug: string, episode: Episode): string {
  return episode.season === null
    ? `/anime/${slug}/episode/${episode.number}`
    : `/anime/${slug}/season/${episode.season}/episode/${episode.number}`;
}

async function playerFrame(page: Page): Promise<Frame> {
  const handle = await page.locator("iframe[title]").first().elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error("no player frame");
  await frame.waitForFunction(() => {
    const audio = document.getElementById("clip") as HTMLAudioElement | null;
    return audio !== null && audio.readyState >= 1;
  });
  return frame;
}

const clipTime = (frame: Frame) =>
  frame.evaluate(() => (document.getElementById("clip") as HTMLAudioElement).currentTime);

async function signIn(page: Page, email: string, password: string, returnTo: string): Promise<void> {
  await page.goto(`/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel(/почта|email/i).fill(email);
  await page.getByLabel(/^пароль|^password/i).fill(password);
  await page.getByRole("main").getByRole("button", { name: "Войти" }).click();
  await expect(page.getByTestId("auth-status")).toHaveAttribute("data-state", "signed-in");
}

async function newViewerContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, locale: "ru-RU", viewport: { width: 1440, height: 900 } });
}

test("a viewer watches, resumes on another device, and keeps a library and a history", async ({
  page,
  browser,
  request,
  axe,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const { detail, first, second } = await pickTitle(request);
  const email = `watcher-${Date.now()}@example.com`;
  const password = "correct horse battery";

  // Register (the session starts) and open the title.
  await page.goto(`/register?returnTo=${encodeURIComponent(`/anime/${detail.slug}`)}`);
  await page.getByLabel(/почта|email/i).fill(email);
  await page.getByLabel(/^пароль|^password/i).fill(password);
  await page.getByRole("button", { name: "Создать аккаунт" }).click();
  await expect(page).toHaveURL(new RegExp(`/anime/${detail.slug}$`));
  await expect(page.getByTestId("library-controls")).toBeVisible();
  await axe();

  // Episode 1 from the title page, in the second translation.
  await page.getByTestId("continue").click();
  await expect(page).toHaveURL(new RegExp(`${episodePath(detail.slug, first)}`));
  const radios = page.getByTestId("translations").getByRole("radio");
  await expect(radios.first()).toBeChecked();
  const chosen = radios.nth(1);
  const chosenValue = await chosen.getAttribute("value");
  await chosen.check({ force: true });
  await expect(page).toHaveURL(new RegExp(`t=${chosenValue}`));
  let frame = await playerFrame(page);
  await frame.waitForFunction(() => (document.getElementById("clip") as HTMLAudioElement).currentTime >= 7);
  await axe({ exclude: ["iframe"] });

  // Pause: the position is saved at once.
  const saved = page.waitForResponse(
    (response) =>
      response.url().includes(`/api/v1/me/progress/${first.id}`) &&
      response.request().method() === "PUT" &&
      response.status() === 200,
  );
  await frame.evaluate(() => (document.getElementById("clip") as HTMLAudioElement).pause());
  const body = (await (await saved).json()) as { position_seconds: number; translation_id: string | null };
  expect(body.position_seconds).toBeGreaterThanOrEqual(7);
  expect(body.translation_id).toBe(chosenValue);
  const position = body.position_seconds;

  // A reload resumes there, in the same translation (the URL no longer says which).
  await page.goto(episodePath(detail.slug, first));
  await expect(page.getByTestId("player-status")).toContainText(/Продолжаем с 0:0\d|0:1\d/);
  frame = await playerFrame(page);
  await expect.poll(() => clipTime(frame)).toBeGreaterThanOrEqual(position - 1);
  await expect(page.getByTestId("translations").getByRole("radio", { checked: true })).toHaveAttribute(
    "value",
    chosenValue ?? "",
  );
  await frame.evaluate(() => (document.getElementById("clip") as HTMLAudioElement).pause());
  await page.goto("/");

  // A second device: the same viewer resumes at the same position in the same translation.
  const other = await newViewerContext(browser, baseURL ?? "");
  const second_ = await other.newPage();
  await signIn(second_, email, password, `/anime/${detail.slug}`);
  await expect(second_.getByTestId("continue")).toContainText(/Продолжить/);
  await second_.getByTestId("continue").click();
  await expect(second_).toHaveURL(new RegExp(`t=${chosenValue}`));
  await expect(second_.getByTestId("translations").getByRole("radio", { checked: true })).toHaveAttribute(
    "value",
    chosenValue ?? "",
  );
  let otherFrame = await playerFrame(second_);
  await expect.poll(() => clipTime(otherFrame)).toBeGreaterThanOrEqual(position - 1);

  // Near the end the next episode opens (auto-next is on by default).
  await otherFrame.evaluate(() => {
    const audio = document.getElementById("clip") as HTMLAudioElement;
    audio.currentTime = audio.duration - 2;
  });
  await expect(second_.getByTestId("next-countdown")).toBeVisible({ timeout: 15_000 });
  await expect(second_).toHaveURL(new RegExp(episodePath(detail.slug, second)), { timeout: 15_000 });
  otherFrame = await playerFrame(second_);
  await second_.waitForResponse(
    (response) => response.url().includes(`/api/v1/me/progress/${second.id}`) && response.status() === 200,
  );
  await expect(second_.getByTestId("translations").getByRole("radio", { checked: true })).toHaveAttribute(
    "value",
    chosenValue ?? "",
  );
  await otherFrame.evaluate(() => (document.getElementById("clip") as HTMLAudioElement).pause());

  // The library: watching, one episode watched.
  await second_.goto("/library");
  const item = second_.getByTestId("library-item").filter({ hasText: detail.title });
  await expect(item).toHaveAttribute("data-status", "watching");
  await expect(item.getByTestId("episodes-watched")).toContainText(/^1 /);
  await checkA11y(second_);

  // The continue row on the home page offers the title.
  await second_.goto("/");
  await expect(second_.getByTestId("continue-item").filter({ hasText: detail.title })).toBeVisible();

  // History: both episodes, newest first; delete one, then clear all after the question.
  await second_.goto("/history");
  const entries = second_.getByTestId("history-item");
  await expect(entries).toHaveCount(2);
  await expect(entries.first()).toContainText(`серия ${second.number}`);
  await expect(entries.nth(1)).toContainText(`серия ${first.number}`);
  await checkA11y(second_);
  await entries
    .first()
    .getByRole("button", { name: /удалить/i })
    .click();
  await expect(entries).toHaveCount(1);
  await second_.getByRole("button", { name: "Очистить историю" }).click();
  await second_
    .getByRole("dialog")
    .getByRole("button", { name: /да, очистить/i })
    .click();
  await expect(entries).toHaveCount(0);
  await second_.reload();
  await expect(second_.getByText("Вы ещё ничего не смотрели.")).toBeVisible();

  // Account: sign out everywhere ends the first browser's session too.
  await second_.goto("/account");
  await expect(second_.getByTestId("account-email")).toHaveText(email);
  await expect(second_.getByTestId("session")).toHaveCount(2);
  await checkA11y(second_);
  await second_.getByRole("button", { name: "Выйти на всех устройствах" }).click();
  await second_
    .getByRole("dialog")
    .getByRole("button", { name: /да, выйти везде/i })
    .click();
  await expect(second_).toHaveURL(/\/login/);
  await page.goto("/library");
  await expect(page.getByTestId("auth-status")).toHaveAttribute("data-state", "anonymous");
  await expect(page.getByTestId("sign-in-prompt")).toBeVisible();
  await other.close();
});

test("the personal pages, signed in and out, on a desktop and a phone", async ({ page, request, axe }) => {
  test.setTimeout(120_000);
  const { detail, first } = await pickTitle(request);
  const email = `looker-${Date.now()}@example.com`;
  await page.goto("/register");
  await page.getByLabel(/почта|email/i).fill(email);
  await page.getByLabel(/^пароль|^password/i).fill("correct horse battery");
  await page.getByRole("button", { name: "Создать аккаунт" }).click();
  await expect(page.getByTestId("auth-status")).toHaveAttribute("data-state", "signed-in");

  await page.goto(episodePath(detail.slug, first));
  const frame = await playerFrame(page);
  await frame.waitForFunction(() => (document.getElementById("clip") as HTMLAudioElement).currentTime >= 6);
  await frame.evaluate(() => (document.getElementById("clip") as HTMLAudioElement).pause());
  await expect(page.getByTestId("grid-episode").first()).toHaveAttribute("data-watched", "partly");
  await screenshot(page, "player", { fullPage: false });

  await page.goto(`/anime/${detail.slug}`);
  await expect(page.getByTestId("episode-partly").first()).toBeVisible();
  await page.getByLabel("Статус").selectOption("planned");
  await expect(page.getByTestId("library-controls").getByRole("status")).toHaveText("Сохранено");
  await page.getByRole("button", { name: /в избранное/i }).click();
  await expect(page.getByRole("button", { name: /в избранном/i })).toHaveAttribute("aria-pressed", "true");
  await screenshot(page, "title-signed-in");

  await page.goto("/");
  await expect(page.getByTestId("continue-row")).toBeVisible();
  await axe();
  await screenshot(page, "home-signed-in");
  for (const name of ["library", "history", "account"]) {
    await page.goto(`/${name}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await axe();
    await screenshot(page, name);
  }
  await page
    .getByRole("tab", { name: /избранное/i })
    .waitFor({ state: "detached" })
    .catch(() => undefined);

  // Signed out, each personal page asks to sign in (and the site never shows someone else's data).
  await page.context().clearCookies();
  await page.evaluate(() => localStorage.clear());
  for (const name of ["library", "history", "account"]) {
    await page.goto(`/${name}`);
    await expect(page.getByTestId("sign-in-prompt")).toBeVisible();
  }
  await axe();
});
