import { NextIntlClientProvider } from "next-intl";
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, negotiateLocale, type Locale } from "@/i18n/locale";
import en from "./en";
import ru, { type AdminMessages } from "./ru";

export type { AdminMessages };

export const adminMessages: Record<Locale, AdminMessages> = { ru, en };

/** The panel speaks the language the public site chose for this browser (cookie, then Accept-Language, then ru). */
export async function adminLocale(): Promise<Locale> {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  return negotiateLocale(jar.get(LOCALE_COOKIE)?.value, head.get("accept-language"));
}

/** The words for the browser: all of them, or only the named parts (the sign-in page). */
export async function AdminIntl({
  children,
  only,
}: {
  children: React.ReactNode;
  only?: readonly (keyof AdminMessages)[];
}) {
  const locale = await adminLocale();
  const all = adminMessages[locale];
  const messages = only ? Object.fromEntries(only.map((key) => [key, all[key]])) : all;
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone="Europe/Moscow" formats={{}} now={new Date()}>
      {children}
    </NextIntlClientProvider>
  );
}
