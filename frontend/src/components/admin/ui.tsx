"use client";

/** The panel's small kit: buttons, fields with their error and lock, cards, paging, load states. */
import { useId } from "react";
import { useTranslations } from "next-intl";
import type { Problem } from "@/lib/admin-api/validation";

export const button = {
  primary:
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-lg bg-accent px-4 py-2 text-sm font-semibold text-accent-contrast hover:bg-accent-hover disabled:opacity-60",
  secondary:
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-lg border border-border bg-surface px-4 py-2 text-sm font-medium text-text hover:bg-surface-2 disabled:opacity-60",
  danger:
    "inline-flex min-h-10 items-center justify-center gap-2 rounded-lg border border-danger bg-surface px-4 py-2 text-sm font-semibold text-danger hover:bg-surface-2 disabled:opacity-60",
  small:
    "inline-flex min-h-9 items-center justify-center gap-1 rounded-md border border-border bg-surface px-3 py-1.5 text-sm text-text hover:bg-surface-2 disabled:opacity-60",
  smallDanger:
    "inline-flex min-h-9 items-center justify-center gap-1 rounded-md border border-danger/60 bg-surface px-3 py-1.5 text-sm text-danger hover:bg-surface-2 disabled:opacity-60",
};

export const inputClass =
  "w-full rounded-lg border border-border bg-surface px-3 py-2 text-sm text-text placeholder:text-muted aria-[invalid=true]:border-danger";

export function LockIcon({ className = "size-4" }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" className={className} fill="currentColor">
      <path d="M10 2a4 4 0 0 0-4 4v2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-1V6a4 4 0 0 0-4-4Zm-2 6V6a2 2 0 1 1 4 0v2H8Z" />
    </svg>
  );
}

/** Translates a client-side problem or passes an API message through. */
export function useProblemText() {
  const t = useTranslations("validation");
  return (problem: Problem | string | undefined): string | undefined =>
    problem === undefined ? undefined : typeof problem === "string" ? problem : t(problem.key, problem.values ?? {});
}

export interface FieldProps {
  label: string;
  hint?: string;
  error?: string;
  /** The field is locked against imports; `onRelease` offers to release it. */
  locked?: boolean;
  lockLabel?: string;
  releaseLabel?: string;
  onRelease?: () => void;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined }) => React.ReactNode;
}

export function Field({ label, hint, error, locked, lockLabel, releaseLabel, onRelease, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const lockId = locked ? `${id}-lock` : undefined;
  const describedBy = [errorId, hintId, lockId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1" data-field={label}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        {locked ? (
          <span className="flex items-center gap-2 text-xs">
            <span
              id={lockId}
              className="inline-flex items-center gap-1 rounded-full bg-accent-soft px-2 py-0.5 text-text"
              data-testid="lock"
            >
              <LockIcon className="size-3.5" />
              {lockLabel}
            </span>
            {onRelease ? (
              <button
                type="button"
                onClick={onRelease}
                className="rounded px-1 text-accent underline underline-offset-2 hover:text-accent-hover"
              >
                {releaseLabel}
              </button>
            ) : null}
          </span>
        ) : null}
      </div>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint ? (
        <p id={hintId} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm text-danger" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Card({
  title,
  children,
  actions,
  className = "",
  headingLevel = 2,
}: {
  title?: string;
  children: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className={`rounded-[var(--radius-card)] border border-border bg-surface p-4 sm:p-5 ${className}`}>
      {title || actions ? (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title ? <Heading className="text-base font-semibold">{title}</Heading> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function PageHeader({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <div className="mb-5 flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      {children ? <div className="flex flex-wrap items-center gap-2">{children}</div> : null}
    </div>
  );
}

export function Pagination({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  const t = useTranslations("common");
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("pagination")} className="mt-4 flex items-center justify-between gap-3">
      <button type="button" className={button.small} disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← {t("prev")}
      </button>
      <span className="text-sm text-muted" aria-live="polite">
        {t("page", { page, pages })}
      </span>
      <button type="button" className={button.small} disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t("next")} →
      </button>
    </nav>
  );
}

export function LoadError({ message, onRetry }: { message: string; onRetry: () => void }) {
  const t = useTranslations("common");
  return (
    <div role="alert" className="rounded-lg border border-danger p-4 text-sm">
      <p className="text-danger">{message}</p>
      <button type="button" className={`${button.small} mt-3`} onClick={onRetry}>
        {t("retry")}
      </button>
    </div>
  );
}

export function Loading() {
  const t = useTranslations("common");
  return (
    <p className="py-6 text-sm text-muted" role="status">
      {t("loading")}
    </p>
  );
}

export function StateBadge({ active }: { active: boolean }) {
  const t = useTranslations("common");
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${
        active ? "bg-accent-soft text-text" : "bg-surface-2 text-muted"
      }`}
    >
      {active ? t("active") : t("inactive")}
    </span>
  );
}
