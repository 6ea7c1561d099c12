"use client";

/** `/library`: a tab per status plus favourites; posters, titles, episodes watched of available, quick status change,
 * and a mark on titles with new episodes since the viewer last watched. */
import Link from "next/link";
import { useState } from "react";
import { Poster } from "@/components/catalog/poster";
import { useMe } from "@/components/watching/use-me";
import { me } from "@/lib/public-api/me";
import { LIBRARY_STATUSES, type LibraryEntry, type LibraryStatus } from "@/lib/public-api/types";
import { fill } from "@/lib/words";
import { LoadError, SignInPrompt, Skeleton } from "./common";

export type LibraryWords = Record<
  | "title"
  | "all"
  | "favourites"
  | "tabs"
  | "empty"
  | "browse"
  | "episodes"
  | "episodesNoTotal"
  | "newEpisodes"
  | "changeStatus"
  | "score"
  | "signIn"
  | "error"
  | "retry"
  | "favourite"
  | "notInCatalog"
  | "signInAction"
  | "noPoster",
  string
> & { statuses: Record<LibraryStatus, string> };

type Tab = "all" | "favourites" | LibraryStatus;

export function LibraryView({ words }: { words: LibraryWords }) {
  const { result, reload, update, client } = useMe((c) => me.library(c));
  const [tab, setTab] = useState<Tab>("all");
  const [message, setMessage] = useState("");

  if (result.state === "anonymous") return <SignInPrompt text={words.signIn} action={words.signInAction} />;
  if (result.state === "error")
    return <LoadError text={words.error} retry={words.retry} onRetry={() => void reload()} />;
  if (result.state === "loading") return <Skeleton />;
  const entries = result.data;
  const counts = new Map<Tab, number>([["all", entries.length]]);
  counts.set("favourites", entries.filter((entry) => entry.is_favorite).length);
  for (const status of LIBRARY_STATUSES) counts.set(status, entries.filter((entry) => entry.status === status).length);
  const shown = entries.filter((entry) =>
    tab === "all" ? true : tab === "favourites" ? entry.is_favorite : entry.status === tab,
  );
  const tabs: Tab[] = ["all", ...LIBRARY_STATUSES, "favourites"];
  const label = (value: Tab) =>
    value === "all" ? words.all : value === "favourites" ? words.favourites : words.statuses[value];

  const changeStatus = async (entry: LibraryEntry, status: LibraryStatus) => {
    try {
      const saved = await me.putLibrary(client, entry.title_id, { status });
      update((list) =>
        list.map((item) => (item.title_id === entry.title_id ? { ...item, ...saved, anime: item.anime } : item)),
      );
      setMessage(`${entry.anime?.title ?? entry.title_id}: ${words.statuses[status]}`);
    } catch {
      setMessage(words.error);
    }
  };

  return (
    <>
      <div role="tablist" aria-label={words.tabs} className="mt-6 flex gap-2 overflow-x-auto pb-2">
        {tabs.map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            id={`tab-${value}`}
            aria-selected={tab === value}
            aria-controls="library-panel"
            className={`btn shrink-0 ${tab === value ? "btn-primary" : "btn-outline"}`}
            onClick={() => setTab(value)}
          >
            {label(value)} <span className="text-xs opacity-80">{counts.get(value) ?? 0}</span>
          </button>
        ))}
      </div>
      <p className="sr-only" role="status" aria-live="polite">
        {message}
      </p>
      <div id="library-panel" role="tabpanel" aria-labelledby={`tab-${tab}`} className="mt-4">
        {shown.length === 0 ? (
          <div className="card p-6 text-center">
            <p className="text-muted">{words.empty}</p>
            <Link className="btn btn-primary mt-4" href="/catalog">
              {words.browse}
            </Link>
          </div>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="library-list">
            {shown.map((entry) => (
              <LibraryCard key={entry.title_id} entry={entry} words={words} onStatus={changeStatus} />
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function LibraryCard({
  entry,
  words,
  onStatus,
}: {
  entry: LibraryEntry;
  words: LibraryWords;
  onStatus: (entry: LibraryEntry, status: LibraryStatus) => Promise<void>;
}) {
  const title = entry.anime?.title ?? entry.title_id;
  const total = entry.anime?.episodes_total ?? null;
  const href = `/anime/${encodeURIComponent(entry.anime?.slug ?? entry.title_id)}`;
  const selectId = `status-${entry.title_id}`;
  return (
    <li className="card flex gap-3 p-3" data-testid="library-item" data-status={entry.status}>
      <Link href={href} className="w-20 shrink-0" tabIndex={-1} aria-hidden="true">
        <Poster src={entry.anime?.poster} alt="" noPosterLabel={words.noPoster} />
      </Link>
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        <h2 className="line-clamp-2 font-semibold leading-snug">
          <Link href={href} className="hover:text-accent">
            {title}
          </Link>
        </h2>
        {entry.anime ? null : <p className="text-xs text-muted">{words.notInCatalog}</p>}
        <div className="flex flex-wrap items-center gap-1.5 text-xs">
          {entry.has_new_episodes ? (
            <span className="badge bg-accent text-accent-contrast" data-testid="new-episodes">
              {words.newEpisodes}
            </span>
          ) : null}
          {entry.is_favorite ? <span className="badge bg-accent-soft text-text">♥ {words.favourite}</span> : null}
          {entry.score !== null ? (
            <span className="badge bg-surface-2 text-muted">{fill(words.score, { score: entry.score })}</span>
          ) : null}
        </div>
        <p className="text-sm text-muted" data-testid="episodes-watched">
          {total !== null
            ? fill(words.episodes, { watched: entry.episodes_watched, total })
            : fill(words.episodesNoTotal, { watched: entry.episodes_watched })}
        </p>
        {total ? (
          <span className="h-1.5 overflow-hidden rounded bg-surface-2" aria-hidden="true">
            <span
              className="block h-full bg-accent"
              style={{ width: `${Math.min(100, Math.round((entry.episodes_watched / total) * 100))}%` }}
            />
          </span>
        ) : null}
        <label htmlFor={selectId} className="sr-only">
          {fill(words.changeStatus, { title })}
        </label>
        <select
          id={selectId}
          className="field mt-auto h-9 w-auto py-1 text-sm"
          value={entry.status}
          onChange={(event) => void onStatus(entry, event.target.value as LibraryStatus)}
        >
          {LIBRARY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {words.statuses[status]}
            </option>
          ))}
        </select>
      </div>
    </li>
  );
}
