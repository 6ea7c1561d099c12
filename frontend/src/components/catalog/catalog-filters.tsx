"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import {
  CATALOG_SORTS,
  CATALOG_STATUSES,
  catalogHref,
  type CatalogSort,
  type CatalogState,
  type CatalogStatus,
} from "@/lib/catalog-params";

const SEARCH_DEBOUNCE_MS = 350;

/**
 * The catalog's search and filters. A plain GET form (works without JavaScript); with JavaScript, typing searches
 * after a short pause and every select applies at once, always through the URL so the view stays shareable.
 */
export interface CatalogFilterLabels {
  search: string;
  searchPlaceholder: string;
  filters: string;
  genre: string;
  anyGenre: string;
  year: string;
  status: string;
  sort: string;
  any: string;
  apply: string;
  reset: string;
  statuses: Record<CatalogStatus, string>;
  sorts: Record<CatalogSort, string>;
}

export function CatalogFilters({
  state,
  genres,
  years,
  labels,
}: {
  state: CatalogState;
  genres: { name: string; count: number }[];
  years: number[];
  labels: CatalogFilterLabels;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(state.q);
  // On a phone the selects fold under one button so the posters start on the first screen.
  const [open, setOpen] = useState(false);
  const activeFilters = [state.genre, state.year, state.status, state.sort !== "title" ? state.sort : ""].filter(
    Boolean,
  ).length;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // The URL is the source of truth: when it changes (back button, a link), the box follows it.
  const [urlQ, setUrlQ] = useState(state.q);
  if (urlQ !== state.q) {
    setUrlQ(state.q);
    setQ(state.q);
  }
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const go = (changes: Partial<CatalogState>) => {
    startTransition(() => router.push(catalogHref(state, changes), { scroll: false }));
  };

  return (
    <form
      action="/catalog"
      method="get"
      role="search"
      aria-label={labels.filters}
      aria-busy={pending}
      className="grid gap-4 lg:grid-cols-[2fr_5fr] lg:items-end"
      onSubmit={(event) => {
        event.preventDefault();
        if (timer.current) clearTimeout(timer.current);
        go({ q: q.trim() });
      }}
    >
      <div>
        <div className="flex items-end justify-between gap-2">
          <label htmlFor="catalog-q" className="label">
            {labels.search}
          </label>
          <button
            type="button"
            className="btn btn-ghost -mr-2 min-h-8 px-2 text-accent lg:hidden"
            aria-expanded={open}
            aria-controls="catalog-filter-fields"
            onClick={() => setOpen((value) => !value)}
          >
            {labels.filters}
            {activeFilters > 0 ? ` (${activeFilters})` : ""}
          </button>
        </div>
        <input
          id="catalog-q"
          name="q"
          type="search"
          value={q}
          maxLength={200}
          placeholder={labels.searchPlaceholder}
          className="field"
          onChange={(event) => {
            const value = event.target.value;
            setQ(value);
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(() => go({ q: value.trim() }), SEARCH_DEBOUNCE_MS);
          }}
        />
      </div>
      <div
        id="catalog-filter-fields"
        className={`${open ? "grid" : "hidden"} gap-4 sm:grid-cols-2 lg:grid lg:grid-cols-[1fr_1fr_1fr_1fr_auto] lg:items-end`}
      >
        <FilterSelect
          name="genre"
          label={labels.genre}
          value={state.genre}
          onChange={(event) => go({ genre: event.target.value })}
        >
          <option value="">{labels.anyGenre}</option>
          {genres.map((genre) => (
            <option key={genre.name} value={genre.name}>
              {genre.name} ({genre.count})
            </option>
          ))}
          {state.genre && !genres.some((g) => g.name.toLowerCase() === state.genre.toLowerCase()) ? (
            <option value={state.genre}>{state.genre}</option>
          ) : null}
        </FilterSelect>
        <FilterSelect
          name="year"
          label={labels.year}
          value={state.year === null ? "" : String(state.year)}
          onChange={(event) => go({ year: event.target.value ? Number(event.target.value) : null })}
        >
          <option value="">{labels.any}</option>
          {years.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          name="status"
          label={labels.status}
          value={state.status ?? ""}
          onChange={(event) => go({ status: (event.target.value || null) as CatalogStatus | null })}
        >
          <option value="">{labels.any}</option>
          {CATALOG_STATUSES.map((status) => (
            <option key={status} value={status}>
              {labels.statuses[status]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          name="sort"
          label={labels.sort}
          value={state.sort}
          onChange={(event) => go({ sort: event.target.value as CatalogSort })}
        >
          {CATALOG_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {labels.sorts[sort]}
            </option>
          ))}
        </FilterSelect>
        <div className="flex gap-2">
          <button type="submit" className="btn btn-primary">
            {labels.apply}
          </button>
          <Link href="/catalog" className="btn btn-outline">
            {labels.reset}
          </Link>
        </div>
      </div>
    </form>
  );
}

/** A labelled select of the filter form (`catalog-<name>` is its id). */
function FilterSelect({
  name,
  label,
  value,
  onChange,
  children,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (event: React.ChangeEvent<HTMLSelectElement>) => void;
  children: React.ReactNode;
}) {
  return (
    <div>
      <label htmlFor={`catalog-${name}`} className="label">
        {label}
      </label>
      <select id={`catalog-${name}`} name={name} className="field" value={value} onChange={onChange}>
        {children}
      </select>
    </div>
  );
}
