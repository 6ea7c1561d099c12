"use client";

/**
 * The not-found and error screens, in one client module: every route boundary uses these, so the browser loads
 * their words once (three boundary files with their own copies cost a kilobyte and a half each on every page).
 */
import { useEffect } from "react";
import { HomeLinks, MessagePage } from "./message-page";
import { usePageWords } from "./use-page-words";

export function NotFoundScreen({ kind }: { kind: "page" | "anime" }) {
  const t = usePageWords();
  return (
    <MessagePage
      code="404"
      title={kind === "anime" ? t.animeNotFoundTitle : t.notFoundTitle}
      text={kind === "anime" ? t.animeNotFoundText : t.notFoundText}
    >
      <HomeLinks home={t.toHome} catalog={t.toCatalog} />
    </MessagePage>
  );
}

export function ErrorScreen({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = usePageWords();
  useEffect(() => {
    console.error(error.digest ?? error.message);
  }, [error]);
  return (
    <MessagePage title={t.errorTitle} text={t.errorText}>
      <button type="button" className="btn btn-primary" onClick={reset}>
        {t.retry}
      </button>
      <HomeLinks home={t.toHome} catalog={t.toCatalog} />
    </MessagePage>
  );
}
