import { EpisodePage } from "@/components/admin/episode-page";
import { requireAdmin } from "@/lib/admin-api/server";
import { pageMetadata } from "@/app/admin/messages/title";

export const generateMetadata = () => pageMetadata((m) => m.videos.title);

export default async function Page({ params }: { params: Promise<{ id: string; episodeId: string }> }) {
  await requireAdmin();
  const { id, episodeId } = await params;
  return <EpisodePage animeId={id} episodeId={episodeId} />;
}
