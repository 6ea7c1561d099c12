import { getRequestConfig } from "next-intl/server";
import { defaultLocale, isLocale } from "./locale";

/**
 * The language is the `[locale]` route segment, which src/proxy.ts chose from the cookie or Accept-Language.
 * Messages: messages/<locale>.json, plus messages/errors/<locale>.json as the `errors` namespace (kept apart because
 * the not-found and error screens, client components, import it and nothing else).
 */
export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = isLocale(requested) ? requested : defaultLocale;
  const [main, errors] = await Promise.all([
    import(`../../messages/${locale}.json`) as Promise<{ default: Record<string, unknown> }>,
    import(`../../messages/errors/${locale}.json`) as Promise<{ default: Record<string, unknown> }>,
  ]);
  return { locale, messages: { ...main.default, errors: errors.default }, timeZone: "Europe/Moscow" };
});
