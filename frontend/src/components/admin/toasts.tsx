"use client";

/** Results of actions as toasts: a polite live region for successes, an assertive one for failures. No alert(). */
import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { useTranslations } from "next-intl";

type Tone = "success" | "error";
interface Toast {
  id: number;
  tone: Tone;
  text: string;
}

interface ToastApi {
  success(text: string): void;
  error(text: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast() outside <ToastProvider>");
  return api;
}

export function ToastProvider({ children }: { children: React.ReactNode }) {
  const t = useTranslations("common");
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const push = useCallback(
    (tone: Tone, text: string) => {
      const id = next.current++;
      setToasts((all) => [...all.slice(-3), { id, tone, text }]);
      setTimeout(() => dismiss(id), tone === "error" ? 10_000 : 5_000);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({ success: (text) => push("success", text), error: (text) => push("error", text) }),
    [push],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section
        aria-label={t("notifications")}
        className="pointer-events-none fixed inset-x-3 bottom-3 z-50 flex flex-col items-end gap-2 sm:inset-x-auto sm:right-4 sm:bottom-4"
      >
        <div role="status" aria-live="polite" className="flex flex-col items-end gap-2">
          {toasts
            .filter((toast) => toast.tone === "success")
            .map((toast) => (
              <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} label={t("dismiss")} />
            ))}
        </div>
        <div role="alert" aria-live="assertive" className="flex flex-col items-end gap-2">
          {toasts
            .filter((toast) => toast.tone === "error")
            .map((toast) => (
              <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} label={t("dismiss")} />
            ))}
        </div>
      </section>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onDismiss, label }: { toast: Toast; onDismiss: (id: number) => void; label: string }) {
  return (
    <div
      data-testid="toast"
      data-tone={toast.tone}
      className={`pointer-events-auto flex max-w-sm items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg ${
        toast.tone === "error" ? "border-danger bg-surface text-danger" : "border-ok bg-surface text-text"
      }`}
    >
      <span className="flex-1">{toast.text}</span>
      <button
        type="button"
        onClick={() => onDismiss(toast.id)}
        aria-label={label}
        className="-m-1 rounded p-1 text-muted hover:text-text"
      >
        ×
      </button>
    </div>
  );
}
