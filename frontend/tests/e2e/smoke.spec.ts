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
