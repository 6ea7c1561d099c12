"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useAuth } from "@/components/auth/auth-provider";
import type { AuthClient } from "@/lib/public-api/auth-client";
import { SignedOutError } from "@/lib/public-api/errors";

export type Loaded<T> =
  { state: "loading" } | { state: "anonymous" } | { state: "error"; error: unknown } | { state: "ready"; data: T };

const ANONYMOUS = { state: "anonymous" } as const;

/**
 * Load something of the signed-in viewer's (a read model, a list) once the session is known; reload on demand.
 * `anonymous` when there is no session, `loading` while the session or the data is on its way. `key` names what
 * is loaded (e.g. the title): a new key loads again.
 */
export function useMe<T>(load: (client: AuthClient) => Promise<T>, key = "") {
  const { client, status } = useAuth();
  const [result, setResult] = useState<Loaded<T> & { key?: string }>({ state: "loading" });
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;
  });
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await loader.current(client);
      if (mine === generation.current) setResult({ state: "ready", data, key });
    } catch (error) {
      if (mine !== generation.current) return;
      setResult(error instanceof SignedOutError ? { ...ANONYMOUS, key } : { state: "error", error, key });
    }
  }, [client, key]);

  useEffect(() => {
    if (status === "signed-in") void reload();
  }, [status, reload]);

  const update = useCallback((change: (data: T) => T) => {
    setResult((current) => (current.state === "ready" ? { ...current, data: change(current.data) } : current));
  }, []);

  const shown: Loaded<T> =
    status === "anonymous"
      ? ANONYMOUS
      : result.key === key || result.state === "loading"
        ? result
        : { state: "loading" };
  return { result: shown, reload, update, client };
}
