"use client";

/** The panel's frame: brand, sections, the admin's email, language and sign-out; a skip link to the content. */
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { AdminSessionProvider, useAdmin } from "./session-context";
import { ToastProvider } from "./toasts";
import { button } from "./ui";

const SECTIONS = [
  { href: "/admin", key: "dashboard" },
  { href: "/admin/anime", key: "anime" },
  { href: "/admin/audit", key: "audit" },
  { href: "/admin/rebuild", key: "rebuild" },
  { href: "/admin/admins", key: "admins" },
] as const;

export function AdminShell({ children }: { children: React.ReactNode }) {
  return (
    <ToastProvider>
      <AdminSessionProvider>
        <Frame>{children}</Frame>
      </AdminSessionProvider>
    </ToastProvider>
  );
}

function Frame({ children }: { children: React.ReactNode }) {
  const t = useTranslations("nav");
  const common = useTranslations("common");
  const pathname = usePathname();
  const locale = useLocale();
  const { signOut: endSession, admin } = useAdmin();
  const [leaving, setLeaving] = useState(false);

  const current = (href: string) => (href === "/admin" ? pathname === "/admin" : pathname.startsWith(href));
  const other = locale === "ru" ? "en" : "ru";

  async function signOut() {
    setLeaving(true);
    await endSession();
  }

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-lg focus:bg-accent focus:px-4 focus:py-2 focus:text-accent-contrast"
      >
        {common("skip")}
      </a>
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/admin" className="text-lg font-bold tracking-tight">
            {t("brand")}
          </Link>
          <nav aria-label={t("label")} className="order-last w-full overflow-x-auto md:order-none md:w-auto">
            <ul className="flex gap-1">
              {SECTIONS.map((section) => (
                <li key={section.href}>
                  <Link
                    href={section.href}
                    aria-current={current(section.href) ? "page" : undefined}
                    className="block rounded-lg px-3 py-2 text-sm whitespace-nowrap text-muted hover:bg-surface-2 hover:text-text aria-[current=page]:bg-accent-soft aria-[current=page]:font-semibold aria-[current=page]:text-text"
                  >
                    {t(section.key)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-3 text-sm">
            {admin ? (
              <span className="hidden text-muted lg:inline" data-testid="admin-email">
                {t("signedInAs", { email: admin.email })}
              </span>
            ) : null}
            <a
              href={`/locale?to=${other}&back=${encodeURIComponent(pathname)}`}
              lang={other}
              hrefLang={other}
              className="rounded px-2 py-1 text-muted uppercase hover:text-text"
              aria-label={`${common("language")}: ${other === "en" ? "English" : "Русский"}`}
            >
              {other}
            </a>
            <button type="button" className={button.small} onClick={signOut} disabled={leaving}>
              {t("signOut")}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </main>
    </div>
  );
}
