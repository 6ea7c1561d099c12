import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AdminLoginForm } from "@/components/admin/login-form";
import { safeAdminNext } from "@/lib/admin-api/paths";
import { hasAdminSession } from "@/lib/admin-api/server";
import { AdminIntl, adminLocale, adminMessages } from "@/app/admin/messages";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: adminMessages[await adminLocale()].login.title };
}

export default async function AdminLoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const next = safeAdminNext(params.next);
  const signedOut = params.signedOut === "1";
  if (!signedOut && (await hasAdminSession())) redirect(next);
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4 py-10">
      <AdminIntl only={["login", "validation", "common"]}>
        <AdminLoginForm next={next} signedOut={signedOut} />
      </AdminIntl>
    </main>
  );
}
