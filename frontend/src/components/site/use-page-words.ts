"use client";

import { useParams } from "next/navigation";
import en from "../../../messages/errors/en.json";
import ru from "../../../messages/errors/ru.json";

/**
 * The `errors` words of the page's language, for the not-found, error and loading screens. Those screens are rendered
 * ahead of the page that may need them, before the page has told next-intl its language, so they read the
 * `[locale]` route parameter themselves (in the browser and on the server alike).
 */
export function usePageWords(): typeof ru {
  const { locale } = useParams<{ locale?: string }>() ?? {};
  return locale === "en" ? en : ru;
}
