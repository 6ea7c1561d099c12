import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AuthStatus } from "@/components/auth/auth-status";
import { PersonalNav } from "@/components/auth/personal-nav";
import type { Locale } from "@/i18n/locale";
import { LanguageSwitcher } from "./language-switcher";

export async function Header() {
  const [t, locale] = await Promise.all([getTranslations(), getLocale()]);
  return (
    <header className="sticky top-0 z-30 border-b border-border bg-surface">
      {/* On a phone the navigation wraps to a second, scrollable row under the logo and the account area. */}
      <div className="container-page flex flex-wrap items-center gap-x-3 gap-y-1 py-2 sm:h-16 sm:flex-nowrap sm:gap-6 sm:py-0">
        <Link
          href="/"
          className="text-xl font-black tracking-tight text-accent"
          aria-label={`${t("site.name")} — ${t("nav.home")}`}
        >
          ani
        </Link>
        <nav
          aria-label={t("site.mainNav")}
          className="order-last -mx-3 flex w-[calc(100%+1.5rem)] items-center gap-1 overflow-x-auto sm:order-none sm:mx-0 sm:w-auto"
        >
          <Link href="/catalog" className="btn btn-ghost px-3">
            {t("nav.catalog")}
          </Link>
          <PersonalNav labels={{ library: t("nav.library"), history: t("nav.history") }} />
        </nav>
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          <LanguageSwitcher locale={locale as Locale} label={t("nav.language")} />
          <AuthStatus
            labels={{
              login: t("nav.login"),
              register: t("nav.register"),
              logout: t("nav.logout"),
              account: t("nav.accountPage"),
              signedInAs: t.raw("nav.signedInAs") as string,
            }}
          />
        </div>
      </div>
    </header>
  );
}
