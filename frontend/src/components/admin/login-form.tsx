"use client";

/**
 * The admin sign-in. First it tries to renew a session from the refresh cookie (a reload after the guard cookie's
 * token expired lands here): when that works, it goes straight back to where the admin was.
 */
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { ApiError, ApiUnavailableError } from "@/lib/admin-api/errors";
import { AdminSession } from "@/lib/admin-api/session";
import { Field, button, inputClass } from "./ui";

export function AdminLoginForm({ next, signedOut }: { next: string; signedOut: boolean }) {
  const t = useTranslations("login");
  const common = useTranslations("common");
  const v = useTranslations("validation");
  const router = useRouter();
  const [session] = useState(() => new AdminSession());
  const [checking, setChecking] = useState(!signedOut);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const errorRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (signedOut) return;
    let cancelled = false;
    session
      .refresh()
      .then((token) => {
        if (cancelled) return;
        if (token) router.replace(next);
        else setChecking(false);
      })
      .catch(() => {
        if (!cancelled) setChecking(false);
      });
    return () => {
      cancelled = true;
    };
  }, [session, next, router, signedOut]);

  useEffect(() => () => session.dispose(), [session]);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    const problems: { email?: string; password?: string } = {};
    if (!email) problems.email = v("required");
    else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) problems.email = v("email");
    if (!password) problems.password = v("required");
    else if (password.length < 8) problems.password = v("passwordShort");
    setFieldErrors(problems);
    setError(null);
    if (problems.email || problems.password) {
      setError(v("fix"));
      requestAnimationFrame(() => errorRef.current?.focus());
      return;
    }
    setBusy(true);
    try {
      await session.signIn(email, password);
      router.replace(next);
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 429) {
        setError(t("rateLimited", { seconds: cause.retryAfterSeconds ?? 60 }));
      } else if (cause instanceof ApiError && cause.status === 403) {
        setError(t("forbidden"));
      } else if (cause instanceof ApiError && cause.status === 422) {
        const byField: { email?: string; password?: string } = {};
        for (const detail of cause.details) {
          const field = detail.loc[detail.loc.length - 1];
          if (field === "email" || field === "password") byField[field] = detail.msg;
        }
        setFieldErrors(byField);
        setError(t("invalid"));
      } else if (cause instanceof ApiUnavailableError) {
        setError(common("unavailable"));
      } else {
        setError(t("invalid"));
      }
      setBusy(false);
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  }

  return (
    <div className="w-full max-w-sm rounded-[var(--radius-card)] border border-border bg-surface p-6 shadow-sm">
      <h1 className="text-2xl font-bold tracking-tight">{t("title")}</h1>
      <p className="mt-1 text-sm text-muted">{t("intro")}</p>
      {signedOut ? (
        <p role="status" className="mt-4 rounded-lg bg-accent-soft px-3 py-2 text-sm">
          {t("signedOut")}
        </p>
      ) : null}
      {checking ? (
        <p role="status" className="mt-6 text-sm text-muted">
          {t("checking")}
        </p>
      ) : (
        <form onSubmit={submit} noValidate className="mt-6 flex flex-col gap-4">
          <p
            ref={errorRef}
            tabIndex={-1}
            role="alert"
            className={error ? "rounded-lg border border-danger px-3 py-2 text-sm text-danger" : "sr-only"}
          >
            {error ?? ""}
          </p>
          <Field label={t("email")} error={fieldErrors.email}>
            {(props) => (
              <input {...props} name="email" type="email" autoComplete="username" required className={inputClass} />
            )}
          </Field>
          <Field label={t("password")} error={fieldErrors.password}>
            {(props) => (
              <input
                {...props}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                minLength={8}
                className={inputClass}
              />
            )}
          </Field>
          <button type="submit" className={button.primary} disabled={busy}>
            {busy ? t("submitting") : t("submit")}
          </button>
        </form>
      )}
      <p className="mt-6 text-sm">
        <Link href="/" className="text-accent underline underline-offset-2">
          {t("toSite")}
        </Link>
      </p>
    </div>
  );
}
