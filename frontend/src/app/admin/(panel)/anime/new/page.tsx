import { AnimeEditor } from "@/components/admin/anime-editor";
import { requireAdmin } from "@/lib/admin-api/server";
import { pageMetadata } from "@/app/admin/messages/title";

export const generateMetadata = () => pageMetadata((m) => m.editor.newTitle);

export default async function Page() {
  await requireAdmin();
  return <AnimeEditor />;
}
