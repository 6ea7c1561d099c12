"use client";

import { useEffect } from "react";
import { useAuth } from "@/components/auth/auth-provider";
import type { AuthClient } from "@/lib/public-api/auth-client";
import { putProgress } from "@/lib/public-api/me";
import { ProgressQueue, type SendResult } from "@/lib/watching/progress-queue";

let shared: { client: AuthClient; queue: ProgressQueue } | null = null;

function queueFor(client: AuthClient): ProgressQueue {
  if (shared?.client !== client) {
    shared?.queue.dispose();
    const queue = new ProgressQueue(async (record, { keepalive }): Promise<SendResult> => {
      const { status } = await putProgress(client, record, keepalive);
      if (status >= 200 && status < 300) return "ok";
      // 401: no token at hand (leaving the page) or signed out: kept for the viewer's next visit.
      if (status === 401 || status === 408 || status === 429 || status >= 500) return "retry";
      return "drop";
    });
    shared = { client, queue };
    window.addEventListener("online", () => void queue.flush());
  }
  return shared.queue;
}

/** The tab's progress queue (one per tab), owned by the signed-in viewer; null on the server. */
export function useProgressQueue(): { queue: ProgressQueue | null; owner: number | null } {
  const { client, status, user } = useAuth();
  const queue = typeof window === "undefined" ? null : queueFor(client);
  const owner = status === "signed-in" && user ? user.id : null;
  useEffect(() => {
    queue?.setOwner(owner);
  }, [queue, owner]);
  return { queue, owner };
}
