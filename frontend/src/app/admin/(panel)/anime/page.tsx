import { AnimeList } from "@/components/admin/anime-list";
import { requireAdmin } from "@/lib/admin-api/server";
import { pageMetadata } from "@/app/admin/messages/title";

export const generateMetadata = () => pageMetadata((m) => m.anime.title);

export default async function Page() {
  await requireAdmin();
  return <AnimeList />;
}
