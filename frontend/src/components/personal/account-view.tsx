"use client";

/** `/account`: the email, a password change, and the live sessions with "sign out this device" / "everywhere". */
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useAuth } from "@/components/auth/auth-provider";
import { useMe } from "@/components/watching/use-me";
import { ApiError, passwordProblem } from "@/lib/public-api/errors";
import { me } from "@/lib/public-api/me";
import type { SessionItem } from "@/lib/public-api/types";
import { fill } from "@/lib/words";
import { ConfirmDialog, LoadError, SignInPrompt, Skeleton } from "./common";

export type AccountWords = Record<
  | "email"
  | "since"
  | "password"
  | "currentPassword"
  | "newPassword"
  | "repeatPassword"
  | "changePassword"
  | "passwordChanged"
  | "mismatch"
  | "wrongPassword"
  | "passwordShort"
  | "passwordLong"
  | "passwordCommon"
  | "sessions"
  | "thisDevice"
  | "lastUsed"
  | "created"
  | "expires"
  | "unknownDevice"
  | "signOutDevice"
  | "revoke"
  | "revokeLabel"
  | "revoked"
  | "signOutEverywhere"
  | "everywhereConfirm"
  | "confirm"
  | "cancel"
  | "signIn"
  | "error"
  | "generic"
  | "retry"
  | "signInAction",
  string
>;

/** A short, readable name for a user agent ("Chrome on Linux"); the raw string is in the title attribute. */
export function deviceName(userAgent: string | null, unknown: string): string {
  if (!userAgent) return unknown;
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /OPR\//.test(userAgent)
      ? "Opera"
      : /YaBrowser\//.test(userAgent)
        ? "Yandex"
        : /Firefox\//.test(userAgent)
          ? "Firefox"
          : /Chrom(e|ium)\//.test(userAgent)
            ? "Chrome"
            : /Safari\//.test(userAgent)
              ? "Safari"
              : null;
  const system = /Android/.test(userAgent)
    ? "Android"
    : /iPhone|iPad/.test(userAgent)
      ? "iOS"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  if (browser && system) return `${browser} · ${system}`;
  return browser ?? system ?? unknown;
}

export function AccountView({ words, locale }: { words: AccountWords; locale: string }) {
  const router = useRouter();
  const { client, user } = useAuth();
  const { result, reload, update } = useMe((c) => me.sessions(c));
  const [message, setMessage] = useState("");
  const [confirming, setConfirming] = useState(false);

  if (result.state === "anonymous") return <SignInPrompt text={words.signIn} action={words.signInAction} />;
  if (result.state === "error")
    return <LoadError text={words.error} retry={words.retry} onRetry={() => void reload()} />;
  if (result.state === "loading") return <Skeleton rows={3} />;
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const sessions = [...result.data].sort((a, b) => Number(b.current) - Number(a.current));

  const signOutHere = async () => {
    await client.signOut().catch(() => undefined);
    router.push("/");
  };
  const revoke = async (session: SessionItem) => {
    try {
      await me.revokeSession(client, session.id);
      update((list) => list.filter((item) => item.id !== session.id));
      setMessage(words.revoked);
    } catch {
      setMessage(words.generic);
    }
  };
  const everywhere = async () => {
    setConfirming(false);
    try {
      await me.logoutAll(client);
    } catch {
      setMessage(words.generic);
      return;
    }
    client.clear(true);
    router.push("/login");
  };

  return (
    <div className="mt-6 grid gap-6 lg:grid-cols-2">
      <section className="card p-5" aria-labelledby="account-email">
        <h2 id="account-email" className="text-lg font-bold">
          {words.email}
        </h2>
        <p className="mt-2 break-all" data-testid="account-email">
          {user?.email ?? "…"}
        </p>
        {user ? (
          <p className="mt-1 text-sm text-muted">
            {fill(words.since, {
              date: new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(new Date(user.created_at)),
            })}
          </p>
        ) : null}
        <PasswordForm words={words} />
      </section>

      <section className="card p-5" aria-labelledby="account-sessions">
        <h2 id="account-sessions" className="text-lg font-bold">
          {words.sessions}
        </h2>
        <p className="sr-only" role="status" aria-live="polite">
          {message}
        </p>
        <ul className="mt-3 divide-y divide-border" data-testid="sessions">
          {sessions.map((session) => {
            const device = deviceName(session.user_agent, words.unknownDevice);
            return (
              <li
                key={session.id}
                className="flex flex-col items-start gap-3 py-3 sm:flex-row sm:items-center"
                data-testid="session"
              >
                <div className="w-full min-w-0 flex-1">
                  <p className="font-semibold" title={session.user_agent ?? undefined}>
                    {device}
                    {session.current ? (
                      <span className="badge ml-2 bg-accent-soft text-text">{words.thisDevice}</span>
                    ) : null}
                  </p>
                  <p className="text-xs text-muted">
                    {[
                      session.ip,
                      fill(words.lastUsed, { date: dates.format(new Date(session.last_used_at)) }),
                      fill(words.expires, { date: dates.format(new Date(session.expires_at)) }),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </p>
                </div>
                {session.current ? (
                  <button type="button" className="btn btn-outline" onClick={() => void signOutHere()}>
                    {words.signOutDevice}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="btn btn-ghost"
                    aria-label={fill(words.revokeLabel, { device })}
                    onClick={() => void revoke(session)}
                  >
                    {words.revoke}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
        <button type="button" className="btn btn-primary mt-4 bg-danger" onClick={() => setConfirming(true)}>
          {words.signOutEverywhere}
        </button>
        <ConfirmDialog
          open={confirming}
          text={words.everywhereConfirm}
          confirm={words.confirm}
          cancel={words.cancel}
          onConfirm={() => void everywhere()}
          onCancel={() => setConfirming(false)}
        />
      </section>
    </div>
  );
}

function PasswordForm({ words }: { words: AccountWords }) {
  const { client } = useAuth();
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const current = String(data.get("current") ?? "");
    const next = String(data.get("next") ?? "");
    setDone("");
    if (next !== String(data.get("repeat") ?? "")) return setError(words.mismatch);
    if (next.length < 8) return setError(words.passwordShort);
    if (new TextEncoder().encode(next).length > 72) return setError(words.passwordLong);
    setError("");
    setPending(true);
    try {
      const token = await me.changePassword(client, current, next);
      client.adopt(token.access_token, true);
      form.reset();
      setDone(words.passwordChanged);
    } catch (cause) {
      setError(
        cause instanceof ApiError && cause.status === 400
          ? words.wrongPassword
          : cause instanceof ApiError && cause.status === 422
            ? passwordProblem(cause, words)
            : words.generic,
      );
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="mt-6 space-y-3" onSubmit={(event) => void submit(event)} data-testid="password-form">
      <h3 className="font-bold">{words.password}</h3>
      <div>
        <label className="label" htmlFor="current-password">
          {words.currentPassword}
        </label>
        <input
          id="current-password"
          name="current"
          type="password"
          autoComplete="current-password"
          required
          className="field"
        />
      </div>
      <div>
        <label className="label" htmlFor="new-password">
          {words.newPassword}
        </label>
        <input
          id="new-password"
          name="next"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          className="field"
        />
      </div>
      <div>
        <label className="label" htmlFor="repeat-password">
          {words.repeatPassword}
        </label>
        <input
          id="repeat-password"
          name="repeat"
          type="password"
          autoComplete="new-password"
          required
          className="field"
        />
      </div>
      <p className="min-h-5 text-sm" role="status" aria-live="polite">
        {error ? <span className="text-danger">{error}</span> : <span className="text-ok">{done}</span>}
      </p>
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {words.changePassword}
      </button>
    </form>
  );
}
