import type { Metadata } from "next";
import { AuthPage, authMetadata, type AuthPageProps } from "@/components/auth/auth-page";

/** Reads `returnTo` from the query: rendered per request. */
export const dynamic = "force-dynamic";

export function generateMetadata(props: AuthPageProps): Promise<Metadata> {
  return authMetadata("login", props);
}

export default function LoginPage(props: AuthPageProps) {
  return <AuthPage mode="login" {...props} />;
}
