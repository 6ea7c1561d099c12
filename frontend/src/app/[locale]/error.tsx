"use client";

import { useEffect } from "react";
import { HomeLinks, MessagePage } from "@/components/site/message-page";
import { usePageWords } from "@/components/site/use-page-words";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
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
