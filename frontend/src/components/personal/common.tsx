"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, type ReactNode } from "react";

/** What a personal page shows to a visitor without a session. */
export function SignInPrompt({ text, action }: { text: string; action: string }) {
  const pathname = usePathname();
  return (
    <div className="card mx-auto mt-6 max-w-lg p-6 text-center" data-testid="sign-in-prompt">
      <p>{text}</p>
      <Link className="btn btn-primary mt-4" href={`/login?returnTo=${encodeURIComponent(pathname ?? "/")}`}>
        {action}
      </Link>
    </div>
  );
}

export function LoadError({ text, retry, onRetry }: { text: string; retry: string; onRetry: () => void }) {
  return (
    <div className="card mt-6 p-6 text-center" role="alert">
      <p>{text}</p>
      <button type="button" className="btn btn-outline mt-4" onClick={onRetry}>
        {retry}
      </button>
    </div>
  );
}

export function Skeleton({ rows = 4 }: { rows?: number }) {
  return (
    <div className="mt-6 space-y-3" aria-busy="true">
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="h-20 animate-pulse rounded-[var(--radius-card)] bg-surface-2" />
      ))}
    </div>
  );
}

/** A modal question (the native <dialog>: focus is trapped and Escape cancels). */
export function ConfirmDialog({
  open,
  text,
  confirm,
  cancel,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  text: ReactNode;
  confirm: string;
  cancel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="m-auto max-w-md rounded-[var(--radius-card)] border border-border bg-surface p-6 text-text shadow-xl backdrop:bg-black/50"
      onClose={onCancel}
      aria-labelledby="confirm-text"
    >
      <p id="confirm-text" className="font-semibold">
        {text}
      </p>
      <div className="mt-5 flex justify-end gap-3">
        <button type="button" className="btn btn-ghost" onClick={onCancel} autoFocus>
          {cancel}
        </button>
        <button type="button" className="btn btn-primary bg-danger" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
