import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { AccountView, type AccountWords } from "./account-view";
import { HistoryView, type HistoryWords } from "./history-view";
import { LibraryView, type LibraryWords } from "./library-view";

export type PersonalPageName = "library" | "history" | "account";
export type PersonalPageProps = { params: Promise<{ locale: string }> };

/** Personal pages are the same shell for everyone (no personal data on the server), never indexed. */
export async function personalMetadata(name: PersonalPageName, { params }: PersonalPageProps): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: `watching.${name}` });
  return { title: t("metaTitle"), robots: { index: false, follow: false }, alternates: { canonical: `/${name}` } };
}

export async function PersonalPage({ name, params }: PersonalPageProps & { name: PersonalPageName }) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations();
  const own = t.raw(`watching.${name}`) as Record<string, string>;
  const common = { signInAction: t("nav.login"), noPoster: t("anime.noPoster") };
  return (
    <div className="container-page py-8">
      <h1 className="text-3xl font-black">{own.title}</h1>
      {name === "library" ? (
        <LibraryView
          words={{
            ...(own as Omit<LibraryWords, "statuses" | "signInAction" | "noPoster">),
            ...common,
            statuses: t.raw("enums.libraryStatus") as LibraryWords["statuses"],
          }}
        />
      ) : name === "history" ? (
        <HistoryView
          words={{ ...(own as Omit<HistoryWords, "signInAction" | "noPoster">), ...common }}
          locale={locale}
        />
      ) : (
        <AccountView words={{ ...(own as Omit<AccountWords, "signInAction">), ...common }} locale={locale} />
      )}
    </div>
  );
}
