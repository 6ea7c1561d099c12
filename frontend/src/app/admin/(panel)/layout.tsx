import { AdminIntl } from "@/app/admin/messages";
import { AdminShell } from "@/components/admin/shell";
import { requireAdmin } from "@/lib/admin-api/server";

/** Every panel page: a verified admin session or a redirect to the sign-in page (each page checks too). */
export default async function PanelLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin();
  return (
    <AdminIntl>
      <AdminShell>{children}</AdminShell>
    </AdminIntl>
  );
}
