/**
 * The admin panel (/admin) through the gateway, as an operator uses it: sign in, edit a title, see the public page
 * follow, keep the edit through an import, release the lock, read the audit log, disable a video source, rebuild
 * the read models; and the guard: a viewer's session and an anonymous request never get in.
 *
 * Screenshots (screenshots/admin-*-{desktop,phone}.png) are taken in the test's own page at both widths
 * (`shoot` below): a second browser context with the same cookies would rotate the admin's refresh token behind
 * this page's back.
 */
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { APIRequestContext, Page } from "@playwright/test";
import { desktop, expect, phone, SCREENSHOTS_DIR, siteState, test } from "./fixtures";

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
/** A title of the demo catalog that no other browser test touches. */
const TARGET_SLUG = "khroniki-nari";

/** Both widths of the current page, in this page (no second session). */
async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-desktop.png`), fullPage: true, animations: "disabled" });
  await page.setViewportSize(phone.viewport);
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}-phone.png`), fullPage: true, animations: "disabled" });
  await page.setViewportSize(desktop.viewport);
}

/** `ani-parser one` for one title, against the stack's fake providers (as the harness' seed runs the parser). */
async function importTitle(shikimoriId: string): Promise<string> {
  const script = [
    "import asyncio, os, subprocess, sys",
    "from scripts.devstack.stack import Stack",
    "from tests.e2e.harness import site_options",
    "stack = Stack(site_options())",
    "asyncio.run(stack.attach())",
    "done = subprocess.run([sys.executable, '-m', 'ani_parser.cli', 'one', '--shikimori-id', sys.argv[1]],",
    "                      env={**os.environ, **stack.parser_env()}, capture_output=True, text=True)",
    "sys.stdout.write(done.stdout[-4000:]); sys.exit(done.returncode)",
  ].join("\n");
  const { stdout } = await run("uv", ["run", "--no-sync", "python", "-c", script, shikimoriId], {
    cwd: REPO,
    env: { ...process.env },
    timeout: 120_000,
  });
  return stdout;
}

async function adminToken(request: APIRequestContext, login: { email: string; password: string }) {
  const response = await request.post(`${siteState().baseURL}/api/v1/admin/login`, {
    data: { email: login.email, password: login.password },
  });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function signIn(page: Page, login: { email: string; password: string }) {
  await page.getByLabel("Эл. почта").fill(login.email);
  await page.getByLabel("Пароль").fill(login.password);
  await page.getByRole("button", { name: "Войти" }).click();
}

test("an anonymous request for an admin page is redirected to the sign-in and gets no panel", async ({ request }) => {
  for (const path of ["/admin", "/admin/anime", "/admin/audit?page=2", "/admin/rebuild"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers()["location"]).toBe(
      path === "/admin" ? "/admin/login" : `/admin/login?next=${encodeURIComponent(path)}`,
    );
    const body = await response.text();
    for (const word of ["Тайтлы", "Сводка", "Журнал изменений", "Выйти"]) expect(body, path).not.toContain(word);
  }
  // A client-side navigation (RSC request) is guarded the same way.
  const rsc = await request.get("/admin/anime", { maxRedirects: 0, headers: { RSC: "1" } });
  expect(rsc.status()).toBe(307);
  // The guard cookie's route checks the token with auth: garbage is refused.
  const forged = await request.post("/admin/session", { data: { token: "forged.token.value" } });
  expect(forged.status()).toBe(401);
});

test("sign in → edit a title → public page, lock, import, release, audit, video source, rebuild", async ({
  page,
  browser,
  request,
  admin,
  axe,
}) => {
  test.setTimeout(300_000);
  const token = await adminToken(request, admin);
  const headers = { Authorization: `Bearer ${token}` };
  const base = siteState().baseURL;
  const found = await request.get(`${base}/api/v1/admin/anime?search=${TARGET_SLUG}&per_page=1`, { headers });
  const listed = ((await found.json()) as { items: { id: string }[] }).items[0];
  if (!listed) throw new Error(`the demo catalog has no ${TARGET_SLUG}`);
  const original = (await (await request.get(`${base}/api/v1/admin/anime/${listed.id}`, { headers })).json()) as {
    id: string;
    title: string;
    slug: string;
    source_id: string;
  };
  const newTitle = `${original.title} (правка ${Date.now() % 100000})`;

  try {
    // ---- sign in (the guard sends us to the sign-in page and back)
    await page.goto("/admin/anime");
    await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Fanime$/);
    await expect(page.getByRole("heading", { name: "Вход в админку" })).toBeVisible();
    await axe();
    await shoot(page, "admin-login");
    await signIn(page, { email: admin.email, password: "wrong password!" });
    await expect(page.getByRole("alert").filter({ hasText: "Неверная почта или пароль" })).toBeVisible();
    await signIn(page, admin);
    await expect(page).toHaveURL(/\/admin\/anime$/);
    await expect(page.getByRole("heading", { level: 1, name: "Тайтлы" })).toBeVisible();
    await expect(page.getByTestId("admin-email")).toContainText(admin.email);

    // ---- dashboard
    await page.getByRole("link", { name: "Сводка" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Сводка" })).toBeVisible();
    await expect(page.getByTestId("activity-chart")).toBeVisible();
    await axe();
    await shoot(page, "admin-dashboard");

    // ---- the list: debounced search, then the title
    await page.getByRole("link", { name: "Тайтлы", exact: true }).click();
    await page.getByLabel("Поиск по названию или адресу").fill(TARGET_SLUG);
    await expect(page).toHaveURL(new RegExp(`q=${TARGET_SLUG}`));
    await expect(page.getByTestId("anime-row")).toHaveCount(1);
    await axe();
    await shoot(page, "admin-anime-list");
    await page.getByRole("link", { name: original.title }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Тайтл: ${original.title}`);

    // ---- a client-side check and an API 422 next to the field
    const titleField = page.getByLabel("Название", { exact: true });
    await titleField.fill(" ");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByTestId("field-error").first()).toHaveText("Обязательное поле");
    await expect(titleField).toBeFocused();
    await titleField.fill(original.title);
    await page.getByLabel("Постер (URL)").fill("http://insecure.example/poster.jpg");
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.locator("[data-field='Постер (URL)'] [data-testid=field-error]")).toHaveText(
      "URL must use https",
    );
    await page.reload(); // back to the stored values (this page's own session: one refresh, no second context)

    // ---- edit the name
    await page.getByLabel("Название", { exact: true }).fill(newTitle);
    await page.getByRole("button", { name: "Сохранить" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Изменения сохранены" })).toBeVisible();
    const saved = Date.now();

    // ---- the public title page shows it within 3 s
    const viewer = await browser.newPage();
    await expect(async () => {
      await viewer.goto(`/anime/${original.slug}`);
      await expect(viewer.getByRole("heading", { level: 1 })).toHaveText(newTitle, { timeout: 250 });
    }).toPass({ timeout: 3_000, intervals: [100, 200, 300] });
    expect(Date.now() - saved).toBeLessThan(3_000);

    // ---- the field shows its lock
    await expect(page.locator("[data-field='Название'] [data-testid=lock]")).toHaveText("Защищено от импорта");
    await expect(page.getByTestId("locked-field")).toHaveText([/Название/]);
    await axe();
    await shoot(page, "admin-anime-edit");

    // ---- an import of that title keeps the edited name
    const summary = await importTitle(original.source_id);
    expect(summary).toMatch(/"ok": true/);
    const afterImport = (await (
      await request.get(`${base}/api/v1/admin/anime/${original.id}`, { headers })
    ).json()) as { title: string; locked_fields: string[] };
    expect(afterImport.title).toBe(newTitle);
    expect(afterImport.locked_fields).toContain("title");
    await viewer.goto(`/anime/${original.slug}`);
    await expect(viewer.getByRole("heading", { level: 1 })).toHaveText(newTitle);

    // ---- release the lock
    await page.getByRole("button", { name: "Снять блокировку: Название" }).first().click();
    await expect(page.getByTestId("toast").filter({ hasText: "Блокировка снята: Название" })).toBeVisible();
    await expect(page.getByTestId("locked-field")).toHaveCount(0);
    await expect(page.locator("[data-field='Название'] [data-testid=lock]")).toHaveCount(0);

    // ---- the audit log shows the edit with old and new values
    await page.getByRole("link", { name: "Журнал" }).click();
    await page.getByLabel("Объект", { exact: true }).selectOption({ label: "Тайтл" });
    await page.getByLabel("ID объекта").fill(original.id);
    await page.getByLabel("Действие", { exact: true }).selectOption({ label: "Изменение" });
    await page.getByRole("button", { name: "Применить" }).click();
    await expect(page).toHaveURL(/action=update/);
    const change = page.locator("[data-testid=audit-change][data-field=title]").first();
    await expect(change.locator("del")).toHaveText(original.title);
    await expect(change.locator("ins")).toHaveText(newTitle);
    await page.getByRole("button", { name: "Сбросить" }).click();
    await expect(page.getByTestId("audit-entry").first()).toBeVisible();
    await axe();
    await shoot(page, "admin-audit");

    // ---- disable a video source: it leaves the public title's data
    await page.goBack();
    await page.goBack();
    await page.getByRole("link", { name: "Тайтлы", exact: true }).click();
    await page.getByLabel("Поиск по названию или адресу").fill(TARGET_SLUG);
    await page.getByRole("link", { name: newTitle }).click();
    await page.getByTestId("episode-row").first().getByRole("link", { name: "Источники видео" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(newTitle);
    const row = page.getByTestId("video-row").first();
    const url = (await row.locator("p[title]").getAttribute("title"))!;
    await row.getByRole("button", { name: "Просмотр" }).click();
    await expect(row.locator("iframe, video").first()).toBeVisible();
    await axe({ exclude: ["iframe"] }); // the fake provider's player page is not ours
    await shoot(page, "admin-episode");
    await row.getByRole("button", { name: "Скрыть просмотр" }).click();
    await row.getByRole("button", { name: /^Отключить:/ }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Источник отключён" })).toBeVisible();
    await expect(async () => {
      const detail = await (await request.get(`${base}/api/read/anime/${original.slug}`)).text();
      expect(detail).not.toContain(url);
    }).toPass({ timeout: 5_000 });
    await viewer.goto(`/anime/${original.slug}`);
    expect(await viewer.content()).not.toContain(url);
    await row.getByRole("button", { name: /^Включить:/ }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Источник включён" })).toBeVisible();

    // ---- start a rebuild and watch it finish
    await page.getByRole("link", { name: "Пересборка" }).click();
    await page.getByRole("button", { name: "Начать пересборку" }).click();
    const dialog = page.getByRole("dialog", { name: "Начать пересборку" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Начать пересборку" }).click();
    await expect(page).toHaveURL(/\/admin\/rebuild\?job=/);
    await expect(page.getByTestId("rebuild-status")).toHaveText("Готово", { timeout: 90_000 });
    await expect(page.getByTestId("toast").filter({ hasText: "Пересборка завершена" })).toBeVisible();
    await axe();
    await shoot(page, "admin-rebuild");

    // ---- the creation form (the editor of a new title)
    await page.getByRole("link", { name: "Тайтлы", exact: true }).click();
    await page.getByRole("link", { name: /Новый тайтл/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Новый тайтл" })).toBeVisible();
    await page.getByLabel("Год").fill("1800");
    await page.getByRole("button", { name: "Добавить" }).click();
    await expect(page.locator("[data-field='Год'] [data-testid=field-error]")).toHaveText(
      "Целое число от 1900 до 2100",
    );
    await axe();
    await shoot(page, "admin-anime-new");

    // ---- sign out
    await page.getByRole("button", { name: "Выйти" }).click();
    await expect(page).toHaveURL(/\/admin\/login\?signedOut=1/);
    const after = await page.request.get("/admin", { maxRedirects: 0 });
    expect(after.status()).toBe(307);
    await viewer.close();
  } finally {
    // Put the demo data back for the next run.
    await request.patch(`${base}/api/v1/admin/anime/${original.id}`, { headers, data: { title: original.title } });
    await request.delete(`${base}/api/v1/admin/anime/${original.id}/locks`, { headers });
  }
});

test("create a title with an episode and a source, then delete it with a confirmation naming both", async ({
  page,
  admin,
  axe,
}) => {
  test.setTimeout(120_000);
  const name = `Тестовый тайтл ${Date.now()}`;
  await page.goto("/admin/anime/new");
  await signIn(page, admin);
  await expect(page.getByRole("heading", { level: 1, name: "Новый тайтл" })).toBeVisible();
  await page.getByLabel("Название", { exact: true }).fill(name);
  await page.getByLabel("Год").fill("2024");
  await page.getByLabel("Статус").selectOption({ label: "Анонс" });
  await page.getByLabel("Жанры").fill("Драма, Комедия");
  await page.getByRole("button", { name: "Добавить" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Тайтл «${name}» создан` })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Тайтл: ${name}`);

  // An episode, by keyboard.
  await page.getByRole("button", { name: "+ Добавить эпизод" }).click();
  const episodeDialog = page.getByRole("dialog", { name: "Добавить эпизод" });
  await episodeDialog.getByLabel("Номер").fill("1");
  await episodeDialog.getByLabel("Сезон", { exact: true }).fill("1");
  await episodeDialog.getByLabel("Номер").press("Enter");
  await expect(page.getByTestId("toast").filter({ hasText: "Сезон 1, эпизод 1: добавлен" })).toBeVisible();
  await page.getByTestId("episode-row").first().getByRole("link", { name: "Источники видео" }).click();

  // A video source.
  await page.getByRole("button", { name: "+ Добавить источник" }).click();
  const videoDialog = page.getByRole("dialog", { name: "Добавить источник" });
  await videoDialog.getByLabel("Адрес видео").fill("https://player.example/embed/1");
  await videoDialog.getByLabel("Перевод", { exact: true }).fill("Тестовая озвучка");
  await videoDialog.getByLabel("Тип перевода").selectOption({ label: "Озвучка" });
  await videoDialog.getByRole("button", { name: "Сохранить" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Источник добавлен" })).toBeVisible();
  await expect(page.getByTestId("video-row")).toHaveCount(1);

  // Delete the title: the confirmation names the episode and the source; Escape cancels.
  await page.getByRole("link", { name: /К тайтлу/ }).click();
  await page.getByRole("button", { name: "Удалить тайтл" }).click();
  const confirm = page.getByRole("dialog", { name: `Удалить «${name}»?` });
  await expect(confirm).toContainText("1 эпизод и 1 источник видео");
  await axe();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await page.getByRole("button", { name: "Удалить тайтл" }).click();
  await expect(confirm).toContainText("1 эпизод и 1 источник видео");
  await confirm.getByRole("button", { name: "Удалить тайтл" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `Тайтл «${name}» удалён` })).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/anime$/);
});

test("a viewer's session cannot open the panel", async ({ browser }) => {
  const context = await browser.newContext({ locale: "ru-RU" });
  const page = await context.newPage();
  const email = `viewer-${Date.now()}@example.com`;
  const password = "viewer password 1";
  const registered = await page.request.post("/api/v1/auth/register", { data: { email, password } });
  expect(registered.status()).toBeLessThan(300);
  const login = await page.request.post("/api/v1/auth/login", { data: { email, password } });
  expect(login.status()).toBe(200);
  const viewerToken = ((await login.json()) as { access_token: string }).access_token;

  // The viewer's session goes to the admin sign-in…
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/admin\/login$/);
  // …whose form refuses the viewer's credentials…
  await signIn(page, { email, password });
  await expect(page.getByRole("alert").filter({ hasText: /Неверная почта|не администратор/ })).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/login/);
  // …and the panel's session route refuses the viewer's token.
  const handed = await page.request.post("/admin/session", { data: { token: viewerToken } });
  expect(handed.status()).toBe(403);
  const still = await page.request.get("/admin/anime", { maxRedirects: 0 });
  expect(still.status()).toBe(307);
  await context.close();
});

/** `ani-auth create-admin` against the stack's auth database (the CLI an operator runs). */
async function createAdmin(email: string, password: string): Promise<void> {
  const script = [
    "import asyncio, os, subprocess, sys",
    "from scripts.devstack.stack import Stack",
    "from tests.e2e.harness import site_options",
    "stack = Stack(site_options())",
    "asyncio.run(stack.attach())",
    "done = subprocess.run([sys.executable, '-m', 'ani_auth.cli', 'create-admin', '--email', sys.argv[1],",
    "                       '--username', sys.argv[1].split('@')[0], '--password-stdin'],",
    "                      env={**os.environ, **stack.auth_env()}, input=sys.argv[2] + '\\n', capture_output=True, text=True)",
    "sys.stdout.write(done.stdout[-2000:] + done.stderr[-2000:]); sys.exit(done.returncode)",
  ].join("\n");
  await run("uv", ["run", "--no-sync", "python", "-c", script, email, password], {
    cwd: REPO,
    env: { ...process.env },
    timeout: 120_000,
  });
}

test("admins: disabling another admin revokes their live token at once", async ({ page, admin, axe, request }) => {
  test.setTimeout(120_000);
  const email = `operator-${Date.now()}@example.org`;
  const password = "a long operator passphrase";
  await createAdmin(email, password);
  const theirToken = await adminToken(request, { email, password });
  const before = await request.get(`${siteState().baseURL}/api/v1/admin/dashboard`, {
    headers: { Authorization: `Bearer ${theirToken}` },
  });
  expect(before.status()).toBe(200);

  await page.goto("/admin/admins");
  await signIn(page, admin);
  await expect(page.getByRole("heading", { level: 1, name: "Администраторы" })).toBeVisible();
  await expect(page.getByTestId("admin-row").filter({ hasText: admin.email })).toContainText("это вы");
  await axe();
  await shoot(page, "admin-admins");
  await page.getByRole("button", { name: `Отключить ${email}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Отключить" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: `${email}: отключён` })).toBeVisible();

  // The disabled admin's live token stops working within the revocation poll, through the gateway.
  await expect
    .poll(
      async () =>
        (
          await request.get(`${siteState().baseURL}/api/v1/admin/dashboard`, {
            headers: { Authorization: `Bearer ${theirToken}` },
          })
        ).status(),
      { timeout: 10_000 },
    )
    .toBe(401);
  const again = await request.post(`${siteState().baseURL}/api/v1/admin/login`, { data: { email, password } });
  expect(again.status()).toBeGreaterThanOrEqual(400);

  // The own password form checks the repetition before asking auth.
  await page.getByLabel("Текущий пароль").fill(admin.password);
  await page.getByLabel("Новый пароль", { exact: true }).fill("another long passphrase");
  await page.getByLabel("Новый пароль ещё раз").fill("a different passphrase");
  await page.getByRole("button", { name: "Сменить пароль" }).click();
  await expect(page.getByText("Пароли не совпадают")).toBeVisible();
});
