import "../globals.css";
import type { Metadata, Viewport } from "next";
import { adminLocale, adminMessages } from "./messages";

/**
 * The admin panel's own root layout (the public site's is src/app/[locale]/layout.tsx): no site header, never indexed.
 * Every page renders per request; none carries admin data from the server. The panel's words are handed to the
 * browser only after the guard passed ((panel)/layout.tsx) or, a few of them, by the sign-in page.
 */
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const locale = await adminLocale();
  return {
    title: { default: adminMessages[locale].meta.title, template: `%s — ${adminMessages[locale].meta.title}` },
    robots: { index: false, follow: false },
    referrer: "same-origin",
    icons: { icon: "/favicon.svg" },
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f7f7fb" },
    { media: "(prefers-color-scheme: dark)", color: "#0d0f16" },
  ],
  colorScheme: "light dark",
};

export default async function AdminRootLayout({ children }: { children: React.ReactNode }) {
  const locale = await adminLocale();
  return (
    <html lang={locale}>
      <body className="min-h-dvh antialiased">{children}</body>
    </html>
  );
}
