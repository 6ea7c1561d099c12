import { expect, screenshot, test } from "./fixtures";

test("the home page is served by the site through the gateway", async ({ page, baseURL, axe }) => {
  const response = await page.goto("/");
  expect(response, "no response for /").not.toBeNull();
  expect(response!.status()).toBe(200);
  expect(response!.url()).toBe(`${baseURL}/`);
  // Set by the gateway's frontend-headers middleware: the page came through Traefik, not from Next directly.
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  await expect(page.locator("html")).toHaveAttribute("lang", /^(ru|en)$/);
  await axe();
  await screenshot(page, "home");
});

test("pages carry the Content-Security-Policy and break none of it, the player included", async ({ page }) => {
  const violations: string[] = [];
  await page.exposeFunction("reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportViolation: (text: string) => void }).reportViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  const response = await page.goto("/catalog");
  const policy = response!.headers()["content-security-policy"] ?? "";
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  const title = await page.getByRole("list").locator('a[href^="/anime/"]').first().getAttribute("href");
  await page.goto(title!);
  await page.getByTestId("continue").click();
  await expect(page.locator("iframe[title]")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
});
