import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { CatalogItem } from "@/lib/public-api/types";
import { statusLabel, STATUS_BADGE } from "./labels";
import { Poster } from "./poster";

/** A title in a poster grid: poster, title under it, year and status as small badges. */
export async function PosterCard({
  item,
  priority = false,
  headingLevel = 3,
}: {
  item: CatalogItem;
  priority?: boolean;
  /** 3 under a section's h2 (home rows), 2 directly under the page's h1 (the catalog grid) */
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const t = await getTranslations();
  return (
    <li className="group min-w-0">
      <Link href={`/anime/${encodeURIComponent(item.slug)}`} className="block rounded-[var(--radius-card)]">
        <Poster
          src={item.poster}
          alt=""
          noPosterLabel={t("anime.noPoster")}
          priority={priority}
          className="transition-transform duration-200 group-hover:-translate-y-0.5 group-focus-visible:-translate-y-0.5"
        />
        <Heading className="mt-2 line-clamp-2 text-sm font-semibold leading-snug group-hover:text-accent">
          {item.title}
        </Heading>
      </Link>
      <div className="mt-1 flex flex-wrap gap-1">
        {item.year ? <span className="badge bg-surface-2 text-muted">{item.year}</span> : null}
        <span className={`badge ${STATUS_BADGE[item.status ?? ""] ?? "bg-surface-2 text-muted"}`}>
          {statusLabel(t, item.status)}
        </span>
      </div>
    </li>
  );
}

export function PosterGrid({ children, label }: { children: React.ReactNode; label?: string }) {
  return (
    <ul
      aria-label={label}
      className="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-6 xl:grid-cols-7"
    >
      {children}
    </ul>
  );
}
