import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getFormatter, getTranslations, setRequestLocale } from "next-intl/server";
import { loadAnime } from "@/components/anime/load-anime";
import { TitlePersonal, type TitleWords } from "@/components/anime/title-personal";
import { preloadPoster } from "@/components/catalog/poster";
import { byType, distinctTranslations, groupBySeason } from "@/components/anime/seasons";
import { statusLabel, STATUS_BADGE, translationTypeLabel } from "@/components/catalog/labels";
import { Poster } from "@/components/catalog/poster";
import { episodeHref, watchOrder } from "@/lib/watching/episodes";

/** Rendered on first request, then served from the cache; re-rendered in the background after 1 s, never served
 * older than `expireTime` (next.config.ts): an edit shows within seconds. */
export const revalidate = 1;

type Props = { params: Promise<{ locale: string; slug: string }> };

export function generateStaticParams() {
  return [];
}

function summary(text: string | null | undefined, length = 200): string | undefined {
  if (!text) return undefined;
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1).trimEnd()}…` : flat;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, slug } = await params;
  const anime = await loadAnime(slug);
  if (!anime) {
    const t = await getTranslations({ locale, namespace: "errors" });
    return { title: t("animeNotFoundTitle"), robots: { index: false } };
  }
  const description = summary(anime.description) ?? anime.alternative_titles.join(", ");
  const canonical = `/anime/${encodeURIComponent(anime.slug)}`;
  return {
    title: anime.title,
    description,
    alternates: { canonical },
    openGraph: {
      type: "video.tv_show",
      title: anime.title,
      description,
      url: canonical,
      images: anime.poster ? [{ url: anime.poster, alt: anime.title }] : undefined,
    },
  };
}

export default async function AnimePage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const anime = await loadAnime(slug);
  if (!anime) notFound();
  preloadPoster(anime.poster);
  const [t, format] = await Promise.all([getTranslations(), getFormatter()]);
  const seasons = groupBySeason(anime.episodes);
  const translations = distinctTranslations(anime.episodes);
  const player = t.raw("watching.player") as Record<string, string>;
  const words: TitleWords = {
    ...(t.raw("watching.title") as Omit<TitleWords, "statuses" | "watched" | "partly">),
    statuses: t.raw("enums.libraryStatus") as TitleWords["statuses"],
    watched: player.watched ?? "",
    partly: player.partly ?? "",
  };
  const order = watchOrder(
    anime.episodes.map((episode) => ({ id: episode.id, number: episode.number, season: episode.season ?? null })),
  );
  const loginHref = `/login?returnTo=${encodeURIComponent(`/anime/${encodeURIComponent(anime.slug)}`)}`;

  return (
    <article className="container-page py-8">
      <div className="grid gap-8 md:grid-cols-[240px_1fr] lg:grid-cols-[280px_1fr]">
        <div className="mx-auto w-48 md:w-full">
          <Poster
            src={anime.poster}
            alt={t("anime.poster", { title: anime.title })}
            noPosterLabel={t("anime.noPoster")}
            priority
          />
        </div>
        <div className="min-w-0">
          <h1 className="text-3xl font-black leading-tight sm:text-4xl">{anime.title}</h1>
          {anime.alternative_titles.length > 0 ? (
            <p className="mt-2 text-muted">
              <span className="sr-only">{t("anime.alternativeTitles")}: </span>
              {anime.alternative_titles.join(" · ")}
            </p>
          ) : null}
          <dl className="mt-5 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
            <dt className="text-muted">{t("anime.status")}</dt>
            <dd>
              <span className={`badge ${STATUS_BADGE[anime.status ?? ""] ?? "bg-surface-2 text-muted"}`}>
                {statusLabel(t, anime.status)}
              </span>
            </dd>
            {anime.year ? (
              <>
                <dt className="text-muted">{t("anime.year")}</dt>
                <dd>
                  <Link className="text-accent hover:underline" href={`/catalog?year=${anime.year}`}>
                    {anime.year}
                  </Link>
                </dd>
              </>
            ) : null}
            {anime.genres.length > 0 ? (
              <>
                <dt className="text-muted">{t("anime.genres")}</dt>
                <dd className="flex flex-wrap gap-1.5">
                  {anime.genres.map((genre) => (
                    <Link
                      key={genre}
                      href={`/catalog?genre=${encodeURIComponent(genre)}`}
                      className="badge bg-accent-soft text-text hover:underline"
                    >
                      {genre}
                    </Link>
                  ))}
                </dd>
              </>
            ) : null}
            <dt className="text-muted">{t("anime.episodes")}</dt>
            <dd>{t("anime.episodeCount", { count: anime.episodes.length })}</dd>
            {translations.length > 0 ? (
              <>
                <dt className="text-muted">{t("anime.translations")}</dt>
                <dd>{t("anime.translationCount", { count: translations.length })}</dd>
              </>
            ) : null}
          </dl>
          <div className="mt-6">
            <TitlePersonal slug={anime.slug} episodes={order} words={words} loginHref={loginHref} />
          </div>
          <section className="mt-6" aria-labelledby="description-title">
            <h2 id="description-title" className="sr-only">
              {t("anime.description")}
            </h2>
            {/* Provider text is rendered as text: any markup in it shows as characters, never as HTML. */}
            <p className="max-w-3xl whitespace-pre-line leading-relaxed">
              {anime.description || t("anime.noDescription")}
            </p>
          </section>
          <p className="mt-4 text-xs text-muted">
            {t("anime.updated", { date: format.dateTime(new Date(anime.last_updated), { dateStyle: "long" }) })}
          </p>
        </div>
      </div>

      <section className="mt-12" aria-labelledby="episodes-title">
        <h2 id="episodes-title" className="text-2xl font-bold">
          {t("anime.episodesTitle")}
        </h2>
        {seasons.length === 0 ? <p className="mt-3 text-muted">{t("anime.noEpisodes")}</p> : null}
        {seasons.map((group) => (
          <section key={String(group.season)} className="mt-6" aria-label={seasonTitle(t, group.season)}>
            {seasons.length > 1 || group.season !== null ? (
              <h3 className="mb-3 text-lg font-semibold">{seasonTitle(t, group.season)}</h3>
            ) : null}
            <ol className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
              {group.episodes.map((episode) => (
                <li
                  key={episode.id}
                  className="card relative p-3 transition hover:border-accent focus-within:ring-2 focus-within:ring-accent"
                  data-testid="episode"
                >
                  <p className="font-semibold">
                    {/* The whole card is the link (its ::after covers the card). */}
                    <Link
                      href={episodeHref(anime.slug, { number: episode.number, season: episode.season ?? null })}
                      className="after:absolute after:inset-0 after:content-[''] focus:outline-none"
                    >
                      {t("anime.episode", { number: episode.number })}
                    </Link>
                    {episode.title ? <span className="font-normal text-muted"> — {episode.title}</span> : null}
                  </p>
                  {/* The viewer's mark (watched, or how much was played) is rendered here in the browser. */}
                  <div className="mt-1 empty:hidden" data-episode-mark={episode.id} />
                  {byType(episode.video_sources).map(([type, sources]) => (
                    <p key={type} className="mt-1 text-sm" data-testid="translation">
                      <span className="text-muted">{translationTypeLabel(t, type)}: </span>
                      {sources.map((source, index) => (
                        <span key={source.id}>
                          {index > 0 ? ", " : ""}
                          {source.translation_title ?? source.source_name}
                          {source.quality ? <span className="text-muted"> {source.quality}</span> : null}
                        </span>
                      ))}
                    </p>
                  ))}
                </li>
              ))}
            </ol>
          </section>
        ))}
      </section>
    </article>
  );
}

function seasonTitle(t: (key: string, values?: Record<string, number>) => string, season: number | null): string {
  if (season === 0) return t("anime.specials");
  if (season === null) return t("anime.episodes");
  return t("anime.season", { season });
}
