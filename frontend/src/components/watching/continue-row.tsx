"use client";

/** The home page's "continue watching" row: the viewer's titles in progress, newest first, each with its resume. */
import Link from "next/link";
import { Poster } from "@/components/catalog/poster";
import { me } from "@/lib/public-api/me";
import type { ContinueItem } from "@/lib/public-api/types";
import { episodeHref } from "@/lib/watching/episodes";
import { formatClock, playedFraction } from "@/lib/watching/near-end";
import { fill } from "@/lib/words";
import { useMe } from "./use-me";

export type ContinueWords = Record<"title" | "episodeAt" | "seasonEpisodeAt" | "next" | "seasonNext", string> & {
  noPoster: string;
};

/** Where a continue item leads, and what it says. */
export function resumeOf(item: ContinueItem, words: ContinueWords): { href: string; label: string; fraction: number } {
  const slug = item.anime?.slug ?? item.title_id;
  const query: Record<string, string> = item.translation_id ? { t: item.translation_id } : {};
  const { episode, next } = item;
  if (episode.watched && next) {
    return {
      href: episodeHref(slug, next, query),
      label: fill(next.season === null ? words.next : words.seasonNext, {
        season: next.season ?? "",
        number: next.number,
      }),
      fraction: 0,
    };
  }
  if (episode.number === null) {
    // Progress on an episode the catalog no longer has: the title page offers what there is.
    return { href: `/anime/${encodeURIComponent(slug)}`, label: "", fraction: 0 };
  }
  return {
    href: episodeHref(slug, { number: episode.number, season: episode.season }, query),
    label: fill(episode.season === null ? words.episodeAt : words.seasonEpisodeAt, {
      season: episode.season ?? "",
      number: episode.number,
      time: formatClock(episode.position_seconds),
    }),
    fraction: playedFraction(episode.position_seconds, episode.duration_seconds),
  };
}

export function ContinueRow({ words }: { words: ContinueWords }) {
  const { result } = useMe((client) => me.continueWatching(client, 12));
  if (result.state !== "ready" || result.data.length === 0) return null;
  return (
    <section className="container-page mt-10" aria-labelledby="row-continue" data-testid="continue-row">
      <h2 id="row-continue" className="mb-4 text-xl font-bold">
        {words.title}
      </h2>
      <ul className="flex snap-x gap-4 overflow-x-auto pb-2">
        {result.data.map((item) => {
          const { href, label, fraction } = resumeOf(item, words);
          const title = item.anime?.title ?? item.title_id;
          return (
            <li key={item.title_id} className="w-64 shrink-0 snap-start">
              <Link
                href={href}
                className="card group flex gap-3 p-2 transition hover:border-accent"
                data-testid="continue-item"
              >
                <div className="w-16 shrink-0">
                  <Poster src={item.anime?.poster} alt="" noPosterLabel={words.noPoster} />
                </div>
                <div className="flex min-w-0 flex-1 flex-col justify-center">
                  <h3 className="line-clamp-2 text-sm font-semibold leading-snug group-hover:text-accent">{title}</h3>
                  <p className="mt-1 text-xs text-muted">{label}</p>
                  <span className="mt-2 h-1.5 overflow-hidden rounded bg-surface-2" aria-hidden="true">
                    <span className="block h-full bg-accent" style={{ width: `${Math.round(fraction * 100)}%` }} />
                  </span>
                </div>
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
