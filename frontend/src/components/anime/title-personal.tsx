"use client";

/**
 * The viewer's side of a title page (the page itself is the same for everyone). Visitors get a link to the first
 * episode and a sign-in link; everything personal — "continue", the library controls, the per-episode marks — is
 * in `title-personal-signed-in.tsx`, downloaded only once the browser knows there is a viewer.
 */
import Link from "next/link";
import { lazy, Suspense, useEffect } from "react";
import { useAuth } from "@/components/auth/auth-provider";
import { storageHint } from "@/lib/public-api/auth-client";
import type { LibraryStatus } from "@/lib/public-api/types";
import { episodeHref, type EpisodeRef } from "@/lib/watching/episodes";

export type TitleWords = Record<
  | "library"
  | "status"
  | "notInLibrary"
  | "add"
  | "remove"
  | "favourite"
  | "addFavourite"
  | "score"
  | "noScore"
  | "continue"
  | "continueNoSeason"
  | "startNext"
  | "startNextNoSeason"
  | "watchFirst"
  | "signIn"
  | "saved"
  | "saveFailed"
  | "episodesWatched",
  string
> & { statuses: Record<LibraryStatus, string>; watched: string; partly: string };

export interface TitlePersonalProps {
  slug: string;
  /** the title's episodes in watch order */
  episodes: (EpisodeRef & { id: string })[];
  words: TitleWords;
  loginHref: string;
}

const load = () => import("./title-personal-signed-in");
const SignedIn = lazy(load);

export function TitlePersonal(props: TitlePersonalProps) {
  const { status } = useAuth();
  useEffect(() => {
    // A browser that remembers a session fetches the viewer's part while the session is being renewed.
    if (storageHint.get()) void load();
  }, []);
  const first = props.episodes[0];
  const shell = (
    <div className="flex flex-col items-start gap-4">
      {first ? (
        <Link className="btn btn-primary" href={episodeHref(props.slug, first)} data-testid="continue">
          ▶ {props.words.watchFirst}
        </Link>
      ) : null}
      {status === "anonymous" ? (
        <p className="text-sm text-muted">
          <Link className="font-semibold text-accent hover:underline" href={props.loginHref}>
            {props.words.signIn}
          </Link>
        </p>
      ) : (
        <div className="h-10 w-72 max-w-full animate-pulse rounded-lg bg-surface-2" aria-hidden="true" />
      )}
    </div>
  );
  if (status !== "signed-in") return shell;
  return (
    <Suspense fallback={shell}>
      <SignedIn key={props.slug} {...props} />
    </Suspense>
  );
}
