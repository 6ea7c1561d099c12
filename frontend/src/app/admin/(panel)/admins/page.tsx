import { Admins } from "@/components/admin/admins";
import { requireAdmin } from "@/lib/admin-api/server";
import { pageMetadata } from "@/app/admin/messages/title";

export const generateMetadata = () => pageMetadata((m) => m.admins.title);

export default async function Page() {
  await requireAdmin();
  return <Admins />;
}
