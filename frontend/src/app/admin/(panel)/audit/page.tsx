import { AuditLog } from "@/components/admin/audit-log";
import { requireAdmin } from "@/lib/admin-api/server";
import { pageMetadata } from "@/app/admin/messages/title";

export const generateMetadata = () => pageMetadata((m) => m.audit.title);

export default async function Page() {
  await requireAdmin();
  return <AuditLog />;
}
