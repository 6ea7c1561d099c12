"use client";

import { HomeLinks, MessagePage } from "@/components/site/message-page";
import { usePageWords } from "@/components/site/use-page-words";

export default function NotFound() {
  const t = usePageWords();
  return (
    <MessagePage code="404" title={t.notFoundTitle} text={t.notFoundText}>
      <HomeLinks home={t.toHome} catalog={t.toCatalog} />
    </MessagePage>
  );
}
