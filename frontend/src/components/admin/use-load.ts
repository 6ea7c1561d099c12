"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { ApiError, ApiUnavailableError } from "@/lib/admin-api/errors";

/** Loads data in the browser with the admin token; `reload()` fetches again, `setData` applies a known result. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const loader = useRef(load);

  useEffect(() => {
    loader.current = load;
  });

  const settle = useCallback(async (mine: number, pending: Promise<T>) => {
    try {
      const result = await pending;
      if (mine === generation.current) {
        setData(result);
        setError(null);
      }
    } catch (cause) {
      if (mine === generation.current) setError(cause);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  const reload = useCallback(async () => {
    setLoading(true);
    await settle(++generation.current, loader.current());
  }, [settle]);

  useEffect(() => {
    void settle(++generation.current, load());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { data, error, loading, reload, setData };
}

/** One sentence for a failed request (toasts, load errors). */
export function useErrorText() {
  const t = useTranslations("common");
  const v = useTranslations("validation");
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.status === 422) return `${v("fix")}: ${error.details.map((d) => d.msg).join("; ") || error.message}`;
      if (error.status === 403) return t("forbidden");
      if (error.status === 404) return t("notFound");
      if (error.status === 409) return t("conflict", { message: error.message });
      return t("error", { message: error.message });
    }
    if (error instanceof ApiUnavailableError) return t("unavailable");
    return t("error", { message: error instanceof Error ? error.message : String(error) });
  };
}
