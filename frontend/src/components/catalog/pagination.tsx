import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { catalogHref, pageWindow, type CatalogState } from "@/lib/catalog-params";

export async function Pagination({ state, pages }: { state: CatalogState; pages: number }) {
  if (pages <= 1) return null;
  const t = await getTranslations("catalog");
  const current = Math.min(state.page, pages);
  return (
    <nav aria-label={t("pagination")} className="mt-10 flex flex-wrap items-center justify-center gap-2">
      {current > 1 ? (
        <Link className="btn btn-outline" rel="prev" href={catalogHref(state, { page: current - 1 })}>
          {t("previous")}
        </Link>
      ) : null}
      <ol className="flex flex-wrap items-center gap-1">
        {pageWindow(current, pages).map((page, index) =>
          page === null ? (
            <li key={`gap-${index}`} aria-hidden="true" className="px-1 text-muted">
              …
            </li>
          ) : (
            <li key={page}>
              <Link
                href={catalogHref(state, { page })}
                aria-label={t("pageLink", { page })}
                aria-current={page === current ? "page" : undefined}
                className={`btn min-w-10 px-3 ${page === current ? "btn-primary" : "btn-outline"}`}
              >
                {page}
              </Link>
            </li>
          ),
        )}
      </ol>
      {current < pages ? (
        <Link className="btn btn-outline" rel="next" href={catalogHref(state, { page: current + 1 })}>
          {t("next")}
        </Link>
      ) : null}
      <p className="w-full text-center text-sm text-muted">{t("page", { page: current, pages })}</p>
    </nav>
  );
}
