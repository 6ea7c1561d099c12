"use client";

/**
 * A modal question before anything destructive: the native <dialog> (focus moves in and stays there, Escape
 * cancels, focus goes back to the button that opened it). The confirm button names the action.
 */
import { useEffect, useId, useRef } from "react";
import { useTranslations } from "next-intl";
import { button } from "./ui";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: React.ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = "danger",
  busy = false,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const t = useTranslations("common");
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={children ? bodyId : undefined}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-[var(--radius-card)] border border-border bg-surface p-5 text-text shadow-2xl backdrop:bg-black/50"
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onConfirm();
        }}
        className="flex flex-col gap-4"
      >
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        {children ? (
          <div id={bodyId} className="flex flex-col gap-3 text-sm">
            {children}
          </div>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={button.secondary} onClick={onClose} disabled={busy} autoFocus>
            {t("cancel")}
          </button>
          <button type="submit" className={tone === "danger" ? button.danger : button.primary} disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
