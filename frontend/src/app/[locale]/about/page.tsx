import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { locales } from "@/i18n/locale";

/** Fully static: rendered at build time for each language (also the baseline of bench/site_bench.py). */
export const dynamic = "force-static";

type Props = { params: Promise<{ locale: string }> };

export function generateStaticParams() {
  return locales.map((locale) => ({ locale }));
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations({ locale: (await params).locale, namespace: "about" });
  return { title: t("title"), description: t("metaDescription"), alternates: { canonical: "/about" } };
}

export default async function AboutPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const t = await getTranslations("about");
  const sections = [
    ["catalogTitle", "catalogText"],
    ["progressTitle", "progressText"],
    ["privacyTitle", "privacyText"],
  ] as const;
  return (
    <article className="container-page max-w-3xl py-10">
      <h1 className="text-3xl font-black">{t("title")}</h1>
      <p className="mt-4 text-lg leading-relaxed">{t("lead")}</p>
      {sections.map(([title, text]) => (
        <section key={title} className="mt-8">
          <h2 className="text-xl font-bold">{t(title)}</h2>
          <p className="mt-2 leading-relaxed text-muted">{t(text)}</p>
        </section>
      ))}
    </article>
  );
}
