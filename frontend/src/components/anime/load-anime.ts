import { cache } from "react";
import { getAnime } from "@/lib/public-api/server";

/** One read of a title per request, shared by a page and its metadata. */
export const loadAnime = cache(async (slug: string) => getAnime(decodeURIComponent(slug)));
