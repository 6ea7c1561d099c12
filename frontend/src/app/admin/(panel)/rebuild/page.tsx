import { Rebuild } from "@/components/admin/rebuild";
import { requireAdmin } from "@/lib/admin-api/server";
import { pageMetadata } from "@/app/admin/messages/title";

export const generateMetadata = () => pageMetadata((m) => m.rebuild.title);

export default async function Page() {
  await requireAdmin();
  return <Rebuild />;
}
