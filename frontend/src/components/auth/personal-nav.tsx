"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useAuth } from "./auth-provider";

/** The header's links to the viewer's own pages, shown once the browser knows the viewer is signed in. */
export function PersonalNav({ labels }: { labels: { library: string; history: string } }) {
  const { status } = useAuth();
  const pathname = usePathname() ?? "";
  if (status !== "signed-in") return null;
  const link = (href: string, label: string) => (
    <Link
      href={href}
      className="btn btn-ghost px-3"
      aria-current={pathname.endsWith(href) ? "page" : undefined}
      data-testid={`nav-${href.slice(1)}`}
    >
      {label}
    </Link>
  );
  return (
    <>
      {link("/library", labels.library)}
      {link("/history", labels.history)}
    </>
  );
}
