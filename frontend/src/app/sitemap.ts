import type { MetadataRoute } from "next";
import { allCatalogItems } from "@/lib/public-api/server";
import { siteUrl } from "@/lib/site-url";

export const dynamic = "force-dynamic";

/** The home page, the catalog and every active title (at most 50,000 URLs: the sitemap protocol's limit). */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = siteUrl();
  const entries: MetadataRoute.Sitemap = [
    { url: new URL("/", base).toString(), changeFrequency: "hourly", priority: 1 },
    { url: new URL("/catalog", base).toString(), changeFrequency: "hourly", priority: 0.8 },
  ];
  for await (const item of allCatalogItems(50_000 - entries.length)) {
    entries.push({
      url: new URL(`/anime/${encodeURIComponent(item.slug)}`, base).toString(),
      lastModified: item.last_updated,
      changeFrequency: "daily",
      priority: 0.6,
    });
  }
  return entries;
}
