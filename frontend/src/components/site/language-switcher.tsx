import { locales, type Locale } from "@/i18n/locale";

const NAMES = { ru: "Русский", en: "English" } as const;
const SHORT = { ru: "RU", en: "EN" } as const;

/**
 * Plain links to `/locale?to=…` (src/app/locale/route.ts), which stores the choice in a cookie and sends the viewer
 * back to the page they came from (the Referer). No JavaScript involved, and the same markup on every page.
 */
export function LanguageSwitcher({ locale, label }: { locale: Locale; label: string }) {
  return (
    <nav aria-label={label} className="flex rounded-lg border border-border p-0.5">
      {locales.map((code) => (
        <a
          key={code}
          href={`/locale?to=${code}`}
          hrefLang={code}
          lang={code}
          rel="nofollow"
          aria-current={code === locale ? "true" : undefined}
          className={`flex min-h-8 items-center rounded-md px-2 text-xs font-semibold ${
            code === locale ? "bg-accent text-accent-contrast" : "text-muted hover:text-text"
          }`}
        >
          {SHORT[code]}
          <span className="sr-only"> — {NAMES[code]}</span>
        </a>
      ))}
    </nav>
  );
}
