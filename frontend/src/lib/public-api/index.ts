/**
 * The public site's one way to the services. Server components import `./server`; client islands use the
 * session from `@/components/auth/auth-provider` (built on `./auth-client`). Admin code has its own client and is
 * never imported from here (eslint.config.mjs enforces it).
 */
export * from "./errors";
export type * from "./types";
