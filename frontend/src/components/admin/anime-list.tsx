"use client";

/**
 * Titles: search (debounced), visibility and source filters, paging and page size — all in the URL — and a
 * show/hide switch per row. write-api's list is always "most recently updated first"; the sort offered here orders
 * the loaded page only (the admin API has no sort parameter).
 */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import type { AnimeListItem } from "@/lib/admin-api/types";
import { useDateText, useEnumText } from "./format";
import { useAdminApi } from "./session-context";
import { useToast } from "./toasts";
import { LockIcon, LoadError, Loading, PageHeader, Pagination, button, inputClass } from "./ui";
import { useErrorText, useLoad } from "./use-load";

const SORTS = ["updated", "title", "year"] as const;
type Sort = (typeof SORTS)[number];
const PER_PAGE = [20, 50, 100] as const;
const KNOWN_SOURCES = ["kodik-shikimori", "admin"];

function sortItems(items: AnimeListItem[], sort: Sort, locale: string): AnimeListItem[] {
  if (sort === "updated") return items;
  const copy = [...items];
  if (sort === "title") copy.sort((a, b) => a.title.localeCompare(b.title, locale));
  else copy.sort((a, b) => (b.year ?? -1) - (a.year ?? -1) || a.title.localeCompare(b.title, locale));
  return copy;
}

export function AnimeList() {
  const t = useTranslations("anime");
  const fields = useTranslations("fields");
  const api = useAdminApi();
  const toast = useToast();
  const errorText = useErrorText();
  const date = useDateText();
  const words = useEnumText();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();

  const q = params.get("q") ?? "";
  const active = params.get("active") ?? "";
  const source = params.get("source") ?? "";
  const sort: Sort = (SORTS as readonly string[]).includes(params.get("sort") ?? "")
    ? (params.get("sort") as Sort)
    : "updated";
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const perPage = PER_PAGE.find((n) => String(n) === params.get("per")) ?? 20;

  const [search, setSearch] = useState(q);
  const [busy, setBusy] = useState<string | null>(null);

  function update(changes: Record<string, string | null>, resetPage = true) {
    const next = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (resetPage && !("page" in changes)) next.delete("page");
    const query = next.toString();
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }

  // Debounced search: the URL (and the request) follows the box 300 ms after the last key.
  useEffect(() => {
    if (search.trim() === q) return;
    const timer = setTimeout(() => update({ q: search.trim() }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  const { data, error, loading, reload, setData } = useLoad(
    () =>
      api.listAnime({
        page,
        per_page: perPage,
        search: q || undefined,
        is_active: active === "yes" ? true : active === "no" ? false : undefined,
        source_name: source || undefined,
      }),
    [api, q, active, source, page, perPage],
  );

  const sources = useMemo(
    () =>
      Array.from(
        new Set([...KNOWN_SOURCES, ...(data?.items.map((item) => item.source_name) ?? []), source].filter(Boolean)),
      ),
    [data, source],
  );
  const items = useMemo(() => (data ? sortItems(data.items, sort, "ru") : []), [data, sort]);

  async function toggle(item: AnimeListItem) {
    setBusy(item.id);
    try {
      const updated = await api.updateAnime(item.id, { is_active: !item.is_active });
      setData((current) =>
        current
          ? { ...current, items: current.items.map((row) => (row.id === item.id ? { ...row, ...pick(updated) } : row)) }
          : current,
      );
      toast.success(updated.is_active ? t("shown", { title: updated.title }) : t("hidden", { title: updated.title }));
    } catch (cause) {
      toast.error(errorText(cause));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <PageHeader title={t("title")}>
        <Link href="/admin/anime/new" className={button.primary}>
          + {t("create")}
        </Link>
      </PageHeader>

      <div
        role="search"
        aria-label={t("filters")}
        className="mb-4 grid gap-3 rounded-[var(--radius-card)] border border-border bg-surface p-4 sm:grid-cols-2 lg:grid-cols-5"
      >
        <div className="flex flex-col gap-1 lg:col-span-2">
          <label htmlFor="anime-search" className="text-sm font-medium">
            {t("searchLabel")}
          </label>
          <input
            id="anime-search"
            type="search"
            value={search}
            maxLength={200}
            onChange={(event) => setSearch(event.target.value)}
            className={inputClass}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="anime-active" className="text-sm font-medium">
            {t("activity")}
          </label>
          <select
            id="anime-active"
            value={active}
            onChange={(e) => update({ active: e.target.value })}
            className={inputClass}
          >
            <option value="">{t("all")}</option>
            <option value="yes">{t("onlyActive")}</option>
            <option value="no">{t("onlyInactive")}</option>
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="anime-source" className="text-sm font-medium">
            {t("sourceFilter")}
          </label>
          <select
            id="anime-source"
            value={source}
            onChange={(e) => update({ source: e.target.value })}
            className={inputClass}
          >
            <option value="">{t("sourceAny")}</option>
            {sources.map((name) => (
              <option key={name} value={name}>
                {words.source(name)}
              </option>
            ))}
          </select>
        </div>
        <div className="grid grid-cols-2 gap-3 sm:col-span-2 lg:col-span-1 lg:grid-cols-1">
          <div className="flex flex-col gap-1">
            <label htmlFor="anime-sort" className="text-sm font-medium">
              {t("sort")}
            </label>
            <select
              id="anime-sort"
              value={sort}
              onChange={(e) => update({ sort: e.target.value === "updated" ? null : e.target.value }, false)}
              className={inputClass}
            >
              <option value="updated">{t("sortUpdated")}</option>
              <option value="title">{t("sortTitle")}</option>
              <option value="year">{t("sortYear")}</option>
            </select>
          </div>
          <div className="flex flex-col gap-1 lg:hidden">
            <label htmlFor="anime-per-page" className="text-sm font-medium">
              {t("perPage")}
            </label>
            <select
              id="anime-per-page"
              value={perPage}
              onChange={(e) => update({ per: e.target.value === "20" ? null : e.target.value })}
              className={inputClass}
            >
              {PER_PAGE.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>

      {error ? (
        <LoadError message={errorText(error)} onRetry={reload} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <p className="mb-2 text-sm text-muted" role="status" aria-live="polite">
            {loading ? "…" : t("results", { count: data.total })}
          </p>
          {items.length === 0 ? (
            <p className="rounded-[var(--radius-card)] border border-border bg-surface p-6 text-center text-muted">
              {t("nothing")}
            </p>
          ) : (
            <div className="overflow-x-auto rounded-[var(--radius-card)] border border-border bg-surface">
              <table className="w-full min-w-[44rem] text-left text-sm">
                <thead className="bg-surface-2 text-muted">
                  <tr>
                    <th
                      scope="col"
                      className="px-3 py-2 font-medium"
                      aria-sort={sort === "title" ? "ascending" : undefined}
                    >
                      {t("columns.title")}
                    </th>
                    <th
                      scope="col"
                      className="px-3 py-2 font-medium"
                      aria-sort={sort === "year" ? "descending" : undefined}
                    >
                      {t("columns.year")}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {t("columns.status")}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {t("columns.source")}
                    </th>
                    <th
                      scope="col"
                      className="px-3 py-2 font-medium"
                      aria-sort={sort === "updated" ? "descending" : undefined}
                    >
                      {t("columns.updated")}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {t("columns.locks")}
                    </th>
                    <th scope="col" className="px-3 py-2 font-medium">
                      {t("columns.active")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => (
                    <tr key={item.id} className="border-t border-border" data-testid="anime-row">
                      <td className="px-3 py-2">
                        <Link href={`/admin/anime/${item.id}`} className="font-medium text-accent hover:underline">
                          {item.title}
                        </Link>
                        <div className="text-xs text-muted">/{item.slug}</div>
                      </td>
                      <td className="px-3 py-2 tabular-nums">{item.year ?? "—"}</td>
                      <td className="px-3 py-2">{words.status(item.status)}</td>
                      <td className="px-3 py-2">{words.source(item.source_name)}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{date(item.updated_at)}</td>
                      <td className="px-3 py-2">
                        {item.locked_fields.length ? (
                          <span
                            className="inline-flex items-center gap-1"
                            title={item.locked_fields.map((f) => fields(f as "title")).join(", ")}
                          >
                            <LockIcon className="size-3.5" />
                            {t("lockCount", { count: item.locked_fields.length })}
                          </span>
                        ) : (
                          <span className="text-muted">{t("lockCount", { count: 0 })}</span>
                        )}
                      </td>
                      <td className="px-3 py-2">
                        <button
                          type="button"
                          role="switch"
                          aria-checked={item.is_active}
                          aria-label={t("toggle", { title: item.title })}
                          disabled={busy === item.id}
                          onClick={() => toggle(item)}
                          className="group inline-flex h-6 w-11 items-center rounded-full border border-border bg-surface-2 p-0.5 aria-checked:border-accent aria-checked:bg-accent disabled:opacity-60"
                        >
                          <span className="size-4.5 rounded-full bg-muted transition-transform group-aria-checked:translate-x-5 group-aria-checked:bg-accent-contrast" />
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="flex flex-wrap items-end justify-between gap-3">
            <Pagination
              page={data.page}
              pages={data.total_pages}
              onPage={(p) => update({ page: p === 1 ? null : String(p) }, false)}
            />
            <div className="mt-4 hidden items-center gap-2 lg:flex">
              <label htmlFor="anime-per-page-wide" className="text-sm text-muted">
                {t("perPage")}
              </label>
              <select
                id="anime-per-page-wide"
                value={perPage}
                onChange={(e) => update({ per: e.target.value === "20" ? null : e.target.value })}
                className={`${inputClass} w-auto`}
              >
                {PER_PAGE.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </>
      )}
    </>
  );
}

function pick(detail: {
  is_active: boolean;
  title: string;
  updated_at: string;
  locked_fields: string[];
  admin_modified: boolean;
}) {
  return {
    is_active: detail.is_active,
    title: detail.title,
    updated_at: detail.updated_at,
    locked_fields: detail.locked_fields,
    admin_modified: detail.admin_modified,
  };
}
