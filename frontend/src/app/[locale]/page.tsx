import Link from "next/link";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { statusLabel } from "@/components/catalog/labels";
import { Poster, preloadPoster } from "@/components/catalog/poster";
import { PosterCard, PosterGrid } from "@/components/catalog/poster-card";
import { ContinueRow, type ContinueWords } from "@/components/watching/continue-row";
import { catalogHref, DEFAULT_CATALOG_STATE, type CatalogState } from "@/lib/catalog-params";
import { getCatalogPage } from "@/lib/public-api/server";
import type { CatalogItem } from "@/lib/public-api/types";

/** Rendered once, served from the cache, re-rendered in the background after 1 s (see next.config.ts). */
export const revalidate = 1;

const ROW_SIZE = 7;

const ROWS: { key: "recent" | "ongoing" | "newest"; state: CatalogState }[] = [
  { key: "recent", state: { ...DEFAULT_CATALOG_STATE, sort: "-updated_at" } },
  { key: "ongoing", state: { ...DEFAULT_CATALOG_STATE, status: "ongoing", sort: "-updated_at" } },
  { key: "newest", state: { ...DEFAULT_CATALOG_STATE, sort: "-year" } },
];

export default async function HomePage({ params }: { params: Promise<{ locale: string }> }) {
  setRequestLocale((await params).locale);
  const [t, ...pages] = await Promise.all([
    getTranslations(),
    ...ROWS.map((row) => getCatalogPage(row.state, ROW_SIZE)),
  ]);
  const hero: CatalogItem | undefined = pages[0]?.items.find((item) => item.poster) ?? pages[0]?.items[0];

  preloadPoster(hero?.poster);
  if (!hero) {
    return (
      <div className="container-page py-16 text-center">
        <h1 className="text-2xl font-bold">{t("catalog.title")}</h1>
        <p className="mt-3 text-muted">{t("home.empty")}</p>
      </div>
    );
  }

  return (
    <>
      <section
        className="relative overflow-hidden border-b border-border bg-gradient-to-br from-accent-soft via-surface to-surface"
        aria-labelledby="hero-title"
      >
        <div className="container-page relative grid items-center gap-6 py-8 sm:grid-cols-[160px_1fr] sm:py-10 lg:grid-cols-[200px_1fr]">
          <div className="mx-auto w-36 sm:w-full">
            <Poster
              src={hero.poster}
              alt={t("anime.poster", { title: hero.title })}
              noPosterLabel={t("anime.noPoster")}
              priority
            />
          </div>
          <div>
            <p className="text-sm font-semibold uppercase tracking-wide text-accent">{t("home.heroKicker")}</p>
            <h1 id="hero-title" className="mt-1 text-3xl font-black leading-tight sm:text-4xl">
              {hero.title}
            </h1>
            {hero.alternative_titles.length > 0 ? (
              <p className="mt-1 line-clamp-1 text-muted">{hero.alternative_titles.slice(0, 2).join(" · ")}</p>
            ) : null}
            <p className="mt-3 text-sm text-muted">
              {[hero.year, statusLabel(t, hero.status), ...hero.genres.slice(0, 3)].filter(Boolean).join(" · ")}
            </p>
            <div className="mt-5 flex flex-wrap gap-3">
              <Link className="btn btn-primary" href={`/anime/${encodeURIComponent(hero.slug)}`}>
                {t("home.heroCta")}
              </Link>
              <Link className="btn btn-outline" href="/catalog">
                {t("home.browseCatalog")}
              </Link>
            </div>
            <form action="/catalog" method="get" role="search" className="mt-6 max-w-xl">
              <label htmlFor="home-search" className="label">
                {t("nav.searchLabel")}
              </label>
              <div className="flex gap-2">
                <input
                  id="home-search"
                  name="q"
                  type="search"
                  maxLength={200}
                  placeholder={t("nav.searchPlaceholder")}
                  className="field"
                />
                <button type="submit" className="btn btn-primary">
                  {t("catalog.search")}
                </button>
              </div>
            </form>
          </div>
        </div>
      </section>
      <ContinueRow
        words={{ ...(t.raw("watching.continueRow") as Omit<ContinueWords, "noPoster">), noPoster: t("anime.noPoster") }}
      />
      {ROWS.map((row, index) => {
        const items = pages[index]?.items ?? [];
        if (items.length === 0) return null;
        return (
          <section key={row.key} className="container-page mt-10" aria-labelledby={`row-${row.key}`}>
            <div className="mb-4 flex items-baseline justify-between gap-4">
              <h2 id={`row-${row.key}`} className="text-xl font-bold">
                {t(`home.${row.key}`)}
              </h2>
              <Link href={catalogHref(row.state)} className="text-sm font-semibold text-accent hover:underline">
                {t("home.seeAll")}
                <span className="sr-only">: {t(`home.${row.key}`)}</span>
              </Link>
            </div>
            <PosterGrid>
              {items.map((item) => (
                <PosterCard key={item.slug} item={item} />
              ))}
            </PosterGrid>
          </section>
        );
      })}
    </>
  );
}
