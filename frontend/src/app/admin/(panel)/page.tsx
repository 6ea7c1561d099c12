import { Dashboard } from "@/components/admin/dashboard";
import { requireAdmin } from "@/lib/admin-api/server";
import { pageMetadata } from "@/app/admin/messages/title";

export const generateMetadata = () => pageMetadata((m) => m.dashboard.title);

export default async function Page() {
  await requireAdmin();
  return <Dashboard />;
}
