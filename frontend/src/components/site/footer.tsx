import Link from "next/link";
import { getTranslations } from "next-intl/server";

export async function Footer() {
  const t = await getTranslations("site");
  return (
    <footer className="mt-16 border-t border-border py-8 text-sm text-muted">
      <div className="container-page flex flex-col gap-1 sm:flex-row sm:justify-between">
        <p>
          <span className="font-bold text-text">ani</span> — {t("tagline")}
        </p>
        <p>
          {t("footer")}{" "}
          <Link href="/about" className="font-semibold text-accent hover:underline">
            {t("about")}
          </Link>
        </p>
      </div>
    </footer>
  );
}
