import type { Metadata } from "next";
import { AuthPage, authMetadata, type AuthPageProps } from "@/components/auth/auth-page";

/** Reads `returnTo` from the query: rendered per request. */
export const dynamic = "force-dynamic";

export function generateMetadata(props: AuthPageProps): Promise<Metadata> {
  return authMetadata("register", props);
}

export default function RegisterPage(props: AuthPageProps) {
  return <AuthPage mode="register" {...props} />;
}
