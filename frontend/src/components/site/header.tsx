import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AuthStatus } from "@/components/auth/auth-status";
import type { Locale } from "@/i18n/locale";
import { LanguageSwitcher } from "./language-switcher";

export async function Header() {
  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  return (
    <header className="sticky top-0 z-30 border-b border-border bg-surface">
      <div className="container-page flex h-16 items-center gap-3 sm:gap-6">
        <Link
          href="/"
          className="text-xl font-black tracking-tight text-accent"
          aria-label={`${t("site.name")} — ${t("nav.home")}`}
        >
          ani
        </Link>
        <nav aria-label={t("site.mainNav")} className="flex items-center gap-1">
          <Link href="/catalog" className="btn btn-ghost px-3">
            {t("nav.catalog")}
          </Link>
        </nav>
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          <LanguageSwitcher locale={locale as Locale} label={t("nav.language")} />
          <AuthStatus
            labels={{
              login: t("nav.login"),
              register: t("nav.register"),
              logout: t("nav.logout"),
              signedInAs: t.raw("nav.signedInAs") as string,
            }}
          />
        </div>
      </div>
    </header>
  );
}
