"use client";

/**
 * A signed-in viewer's part of a title page, from one read (`/api/read/me/titles/<slug>`): "continue: season S,
 * episode E at mm:ss", the library controls (status, favourite, score) and the per-episode marks, which are
 * rendered into the server-rendered episode cards' `data-episode-mark` slots.
 */
import Link from "next/link";
import { useState } from "react";
import { createPortal } from "react-dom";
import { useAuth } from "@/components/auth/auth-provider";
import { useMe, type Loaded } from "@/components/watching/use-me";
import { me } from "@/lib/public-api/me";
import { LIBRARY_STATUSES, type LibraryStatus, type ProgressItem, type TitleState } from "@/lib/public-api/types";
import { episodeHref, neighbours } from "@/lib/watching/episodes";
import { formatClock, playedFraction } from "@/lib/watching/near-end";
import { fill } from "@/lib/words";
import type { TitlePersonalProps, TitleWords } from "./title-personal";

export default function TitlePersonalSignedIn({ slug, episodes, words, loginHref }: TitlePersonalProps) {
  const { result, update } = useMe((client) => me.titleState(client, slug), slug);
  return (
    <div className="flex flex-col items-start gap-4">
      <ContinueButton slug={slug} state={result} episodes={episodes} words={words} />
      {result.state === "anonymous" ? (
        <p className="text-sm text-muted">
          <Link className="font-semibold text-accent hover:underline" href={loginHref}>
            {words.signIn}
          </Link>
        </p>
      ) : result.state === "ready" ? (
        <>
          <LibraryControls slug={slug} library={result.data.library} update={update} words={words} />
          <EpisodeMarks progress={result.data.progress} words={words} />
        </>
      ) : result.state === "loading" ? (
        <div className="h-10 w-72 max-w-full animate-pulse rounded-lg bg-surface-2" aria-hidden="true" />
      ) : null}
    </div>
  );
}

/** The marks, each in its episode card's slot (the cards are server-rendered, the same for everyone). */
function EpisodeMarks({ progress, words }: { progress: ProgressItem[]; words: TitleWords }) {
  const [slots] = useState(() => [...document.querySelectorAll<HTMLElement>("[data-episode-mark]")]);
  const byEpisode = new Map(progress.map((item) => [item.episode_id, item]));
  return (
    <>
      {slots.map((slot) => {
        const item = byEpisode.get(slot.dataset.episodeMark ?? "");
        return item ? createPortal(<EpisodeMark item={item} words={words} />, slot, item.episode_id) : null;
      })}
    </>
  );
}

/** "Continue: season S, episode E at mm:ss" (or the next episode once this one is watched, or the first one). */
function ContinueButton({
  slug,
  state,
  episodes,
  words,
}: Pick<TitlePersonalProps, "slug" | "episodes" | "words"> & { state: Loaded<TitleState> }) {
  const first = episodes[0];
  if (!first) return null;
  let href = episodeHref(slug, first);
  let label = words.watchFirst;
  if (state.state === "ready") {
    const last = state.data.progress[0];
    const episode = last ? episodes.find((item) => item.id === last.episode_id) : undefined;
    const query: Record<string, string> = state.data.translation_id ? { t: state.data.translation_id } : {};
    if (last && episode && !last.watched) {
      href = episodeHref(slug, episode, query);
      const values = { season: episode.season ?? "", number: episode.number, time: formatClock(last.position_seconds) };
      label = fill(episode.season === null ? words.continueNoSeason : words.continue, values);
    } else if (last && episode) {
      const { next } = neighbours(episodes, episode.id);
      if (next) {
        href = episodeHref(slug, next, query);
        label = fill(next.season === null ? words.startNextNoSeason : words.startNext, {
          season: next.season ?? "",
          number: next.number,
        });
      }
    } else {
      href = episodeHref(slug, first, query);
    }
  }
  return (
    <Link className="btn btn-primary" href={href} data-testid="continue">
      ▶ {label}
    </Link>
  );
}

function LibraryControls({
  slug,
  library,
  update,
  words,
}: {
  slug: string;
  library: TitleState["library"];
  update: (change: (state: TitleState) => TitleState) => void;
  words: TitleWords;
}) {
  const { client } = useAuth();
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);

  const save = async (change: { status?: LibraryStatus; is_favorite?: boolean; score?: number | null } | null) => {
    setBusy(true);
    setMessage("");
    try {
      if (change === null) {
        await me.removeFromLibrary(client, slug);
        update((current) => ({ ...current, library: null }));
      } else {
        const entry = await me.putLibrary(client, slug, change);
        update((current) => ({
          ...current,
          library: {
            status: entry.status,
            is_favorite: entry.is_favorite,
            score: entry.score,
            episodes_watched: entry.episodes_watched,
            updated_at: entry.updated_at,
          },
        }));
      }
      setMessage(words.saved);
    } catch {
      setMessage(words.saveFailed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-wrap items-end gap-3" data-testid="library-controls">
      <div>
        <label htmlFor="library-status" className="label">
          {words.status}
        </label>
        <select
          id="library-status"
          className="field w-auto"
          disabled={busy}
          value={library?.status ?? ""}
          onChange={(event) => {
            const value = event.target.value;
            void save(value === "" ? null : { status: value as LibraryStatus });
          }}
        >
          <option value="">{words.notInLibrary}</option>
          {LIBRARY_STATUSES.map((status) => (
            <option key={status} value={status}>
              {words.statuses[status]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="library-score" className="label">
          {words.score}
        </label>
        <select
          id="library-score"
          className="field w-auto"
          disabled={busy}
          value={library?.score ?? ""}
          onChange={(event) => {
            const value = event.target.value;
            void save({ score: value === "" ? null : Number(value) });
          }}
        >
          <option value="">{words.noScore}</option>
          {[10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((score) => (
            <option key={score} value={score}>
              {score}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        className={`btn ${library?.is_favorite ? "btn-primary" : "btn-outline"}`}
        aria-pressed={library?.is_favorite ?? false}
        disabled={busy}
        onClick={() => void save({ is_favorite: !(library?.is_favorite ?? false) })}
      >
        {library?.is_favorite ? "♥" : "♡"} {library?.is_favorite ? words.favourite : words.addFavourite}
      </button>
      {library ? (
        <p className="w-full text-sm text-muted">{fill(words.episodesWatched, { count: library.episodes_watched })}</p>
      ) : null}
      <p className="w-full text-sm text-muted" role="status" aria-live="polite">
        {message}
      </p>
    </div>
  );
}

/** An episode card's mark: watched, or how much was played. */
function EpisodeMark({
  item,
  words,
}: {
  item: ProgressItem | undefined;
  words: Pick<TitleWords, "watched" | "partly">;
}) {
  if (!item) return null;
  if (item.watched) {
    return (
      <span className="badge bg-ok/15 text-ok" data-testid="episode-watched">
        ✓ {words.watched}
      </span>
    );
  }
  const fraction = playedFraction(item.position_seconds, item.duration_seconds);
  const percent = Math.round(fraction * 100);
  return (
    <span className="flex items-center gap-2 text-xs text-muted" data-testid="episode-partly">
      <span className="h-1.5 w-20 overflow-hidden rounded bg-surface-2" aria-hidden="true">
        <span className="block h-full bg-accent" style={{ width: `${percent}%` }} />
      </span>
      {fill(words.partly, { percent })} · {formatClock(item.position_seconds)}
    </span>
  );
}
