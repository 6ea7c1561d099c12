"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useAuth } from "./auth-provider";

export interface AuthStatusLabels {
  login: string;
  register: string;
  logout: string;
  account: string;
  /** with `{email}` */
  signedInAs: string;
}

/** The header's account area: sign-in links, or the signed-in email and a sign-out button. */
export function AuthStatus({ labels }: { labels: AuthStatusLabels }) {
  const { client, status, user } = useAuth();
  const router = useRouter();
  const pathname = usePathname();

  if (status === "signed-in") {
    return (
      <div className="flex items-center gap-3" data-testid="auth-status" data-state="signed-in">
        <Link
          href="/account"
          className="hidden max-w-48 truncate text-sm text-muted hover:text-accent sm:inline"
          title={labels.account}
          data-testid="account-link"
        >
          {user ? labels.signedInAs.replace("{email}", user.email) : "…"}
        </Link>
        <Link href="/account" className="btn btn-ghost px-3 sm:hidden">
          {labels.account}
        </Link>
        <button
          type="button"
          className="btn btn-ghost"
          onClick={async () => {
            await client.signOut().catch(() => undefined);
            router.refresh();
          }}
        >
          {labels.logout}
        </button>
      </div>
    );
  }
  if (status === "unknown") {
    // Not known yet (the page is the same for everyone; the browser finds out): hold the place, show no wrong state.
    return (
      <div className="flex items-center gap-2" data-testid="auth-status" data-state="unknown" aria-busy="true">
        <span className="block h-10 w-20 animate-pulse rounded-lg bg-surface-2" />
      </div>
    );
  }
  const returnTo =
    pathname && pathname !== "/login" && pathname !== "/register" ? `?returnTo=${encodeURIComponent(pathname)}` : "";
  return (
    <div className="flex items-center gap-2" data-testid="auth-status" data-state="anonymous">
      <Link className="btn btn-ghost" href={`/login${returnTo}`}>
        {labels.login}
      </Link>
      <Link className="btn btn-primary hidden sm:inline-flex" href={`/register${returnTo}`}>
        {labels.register}
      </Link>
    </div>
  );
}
