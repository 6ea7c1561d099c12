"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { plural } from "@/lib/plural";
import { ApiError, passwordProblem } from "@/lib/public-api/errors";
import { useAuth } from "./auth-provider";

type Mode = "login" | "register";

const MIN_PASSWORD = 8;
const MAX_PASSWORD_BYTES = 72;

export interface CredentialsLabels {
  locale: string;
  email: string;
  password: string;
  passwordHint: string;
  submit: string;
  pending: string;
  switchQuestion: string;
  switchLink: string;
  errors: {
    invalidCredentials: string;
    emailTaken: string;
    rateLimitedForms: Partial<Record<Intl.LDMLPluralRule, string>>;
    passwordShort: string;
    passwordCommon: string;
    passwordLong: string;
    emailInvalid: string;
    network: string;
    generic: string;
  };
}

/** The message for a failed sign-in or registration: the service's meaning, in the viewer's language. */
function errorMessage(labels: CredentialsLabels, mode: Mode, error: unknown): string {
  const e = labels.errors;
  if (!(error instanceof ApiError)) return e.network;
  if (error.status === 429) return plural(labels.locale, error.retryAfterSeconds ?? 60, e.rateLimitedForms);
  if (mode === "login" && error.status === 401) return e.invalidCredentials;
  if (mode === "register" && (error.status === 400 || error.status === 409)) return e.emailTaken;
  if (error.status === 422) {
    const field = error.details.map((d) => d.loc.at(-1)).find((loc) => loc === "email" || loc === "password");
    if (field === "email") return e.emailInvalid;
    if (field === "password") return passwordProblem(error, e);
    return error.message;
  }
  return error.message || e.generic;
}

export function CredentialsForm({
  mode,
  returnTo,
  labels,
}: {
  mode: Mode;
  returnTo: string;
  labels: CredentialsLabels;
}) {
  const { client } = useAuth();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    if (mode === "register" && password.length < MIN_PASSWORD) return setError(labels.errors.passwordShort);
    if (new TextEncoder().encode(password).length > MAX_PASSWORD_BYTES) return setError(labels.errors.passwordLong);
    setPending(true);
    setError(null);
    try {
      await client.signIn(mode === "login" ? "/api/v1/auth/login" : "/api/v1/auth/register", email, password);
      router.replace(returnTo);
      router.refresh();
    } catch (caught) {
      setError(errorMessage(labels, mode, caught));
      setPending(false);
    }
  }

  const suffix = returnTo !== "/" ? `?returnTo=${encodeURIComponent(returnTo)}` : "";
  return (
    <form
      method="post"
      className="card mx-auto mt-6 grid max-w-md gap-4 p-6"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(event.currentTarget);
      }}
    >
      <div>
        <label htmlFor={`${mode}-email`} className="label">
          {labels.email}
        </label>
        <input id={`${mode}-email`} name="email" type="email" autoComplete="email" required className="field" />
      </div>
      <div>
        <label htmlFor={`${mode}-password`} className="label">
          {labels.password}
        </label>
        <input
          id={`${mode}-password`}
          name="password"
          type="password"
          autoComplete={mode === "login" ? "current-password" : "new-password"}
          required
          minLength={mode === "register" ? MIN_PASSWORD : undefined}
          aria-describedby={mode === "register" ? "password-hint" : undefined}
          className="field"
        />
        {mode === "register" ? (
          <p id="password-hint" className="mt-1 text-xs text-muted">
            {labels.passwordHint}
          </p>
        ) : null}
      </div>
      <p
        role="alert"
        aria-live="assertive"
        className="min-h-5 text-sm font-medium text-danger"
        data-testid="form-error"
      >
        {error}
      </p>
      <button type="submit" className="btn btn-primary" disabled={pending}>
        {pending ? labels.pending : labels.submit}
      </button>
      <p className="text-center text-sm text-muted">
        {labels.switchQuestion}{" "}
        <Link
          className="font-semibold text-accent hover:underline"
          href={`/${mode === "login" ? "register" : "login"}${suffix}`}
        >
          {labels.switchLink}
        </Link>
      </p>
    </form>
  );
}
