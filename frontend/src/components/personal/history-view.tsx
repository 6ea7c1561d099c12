"use client";

/** `/history`: newest first, paged ("show more"), resume from an entry, delete one, clear all after a question. */
import Link from "next/link";
import { useState } from "react";
import { Poster } from "@/components/catalog/poster";
import { useMe } from "@/components/watching/use-me";
import { me } from "@/lib/public-api/me";
import type { HistoryItem } from "@/lib/public-api/types";
import { episodeHref } from "@/lib/watching/episodes";
import { formatClock } from "@/lib/watching/near-end";
import { fill } from "@/lib/words";
import { ConfirmDialog, LoadError, SignInPrompt, Skeleton } from "./common";

export type HistoryWords = Record<
  | "title"
  | "empty"
  | "resume"
  | "delete"
  | "deleteLabel"
  | "clear"
  | "clearConfirm"
  | "confirm"
  | "cancel"
  | "more"
  | "cleared"
  | "deleted"
  | "episode"
  | "seasonEpisode"
  | "at"
  | "signIn"
  | "error"
  | "retry"
  | "unknownTitle"
  | "signInAction"
  | "noPoster",
  string
>;

const PAGE_SIZE = 30;

interface Pages {
  items: HistoryItem[];
  /** true while the last page was full: there may be more */
  more: boolean;
}

export function HistoryView({ words, locale }: { words: HistoryWords; locale: string }) {
  const { result, reload, update, client } = useMe(async (c): Promise<Pages> => {
    const items = await me.history(c, { limit: PAGE_SIZE });
    return { items, more: items.length === PAGE_SIZE };
  });
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  if (result.state === "anonymous") return <SignInPrompt text={words.signIn} action={words.signInAction} />;
  if (result.state === "error")
    return <LoadError text={words.error} retry={words.retry} onRetry={() => void reload()} />;
  if (result.state === "loading") return <Skeleton />;
  const { items, more } = result.data;
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });

  const loadMore = async () => {
    const last = items.at(-1);
    if (!last) return;
    setBusy(true);
    try {
      const page = await me.history(client, { limit: PAGE_SIZE, before: last.watched_at });
      update((current) => ({
        items: [...current.items, ...page.filter((item) => !current.items.some((seen) => seen.id === item.id))],
        more: page.length === PAGE_SIZE,
      }));
    } catch {
      setMessage(words.error);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (item: HistoryItem) => {
    try {
      await me.deleteHistoryEntry(client, item.id);
      update((current) => ({ ...current, items: current.items.filter((entry) => entry.id !== item.id) }));
      setMessage(words.deleted);
    } catch {
      setMessage(words.error);
    }
  };

  const clearAll = async () => {
    setConfirming(false);
    try {
      await me.clearHistory(client);
      update(() => ({ items: [], more: false }));
      setMessage(words.cleared);
    } catch {
      setMessage(words.error);
    }
  };

  return (
    <>
      <div className="mt-4 flex min-h-10 items-center justify-between gap-4">
        <p className="text-sm text-muted" role="status" aria-live="polite" data-testid="history-status">
          {message}
        </p>
        {items.length > 0 ? (
          <button type="button" className="btn btn-outline" onClick={() => setConfirming(true)}>
            {words.clear}
          </button>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming}
        text={words.clearConfirm}
        confirm={words.confirm}
        cancel={words.cancel}
        onConfirm={() => void clearAll()}
        onCancel={() => setConfirming(false)}
      />
      {items.length === 0 ? (
        <div className="card mt-4 p-6 text-center text-muted">{words.empty}</div>
      ) : (
        <ol className="mt-4 space-y-3" data-testid="history-list">
          {items.map((item) => {
            const title = item.anime?.title ?? words.unknownTitle;
            const episode = item.episode ?? null;
            const episodeText = episode
              ? fill(episode.season === null ? words.episode : words.seasonEpisode, {
                  season: episode.season ?? "",
                  number: episode.number,
                })
              : "";
            const href =
              item.anime && episode
                ? episodeHref(item.anime.slug, { number: episode.number, season: episode.season })
                : item.anime
                  ? `/anime/${encodeURIComponent(item.anime.slug)}`
                  : null;
            return (
              <li key={item.id} className="card flex items-center gap-3 p-3" data-testid="history-item">
                <div className="w-12 shrink-0">
                  <Poster src={item.anime?.poster} alt="" noPosterLabel={words.noPoster} />
                </div>
                <div className="min-w-0 flex-1">
                  <p className="truncate font-semibold">{title}</p>
                  <p className="text-sm text-muted">
                    {[
                      episodeText,
                      item.position_seconds !== null
                        ? fill(words.at, { time: formatClock(item.position_seconds) })
                        : "",
                    ]
                      .filter(Boolean)
                      .join(" ")}
                  </p>
                  <p className="text-xs text-muted">
                    <time dateTime={item.watched_at}>{dates.format(new Date(item.watched_at))}</time>
                  </p>
                </div>
                <div className="flex shrink-0 flex-col gap-2 sm:flex-row">
                  {href ? (
                    <Link className="btn btn-primary" href={href}>
                      {words.resume}
                    </Link>
                  ) : null}
                  <button
                    type="button"
                    className="btn btn-ghost"
                    aria-label={fill(words.deleteLabel, { title, number: episode?.number ?? "" })}
                    onClick={() => void remove(item)}
                  >
                    {words.delete}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {more ? (
        <div className="mt-6 text-center">
          <button type="button" className="btn btn-outline" disabled={busy} onClick={() => void loadMore()}>
            {words.more}
          </button>
        </div>
      ) : null}
    </>
  );
}
