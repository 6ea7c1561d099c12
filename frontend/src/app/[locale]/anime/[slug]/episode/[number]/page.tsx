import { EpisodePage, episodeMetadata } from "@/components/player/episode-page";

/** Rendered on first request, then from the cache (see the title page). */
export const revalidate = 1;

type Props = { params: Promise<{ locale: string; slug: string; number: string }> };

export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: Props) {
  return episodeMetadata(await params);
}

export default async function Page({ params }: Props) {
  return <EpisodePage {...await params} />;
}
