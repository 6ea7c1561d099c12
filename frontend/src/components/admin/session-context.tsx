"use client";

/**
 * The admin session in the browser: one AdminSession and one API client for the whole panel. The server has already
 * checked the guard cookie before rendering the page; here the browser gets its own token from the refresh cookie
 * and, when the session ends (signed out here or in another tab, refresh refused), goes to the sign-in page.
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { createAdminApi, type AdminApi } from "@/lib/admin-api/client";
import { ADMIN_LOGIN, loginHref } from "@/lib/admin-api/paths";
import { AdminSession, type SessionStatus } from "@/lib/admin-api/session";
import type { Admin } from "@/lib/admin-api/types";

interface SessionValue {
  session: AdminSession;
  /** Ends the session everywhere and shows the sign-in page with "signed out". */
  signOut: () => Promise<void>;
  api: AdminApi;
  status: SessionStatus;
  admin: Admin | null;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useAdmin(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useAdmin() outside <AdminSessionProvider>");
  return value;
}

export function useAdminApi(): AdminApi {
  return useAdmin().api;
}

export function AdminSessionProvider({ children }: { children: React.ReactNode }) {
  const [{ session, api }] = useState(() => {
    const created = new AdminSession();
    return { session: created, api: createAdminApi(created) };
  });
  const [status, setStatus] = useState<SessionStatus>(session.status);
  const [admin, setAdmin] = useState<Admin | null>(null);
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => session.subscribe(setStatus), [session]);

  useEffect(() => {
    let cancelled = false;
    session
      .me()
      .then((me) => {
        if (!cancelled) setAdmin(me);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [session]);

  const leaving = useRef(false);
  const signOut = useCallback(async () => {
    leaving.current = true;
    try {
      await session.signOut();
    } finally {
      router.replace(`${ADMIN_LOGIN}?signedOut=1`);
    }
  }, [session, router]);

  useEffect(() => {
    if (status !== "anonymous" || leaving.current) return;
    const here = `${pathname}${typeof location !== "undefined" ? location.search : ""}`;
    router.replace(loginHref(here));
  }, [status, pathname, router]);

  useEffect(() => () => session.dispose(), [session]);

  return <SessionContext.Provider value={{ session, signOut, api, status, admin }}>{children}</SessionContext.Provider>;
}
