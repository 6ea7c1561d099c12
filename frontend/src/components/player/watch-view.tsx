"use client";

/**
 * The player page's island: the chosen translation's player, progress saved while watching, resume, auto-next,
 * the translation switcher and the episode grid with watched marks.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useAuth } from "@/components/auth/auth-provider";
import { useMe } from "@/components/watching/use-me";
import { useProgressQueue } from "@/components/watching/use-progress-queue";
import { me } from "@/lib/public-api/me";
import type { ProgressItem, VideoSource } from "@/lib/public-api/types";
import { episodeHref, neighbours, pickSource, translationKey, type EpisodeRef } from "@/lib/watching/episodes";
import type { PlayerEvent } from "@/lib/watching/kodik";
import { formatClock, isNearEnd, playedFraction, resumePosition } from "@/lib/watching/near-end";
import { WatchSession, type ProgressSink, type WatchTarget } from "@/lib/watching/watch-session";
import { fill } from "@/lib/words";
import { episodeLabel, type PlayerWords } from "@/lib/watching/labels";

export type { PlayerWords };
import { VideoFrame, type PlayerControl } from "./video-frame";

export interface GridEpisode extends EpisodeRef {
  id: string;
  title: string | null;
}

export interface WatchViewProps {
  slug: string;
  animeTitle: string;
  episodes: GridEpisode[];
  current: GridEpisode;
  /** the current episode's sources, in switcher order (voice first, by name, best quality first) */
  sources: VideoSource[];
  words: PlayerWords;
  seasonWords: { season: string; specials: string; episodes: string };
}

const AUTO_NEXT_KEY = "ani_autonext";
const COUNTDOWN_SECONDS = 5;
/** How long a signed-in viewer's page waits for the remembered translation and position before it plays anyway. */
const STATE_WAIT_MS = 2_500;

function storedTranslation(slug: string): string | null {
  try {
    return localStorage.getItem(`ani_tr:${slug}`);
  } catch {
    return null;
  }
}

function rememberTranslation(slug: string, key: string): void {
  try {
    localStorage.setItem(`ani_tr:${slug}`, key);
  } catch {
    // storage disabled: the account still remembers it
  }
}

const noSubscription = () => () => undefined;

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener("online", listener);
  window.addEventListener("offline", listener);
  return () => {
    window.removeEventListener("online", listener);
    window.removeEventListener("offline", listener);
  };
}

const autoNextListeners = new Set<() => void>();

function readAutoNext(): boolean {
  try {
    return localStorage.getItem(AUTO_NEXT_KEY) !== "0";
  } catch {
    return true;
  }
}

function writeAutoNext(value: boolean): void {
  try {
    localStorage.setItem(AUTO_NEXT_KEY, value ? "1" : "0");
  } catch {
    // kept for this page only
  }
  for (const listener of autoNextListeners) listener();
}

export function WatchView({ slug, animeTitle, episodes, current, sources, words, seasonWords }: WatchViewProps) {
  const router = useRouter();
  const { status } = useAuth();
  const { queue, owner } = useProgressQueue();
  const { result: titleState, update: updateTitleState } = useMe((client) => me.titleState(client, slug), slug);
  const control = useRef<PlayerControl | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  // The `?t=` translation of a shared link, the auto-next setting and the network state live outside React.
  const urlTranslation = useSyncExternalStore(
    noSubscription,
    () => new URLSearchParams(window.location.search).get("t"),
    () => null,
  );
  const autoNext = useSyncExternalStore(
    (listener) => {
      autoNextListeners.add(listener);
      return () => autoNextListeners.delete(listener);
    },
    readAutoNext,
    () => true,
  );
  const online = useSyncExternalStore(
    subscribeOnline,
    () => navigator.onLine !== false,
    () => true,
  );
  const [waited, setWaited] = useState(false);
  const [countdown, setCountdown] = useState<number | null>(null);
  const [resumedAt, setResumedAt] = useState<number | null>(null);
  const { previous, next } = useMemo(() => neighbours(episodes, current.id), [episodes, current.id]);

  useEffect(() => {
    const timer = setTimeout(() => setWaited(true), STATE_WAIT_MS);
    return () => clearTimeout(timer);
  }, []);

  const progressByEpisode = useMemo(() => {
    const map = new Map<string, ProgressItem>();
    if (titleState.state === "ready") for (const item of titleState.data.progress) map.set(item.episode_id, item);
    return map;
  }, [titleState]);

  // Play once we know what to play: anonymous, or the viewer's state arrived (or is late: then play anyway).
  const stateKnown = status === "anonymous" || titleState.state === "ready" || titleState.state === "error";
  const ready = stateKnown || waited;
  const remembered = titleState.state === "ready" ? titleState.data.translation_id : null;
  const wanted = picked ?? urlTranslation ?? remembered ?? (ready ? storedTranslation(slug) : null);
  const source = pickSource(sources, wanted);
  const chosenKey = source ? translationKey(source) : null;

  const saved = progressByEpisode.get(current.id);
  const resumeAt = saved ? resumePosition(saved.position_seconds, saved.duration_seconds) : null;

  // One watch session per episode and source; its target follows the viewer and the translation.
  const session = useRef<WatchSession | null>(null);
  const latest = useRef({ queue, resumeAt, next, target: null as WatchTarget | null });
  const target: WatchTarget | null =
    owner === null ? null : { owner, titleId: slug, episodeId: current.id, translationId: chosenKey };
  const targetKey = target === null ? "" : `${target.owner}|${target.episodeId}|${target.translationId ?? ""}`;
  useEffect(() => {
    latest.current = { queue, resumeAt, next, target };
  });
  const sink = useMemo<ProgressSink>(
    () => ({ save: (record, options) => latest.current.queue?.save(record, options) ?? Promise.resolve() }),
    [],
  );
  /** where the previous session of this page stopped (a translation switch continues from there) */
  const stoppedAt = useRef<{ episodeId: string; position: number } | null>(null);
  const sessionKey = ready && source ? `${current.id}|${source.id}` : null;
  useEffect(() => {
    if (sessionKey === null) return;
    const episodeId = sessionKey.split("|")[0] ?? "";
    const previous = stoppedAt.current;
    const startAt =
      previous === null
        ? latest.current.resumeAt
        : previous.episodeId === episodeId && previous.position > 0
          ? previous.position
          : null;
    const watch = new WatchSession(sink, latest.current.target, {
      resumeAt: startAt,
      onSeek: (seconds) => {
        control.current?.command({ method: "seek", seconds });
        if (previous === null) setResumedAt(seconds);
      },
      onEnded: () => {
        if (latest.current.next) setCountdown(COUNTDOWN_SECONDS);
      },
    });
    session.current = watch;
    const hide = () => watch.flush(true);
    const onVisibility = () => {
      if (document.visibilityState === "hidden") hide();
    };
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pagehide", hide);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pagehide", hide);
      watch.flush(false);
      stoppedAt.current = { episodeId, position: watch.position };
      session.current = null;
    };
  }, [sessionKey, sink]);

  useEffect(() => {
    session.current?.retarget(latest.current.target);
  }, [targetKey, sessionKey]);

  const goNext = useCallback(() => {
    if (!next) return;
    setCountdown(null);
    router.push(episodeHref(slug, next, chosenKey ? { t: chosenKey } : {}));
  }, [next, router, slug, chosenKey]);

  const counting = countdown !== null && autoNext && next !== null;
  useEffect(() => {
    if (!counting || countdown === null) return;
    const timer = setTimeout(() => (countdown <= 1 ? goNext() : setCountdown(countdown - 1)), 1_000);
    return () => clearTimeout(timer);
  }, [counting, countdown, goNext]);

  const onEvent = useCallback(
    (event: PlayerEvent) => {
      const watch = session.current;
      if (!watch) return;
      watch.handle(event);
      if (event.type === "time" || event.type === "seek" || event.type === "ended" || event.type === "pause") {
        // Keep the grid's mark of this episode current without waiting for the read model.
        const position = watch.position;
        const duration = watch.duration;
        if (duration > 0 && owner !== null) {
          updateTitleState((state) => {
            const others = state.progress.filter((item) => item.episode_id !== current.id);
            const before = state.progress.find((item) => item.episode_id === current.id);
            const item: ProgressItem = {
              episode_id: current.id,
              title_id: slug,
              provider: "rpc",
              position_seconds: position,
              duration_seconds: duration,
              translation_id: chosenKey,
              watched: (before?.watched ?? false) || isNearEnd(position, duration),
              updated_at: new Date().toISOString(),
              episode: { number: current.number, season: current.season },
            };
            return { ...state, progress: [item, ...others] };
          });
        }
      }
    },
    [owner, updateTitleState, current, slug, chosenKey],
  );

  const choose = (key: string) => {
    setPicked(key);
    rememberTranslation(slug, key);
    const url = new URL(window.location.href);
    url.searchParams.set("t", key);
    window.history.replaceState(window.history.state, "", url);
  };

  const frameTitle = `${animeTitle} — ${episodeLabel(words, current)}`;
  const groups = groupSources(sources);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_320px]">
      <div className="min-w-0">
        <div className="relative">
          {source === null ? (
            <div className="flex aspect-video items-center justify-center rounded-xl bg-surface-2 p-6 text-center text-muted">
              {words.noSources}
            </div>
          ) : ready ? (
            <VideoFrame
              key={source.id}
              source={{ type: source.type as "iframe", url: source.url }}
              title={frameTitle}
              onEvent={onEvent}
              controlRef={control}
            />
          ) : (
            <div
              className="flex aspect-video animate-pulse items-center justify-center rounded-xl bg-surface-2 text-muted"
              aria-busy="true"
            >
              {words.loading}
            </div>
          )}
          {counting ? (
            <div
              className="absolute inset-x-0 bottom-0 m-3 flex flex-wrap items-center gap-3 rounded-lg bg-black/80 p-3 text-white"
              role="status"
              data-testid="next-countdown"
            >
              <span className="font-semibold">{fill(words.nextIn, { seconds: countdown })}</span>
              <button type="button" className="btn btn-primary" onClick={goNext}>
                {words.playNow}
              </button>
              <button type="button" className="btn btn-ghost text-white" onClick={() => setCountdown(null)}>
                {words.cancel}
              </button>
            </div>
          ) : null}
        </div>

        <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
          {previous ? (
            <Link
              className="btn btn-outline"
              href={episodeHref(slug, previous, chosenKey ? { t: chosenKey } : {})}
              rel="prev"
            >
              ← {words.previous}
            </Link>
          ) : null}
          {next ? (
            <Link
              className="btn btn-outline"
              href={episodeHref(slug, next, chosenKey ? { t: chosenKey } : {})}
              rel="next"
              data-testid="next-episode"
            >
              {words.next} →
            </Link>
          ) : null}
          <label className="ml-auto inline-flex cursor-pointer items-center gap-2">
            <input
              type="checkbox"
              className="size-4 accent-[var(--accent)]"
              checked={autoNext}
              onChange={(event) => writeAutoNext(event.target.checked)}
            />
            {words.autoNext}
          </label>
        </div>
        <p className="mt-2 min-h-5 text-sm text-muted" role="status" data-testid="player-status">
          {status === "anonymous" ? (
            <>
              {words.signInToSave}{" "}
              <Link
                className="font-semibold text-accent hover:underline"
                href={`/login?returnTo=${encodeURIComponent(episodeHref(slug, current))}`}
              >
                {words.signIn}
              </Link>
            </>
          ) : !online ? (
            words.offline
          ) : resumedAt !== null ? (
            fill(words.resumed, { time: formatClock(resumedAt) })
          ) : null}
        </p>

        {groups.length > 0 ? (
          <fieldset className="mt-6" data-testid="translations">
            <legend className="text-lg font-bold">{words.translations}</legend>
            {groups.map(([type, list]) => (
              <div key={type} className="mt-3">
                <p className="mb-2 text-sm text-muted">{words[typeWord(type)]}</p>
                <div className="flex flex-wrap gap-2">
                  {list.map((item) => {
                    const key = translationKey(item);
                    const checked = key === chosenKey;
                    return (
                      <label
                        key={item.id}
                        className={`inline-flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm transition focus-within:ring-2 focus-within:ring-accent ${
                          checked
                            ? "border-accent bg-accent-soft font-semibold"
                            : "border-border bg-surface hover:border-accent"
                        }`}
                      >
                        <input
                          type="radio"
                          name="translation"
                          className="sr-only"
                          value={key}
                          checked={checked}
                          onChange={() => choose(key)}
                        />
                        <span>{item.translation_title ?? item.source_name}</span>
                        {item.quality ? <span className="text-xs text-muted">{item.quality}</span> : null}
                      </label>
                    );
                  })}
                </div>
              </div>
            ))}
          </fieldset>
        ) : null}
      </div>

      <EpisodeGrid
        slug={slug}
        episodes={episodes}
        currentId={current.id}
        progress={progressByEpisode}
        words={words}
        seasonWords={seasonWords}
        query={chosenKey ? { t: chosenKey } : {}}
      />
    </div>
  );
}

function typeWord(type: string): "voice" | "subtitles" | "unknown" {
  return type === "voice" || type === "subtitles" ? type : "unknown";
}

function groupSources(sources: VideoSource[]): [string, VideoSource[]][] {
  const groups = new Map<string, VideoSource[]>();
  const seen = new Set<string>();
  for (const source of sources) {
    const key = translationKey(source);
    if (seen.has(key)) continue; // one entry per translation: its best source
    seen.add(key);
    const type = source.translation_type ?? "unknown";
    const list = groups.get(type);
    if (list) list.push(source);
    else groups.set(type, [source]);
  }
  return [...groups.entries()];
}

function EpisodeGrid({
  slug,
  episodes,
  currentId,
  progress,
  words,
  seasonWords,
  query,
}: {
  slug: string;
  episodes: GridEpisode[];
  currentId: string;
  progress: Map<string, ProgressItem>;
  words: PlayerWords;
  seasonWords: { season: string; specials: string; episodes: string };
  query: Record<string, string>;
}) {
  const seasons = new Map<number | null, GridEpisode[]>();
  for (const episode of episodes) {
    const list = seasons.get(episode.season);
    if (list) list.push(episode);
    else seasons.set(episode.season, [episode]);
  }
  return (
    <nav aria-labelledby="episode-grid-title" className="card h-fit p-4 lg:sticky lg:top-20">
      <h2 id="episode-grid-title" className="text-lg font-bold">
        {words.episodes}
      </h2>
      <div className="mt-2 max-h-[60vh] overflow-y-auto pr-1">
        {[...seasons.entries()].map(([season, list]) => (
          <section key={String(season)} className="mt-3">
            {seasons.size > 1 || season !== null ? (
              <h3 className="mb-2 text-sm font-semibold text-muted">
                {season === 0
                  ? seasonWords.specials
                  : season === null
                    ? seasonWords.episodes
                    : fill(seasonWords.season, { season })}
              </h3>
            ) : null}
            <ol className="grid grid-cols-5 gap-2 sm:grid-cols-8 lg:grid-cols-5">
              {list.map((episode) => {
                const item = progress.get(episode.id);
                const watched = item?.watched ?? false;
                const fraction = item ? playedFraction(item.position_seconds, item.duration_seconds) : 0;
                const isCurrent = episode.id === currentId;
                const state = watched
                  ? words.watched
                  : fraction > 0
                    ? fill(words.partly, { percent: Math.round(fraction * 100) })
                    : null;
                return (
                  <li key={episode.id}>
                    <Link
                      href={episodeHref(slug, episode, query)}
                      aria-current={isCurrent ? "page" : undefined}
                      title={episode.title ?? undefined}
                      data-testid="grid-episode"
                      data-watched={watched ? "true" : fraction > 0 ? "partly" : "false"}
                      className={`relative flex h-11 items-center justify-center overflow-hidden rounded-lg border text-sm font-semibold transition ${
                        isCurrent
                          ? "border-accent bg-accent text-accent-contrast"
                          : watched
                            ? "border-border bg-surface-2 text-muted"
                            : "border-border bg-surface hover:border-accent"
                      }`}
                    >
                      {episode.number}
                      {watched && !isCurrent ? (
                        <span aria-hidden="true" className="absolute right-1 top-0.5 text-[10px] text-ok">
                          ✓
                        </span>
                      ) : null}
                      {!watched && fraction > 0 ? (
                        <span
                          aria-hidden="true"
                          className="absolute inset-x-0 bottom-0 h-1 bg-accent"
                          style={{ width: `${Math.round(fraction * 100)}%` }}
                        />
                      ) : null}
                      <span className="sr-only">
                        {state ? `, ${state}` : ""}
                        {isCurrent ? `, ${words.current}` : ""}
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ol>
          </section>
        ))}
      </div>
    </nav>
  );
}
