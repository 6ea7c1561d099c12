import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { loadAnime } from "@/components/anime/load-anime";
import { sortSources } from "@/components/anime/seasons";
import { episodeHref, findEpisode, parseEpisodeParams, watchOrder } from "@/lib/watching/episodes";
import { episodeLabel, type PlayerWords } from "@/lib/watching/labels";
import { WatchView } from "./watch-view";

export interface EpisodeRouteParams {
  locale: string;
  slug: string;
  season?: string;
  number: string;
}

async function resolve({ slug, season, number }: EpisodeRouteParams) {
  const ref = parseEpisodeParams(season, number);
  if (ref === null) return null;
  const anime = await loadAnime(slug);
  if (!anime) return null;
  const episode = findEpisode(anime.episodes, ref);
  return episode ? { anime, episode } : null;
}

export async function episodeMetadata(params: EpisodeRouteParams): Promise<Metadata> {
  const found = await resolve(params);
  const t = await getTranslations({ locale: params.locale });
  if (!found) return { title: t("errors.animeNotFoundTitle"), robots: { index: false } };
  const words = t.raw("watching.player") as PlayerWords;
  const { anime, episode } = found;
  const title = `${anime.title} — ${episodeLabel(words, { number: episode.number, season: episode.season ?? null })}`;
  return {
    title,
    description: anime.alternative_titles.join(", ") || undefined,
    alternates: { canonical: episodeHref(anime.slug, { number: episode.number, season: episode.season ?? null }) },
    openGraph: {
      type: "video.episode",
      title,
      images: anime.poster ? [{ url: anime.poster, alt: anime.title }] : undefined,
    },
  };
}

/** The player page: `/anime/<slug>/episode/<n>` and `/anime/<slug>/season/<s>/episode/<n>`. */
export async function EpisodePage(params: EpisodeRouteParams) {
  setRequestLocale(params.locale);
  const found = await resolve(params);
  if (!found) notFound();
  const { anime, episode } = found;
  const t = await getTranslations();
  const words = t.raw("watching.player") as PlayerWords;
  const current = {
    id: episode.id,
    number: episode.number,
    season: episode.season ?? null,
    title: episode.title ?? null,
  };
  const grid = watchOrder(
    anime.episodes.map((item) => ({
      id: item.id,
      number: item.number,
      season: item.season ?? null,
      title: item.title ?? null,
    })),
  );
  return (
    <div className="container-page py-6">
      <nav aria-label={words.backToTitle} className="text-sm">
        <Link className="text-accent hover:underline" href={`/anime/${encodeURIComponent(anime.slug)}`}>
          ← {anime.title}
        </Link>
      </nav>
      <h1 className="mt-2 text-2xl font-black leading-tight sm:text-3xl">
        {anime.title}
        <span className="mt-1 block text-lg font-semibold text-muted">
          {episodeLabel(words, current)}
          {episode.title ? ` — ${episode.title}` : ""}
        </span>
      </h1>
      <div className="mt-5">
        <WatchView
          slug={anime.slug}
          animeTitle={anime.title}
          episodes={grid}
          current={current}
          sources={sortSources(episode.video_sources)}
          words={words}
          seasonWords={{
            season: t.raw("anime.season") as string,
            specials: t("anime.specials"),
            episodes: t("anime.episodes"),
          }}
        />
      </div>
    </div>
  );
}
