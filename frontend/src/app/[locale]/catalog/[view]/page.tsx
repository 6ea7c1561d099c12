import Link from "next/link";
import type { Metadata } from "next";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { CatalogFilters, type CatalogFilterLabels } from "@/components/catalog/catalog-filters";
import { Pagination } from "@/components/catalog/pagination";
import { preloadPoster } from "@/components/catalog/poster";
import { PosterCard, PosterGrid } from "@/components/catalog/poster-card";
import { CATALOG_SORTS, CATALOG_STATUSES, catalogHref, MIN_YEAR, pageCount } from "@/lib/catalog-params";
import { stateFromViewSegment } from "@/lib/catalog-view";
import { getCatalogPage, getGenres } from "@/lib/public-api/server";
import type { CatalogPage, GenreFacet } from "@/lib/public-api/types";

/** Rendered on first request, then served from the cache; re-rendered in the background after 1 s, never served
 * older than `expireTime` (next.config.ts). */
export const revalidate = 1;

/** `/catalog?…` reaches this route through src/proxy.ts, which puts the canonical query in `view`. */
type Props = { params: Promise<{ locale: string; view: string }> };

export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, view } = await params;
  const [t, state] = [await getTranslations({ locale, namespace: "catalog" }), stateFromViewSegment(view)];
  const title = state.q ? `${t("title")}: ${state.q}` : t("title");
  return {
    title,
    description: t("metaDescription"),
    alternates: { canonical: catalogHref(state, { page: state.page }) },
    // Filtered and searched views are for people; the sitemap lists the titles themselves.
    robots: state.q || state.genre || state.year || state.status ? { index: false, follow: true } : undefined,
    openGraph: { title, description: t("metaDescription") },
  };
}

export default async function CatalogPageView({ params }: Props) {
  const { locale, view } = await params;
  setRequestLocale(locale);
  const state = stateFromViewSegment(view);
  const t = await getTranslations();
  let page: CatalogPage | null = null;
  let genres: GenreFacet[] = [];
  try {
    [page, genres] = await Promise.all([getCatalogPage(state), getGenres().catch(() => [])]);
  } catch {
    page = null;
  }
  // The service sorts genres by bytes; people read them in their alphabet's order.
  genres = [...genres].sort((a, b) => a.name.localeCompare(b.name, locale));
  for (const item of page?.items.slice(0, 2) ?? []) preloadPoster(item.poster);
  const thisYear = new Date().getUTCFullYear();
  const years = Array.from({ length: thisYear + 2 - MIN_YEAR }, (_, i) => thisYear + 1 - i);
  const pages = page ? pageCount(page.total) : 1;

  return (
    <div className="container-page py-8">
      <h1 className="text-3xl font-black">{t("catalog.title")}</h1>
      <div className="card mt-6 p-4">
        <CatalogFilters state={state} genres={genres} years={years} labels={filterLabels(t)} />
      </div>
      {page === null ? (
        <section role="alert" className="mt-10 text-center">
          <h2 className="text-xl font-bold">{t("catalog.errorTitle")}</h2>
          <p className="mt-2 text-muted">{t("catalog.errorHint")}</p>
        </section>
      ) : page.items.length === 0 ? (
        <section className="mt-10 text-center" aria-live="polite">
          <h2 className="text-xl font-bold">{t("catalog.emptyTitle")}</h2>
          <p className="mt-2 text-muted">{t("catalog.emptyHint")}</p>
          <Link href="/catalog" className="btn btn-outline mt-4">
            {t("catalog.reset")}
          </Link>
        </section>
      ) : (
        <>
          <p className="mb-4 mt-6 text-sm text-muted" aria-live="polite" data-testid="catalog-total">
            {t("catalog.total", { count: page.total })}
          </p>
          <PosterGrid label={t("catalog.title")}>
            {page.items.map((item, index) => (
              <PosterCard key={item.slug} item={item} priority={index < 4} headingLevel={2} />
            ))}
          </PosterGrid>
          <Pagination state={state} pages={pages} />
        </>
      )}
    </div>
  );
}

function filterLabels(t: Awaited<ReturnType<typeof getTranslations>>): CatalogFilterLabels {
  return {
    search: t("catalog.search"),
    searchPlaceholder: t("catalog.searchPlaceholder"),
    filters: t("catalog.filters"),
    genre: t("catalog.genre"),
    anyGenre: t("catalog.anyGenre"),
    year: t("catalog.year"),
    status: t("catalog.status"),
    sort: t("catalog.sort"),
    any: t("catalog.any"),
    apply: t("catalog.apply"),
    reset: t("catalog.reset"),
    statuses: Object.fromEntries(
      CATALOG_STATUSES.map((s) => [s, t(`enums.status.${s}`)]),
    ) as CatalogFilterLabels["statuses"],
    sorts: Object.fromEntries(CATALOG_SORTS.map((s) => [s, t(`enums.sort.${s}`)])) as CatalogFilterLabels["sorts"],
  };
}
