/**
 * The public site through the gateway, as a visitor uses it before pressing play: browse, search in both scripts,
 * filter and page, open a title, a missing title, register, sign out and in, survive a reload, switch the language.
 * Every page passes axe-core (no serious or critical violation) and is saved at desktop and phone sizes.
 */
import { expect, screenshot, siteState, test } from "./fixtures";

test.describe.configure({ mode: "serial" });

test("home: hero and rows of titles from the read models", async ({ page, axe }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  for (const row of ["Недавно обновлённые", "Онгоинги", "Новые по году"]) {
    const section = page.getByRole("region", { name: row });
    await expect(section).toBeVisible();
    expect(await section.getByRole("listitem").count()).toBeGreaterThan(0);
  }
  // Server-rendered: the titles are in the HTML itself, not fetched by the browser afterwards.
  const html = await (await page.request.get("/")).text();
  expect(html).toContain("Онгоинги");
  await axe();
  await screenshot(page, "home");
});

test("catalog: search by Cyrillic and Latin titles", async ({ page, axe }) => {
  await page.goto("/catalog");
  await expect(page.getByTestId("catalog-total")).toContainText(/\d+/);
  await axe();
  await screenshot(page, "catalog");

  const search = page.getByLabel("Поиск", { exact: true });
  await search.fill("Атака титанов");
  await expect(page).toHaveURL(/q=%D0%90%D1%82%D0%B0%D0%BA%D0%B0|q=Атака/);
  await expect(page.getByRole("link", { name: /Атака титанов/ }).first()).toBeVisible();

  await search.fill("shingeki");
  await expect(page).toHaveURL(/q=shingeki/);
  await expect(page.getByRole("link", { name: /Атака титанов/ }).first()).toBeVisible();
  await expect(page.getByTestId("catalog-total")).toContainText("1");

  await search.fill("нет такого аниме zzz");
  await expect(page.getByRole("heading", { name: "Ничего не нашлось" })).toBeVisible();
  // Metadata streams in after a client-side navigation: the title names the search once it has.
  await expect(page).toHaveTitle("Каталог аниме: нет такого аниме zzz — ani");
  await axe();
  await screenshot(page, "catalog-empty");
});

test("catalog: filters and pages live in the URL", async ({ page }) => {
  await page.goto("/catalog");
  const totalText = await page.getByTestId("catalog-total").innerText();
  const total = Number(totalText.replace(/\D/g, ""));
  expect(total).toBeGreaterThan(24);

  await page.getByLabel("Статус").selectOption("ongoing");
  await expect(page).toHaveURL(/status=ongoing/);
  const ongoingTotal = Number((await page.getByTestId("catalog-total").innerText()).replace(/\D/g, ""));
  expect(ongoingTotal).toBeGreaterThan(0);
  expect(ongoingTotal).toBeLessThan(total);
  await expect(page.locator("main li .badge", { hasText: "Вышло" })).toHaveCount(0);

  await page.getByLabel("Жанр").selectOption({ index: 1 });
  await expect(page).toHaveURL(/genre=/);

  // A shared link reproduces the view, paging included; the whole catalog is reachable (no ceiling).
  await page.goto("/catalog?sort=-year");
  const pagination = page.getByRole("navigation", { name: "Страницы каталога" });
  await pagination.getByRole("link", { name: "Вперёд" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(pagination.getByRole("link", { name: "Страница 2" })).toHaveAttribute("aria-current", "page");
  const lastPage = Math.ceil(total / 24);
  await page.goto(`/catalog?page=${lastPage}`);
  const onLast = await page.locator("main ul[aria-label] > li").count();
  expect(onLast).toBe(total - (lastPage - 1) * 24);
});

test("title page: seasons and translations; a missing title is a real 404", async ({ page, axe }) => {
  await page.goto("/catalog?q=shingeki");
  await page
    .getByRole("link", { name: /Атака титанов/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/anime\//);
  await expect(page.getByRole("heading", { level: 1, name: "Атака титанов" })).toBeVisible();
  await expect(page.getByText("Attack on Titan")).toBeVisible();
  for (const season of ["1-й сезон", "2-й сезон", "3-й сезон", "Спецвыпуски"]) {
    await expect(page.getByRole("heading", { name: season })).toBeVisible();
  }
  expect(await page.getByTestId("episode").count()).toBe(23);
  await expect(page.getByTestId("translation").first()).toContainText(/Озвучка|Субтитры/);
  // Open Graph and the canonical URL, in the <head> of the HTML that crawlers and link previews fetch.
  const html = await (await page.request.get(page.url())).text();
  const head = html.slice(0, html.indexOf("</head>"));
  expect(head.match(/<link rel="canonical" href="[^"]*\/anime\/ataka-titanov"/g)).toHaveLength(1);
  expect(head).toMatch(/<meta property="og:image" content="https?:\/\/[^"]+"/);
  expect(head).toContain("<title>Атака титанов — ani</title>");
  await axe();
  await screenshot(page, "title");

  const missing = await page.goto("/anime/no-such-title-anywhere");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Тайтл не найден" })).toBeVisible();
  await axe();
  await screenshot(page, "not-found");
});

test("register, sign out, sign in, stay signed in after a reload", async ({ page, axe }) => {
  const email = `viewer-${Date.now()}@example.com`;
  const password = "correct horse battery";

  await page.goto("/register?returnTo=/catalog");
  await axe();
  await screenshot(page, "register");
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Создать аккаунт" }).click();
  await expect(page).toHaveURL(/\/catalog$/);
  await expect(page.getByText(`Вы вошли как ${email}`)).toBeVisible();

  // The same email again: the service's answer, in words.
  await page.goto("/register");
  await page.getByLabel("Электронная почта").fill(email.toUpperCase());
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Создать аккаунт" }).click();
  await expect(page.getByTestId("form-error")).toHaveText(/уже зарегистрирован/);

  await page.goto("/");
  await page.reload();
  await expect(page.getByText(`Вы вошли как ${email}`)).toBeVisible();

  await page.getByRole("button", { name: "Выйти" }).click();
  await expect(page.getByTestId("auth-status")).toHaveAttribute("data-state", "anonymous");
  await page.reload();
  await expect(page.getByRole("link", { name: "Войти" })).toBeVisible();

  await page.goto("/login?returnTo=https://evil.example/");
  await axe();
  await screenshot(page, "login");
  await page.getByLabel("Электронная почта").fill(email);
  await page.getByLabel("Пароль").fill("wrong password!");
  await page.getByRole("button", { name: "Войти" }).last().click();
  await expect(page.getByTestId("form-error")).toHaveText("Неверная почта или пароль.");
  await page.getByLabel("Пароль").fill(password);
  await page.getByRole("button", { name: "Войти" }).last().click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  await expect(page.getByText(`Вы вошли как ${email}`)).toBeVisible();
  await page.reload();
  await expect(page.getByText(`Вы вошли как ${email}`)).toBeVisible();
});

test("the language is negotiated, switchable on every page and remembered", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/catalog");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Anime catalog" })).toBeVisible();
  await page.getByRole("link", { name: /Русский/ }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await expect(page.getByRole("heading", { level: 1, name: "Каталог аниме" })).toBeVisible();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  await page.getByRole("link", { name: /English/ }).click();
  await expect(page.getByRole("region", { name: "Ongoing" })).toBeVisible();
  await context.close();
});

test("an edit reaches the title page through the gateway within 3 s", async ({ page, request, admin }) => {
  const base = siteState().baseURL;
  const login = await request.post(`${base}/api/v1/admin/login`, {
    data: { email: admin.email, password: admin.password },
  });
  expect(login.status()).toBe(200);
  const token = ((await login.json()) as { access_token: string }).access_token;
  const headers = { Authorization: `Bearer ${token}` };
  const list = await request.get(
    `${base}/api/v1/admin/anime?search=${encodeURIComponent("Тетрадь смерти")}&per_page=1`,
    { headers },
  );
  expect(list.status()).toBe(200);
  const target = ((await list.json()) as { items: { id: string; slug: string; title: string }[] }).items[0];
  if (!target) throw new Error("the demo catalog has no «Тетрадь смерти»");
  const newTitle = `Тетрадь смерти ${Date.now()}`;
  const edit = await request.patch(`${base}/api/v1/admin/anime/${target.id}`, { headers, data: { title: newTitle } });
  expect(edit.status()).toBe(200);
  const started = Date.now();
  await expect(async () => {
    await page.goto(`/anime/${target.slug}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(newTitle, { timeout: 200 });
  }).toPass({ timeout: 3_000, intervals: [100, 200, 300] });
  expect(Date.now() - started).toBeLessThan(3_000);
  // Put the demo data back for the next run.
  await request.patch(`${base}/api/v1/admin/anime/${target.id}`, { headers, data: { title: target.title } });
});

test("SEO: sitemap lists every title, robots points at it", async ({ request }) => {
  const robots = await (await request.get("/robots.txt")).text();
  expect(robots).toContain("Sitemap:");
  expect(robots).toContain("Disallow: /admin");
  const sitemap = await (await request.get("/sitemap.xml")).text();
  const catalog = await request.get("/api/read/anime?limit=1");
  const total = Number(catalog.headers()["x-total-count"]);
  expect((sitemap.match(/\/anime\//g) ?? []).length).toBe(total);
});

test("about: static, served from the page cache", async ({ page, axe, request }) => {
  const response = await request.get("/about");
  expect(response.status()).toBe(200);
  expect(response.headers()["x-nextjs-cache"]).toMatch(/HIT|STALE/);
  await page.goto("/about");
  await expect(page.getByRole("heading", { level: 1, name: "О сайте" })).toBeVisible();
  await axe();
  await screenshot(page, "about");
});
