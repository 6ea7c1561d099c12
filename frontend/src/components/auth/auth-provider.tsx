"use client";

import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { AuthClient, storageHint, type AuthStatus } from "@/lib/public-api/auth-client";
import { ApiError } from "@/lib/public-api/errors";
import type { UserAccount } from "@/lib/public-api/types";

interface AuthContextValue {
  client: AuthClient;
  status: AuthStatus;
  user: UserAccount | null;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/**
 * One session per tab. Pages are rendered once for everyone, so the page starts "unknown"; in the browser the tab
 * asks auth for a token only when it remembers having a session (`storageHint`): anonymous visitors cost nothing.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new AuthClient(null, { hint: storageHint }));
  const status = useSyncExternalStore(
    (listener) => client.subscribe(listener),
    () => client.state.status,
    () => "unknown" as const,
  );
  const [user, setUser] = useState<UserAccount | null>(null);

  useEffect(() => {
    // Renew the session once on load. Offline or rate limited: stay "unknown" and try again later, rather than
    // showing a signed-in viewer as signed out.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      client.refresh().catch((error: unknown) => {
        const seconds = error instanceof ApiError ? error.retryAfterSeconds : null;
        timer = setTimeout(attempt, (seconds ?? 5) * 1000);
      });
    };
    if (client.state.status === "unknown") attempt();
    return () => clearTimeout(timer);
  }, [client]);

  useEffect(() => {
    if (status !== "signed-in") return;
    let cancelled = false;
    client
      .fetch("/api/v1/users/me")
      .then(async (response) => {
        if (!cancelled && response.ok) setUser((await response.json()) as UserAccount);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [client, status]);

  const shownUser = status === "signed-in" ? user : null;
  const value = useMemo(() => ({ client, status, user: shownUser }), [client, status, shownUser]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (value === null) throw new Error("useAuth outside AuthProvider");
  return value;
}
