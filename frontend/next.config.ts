import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

const config: NextConfig = {
  // A self-contained server (server.js + the traced node_modules) for the container image and `make dev`.
  output: "standalone",
  poweredByHeader: false,
  reactStrictMode: true,
  // Posters come from the provider's host (the fake provider in dev and tests); they are served as they are,
  // in fixed aspect-ratio boxes, so no image optimiser (and no outbound fetch from the server) is involved.
  images: { unoptimized: true },
  // Pages are cached for a second (`revalidate = 1` in each page) and never served older than this: past it the
  // next request waits for a fresh render instead of getting the stale page (an edit must show within 3 s).
  expireTime: 3,
  // The page cache stays in memory (bounded by cacheMaxMemorySize, 50 MB by default): no disk writes per catalog
  // view or title, and a read-only container filesystem is fine.
  experimental: { isrFlushToDisk: false },
  // src/proxy.ts rewrites every page to its language's route. Next.js treats a rewrite to another origin as an
  // external proxy, and without this flag the URL a proxy sees names "localhost" while the server's own origin is
  // its HOSTNAME (127.0.0.1 in make dev): every rewrite would loop back through the network. With it, request.url is
  // the server's own origin, whatever HOSTNAME is.
  skipProxyUrlNormalize: true,
  // Title, description, canonical URL and Open Graph always in the <head> of the first bytes, for every client: the
  // link previews of messengers and social sites read only that, and a cached page costs nothing to wait for.
  htmlLimitedBots: /.*/,
};

export default withNextIntl(config);
