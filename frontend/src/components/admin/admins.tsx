"use client";

/**
 * The operators themselves: every admin account with disable/enable and "sign out everywhere", and the signed-in
 * admin's own password change and sign-out from every device. Disabling or signing out revokes live tokens at once
 * (auth's revocation list, polled by every service).
 */
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { fieldErrors } from "@/lib/admin-api/errors";
import type { components } from "@/lib/api-types/auth";
import { ConfirmDialog } from "./confirm-dialog";
import { useDateText } from "./format";
import { useAdmin } from "./session-context";
import { useToast } from "./toasts";
import { Card, Field, LoadError, Loading, PageHeader, StateBadge, button, inputClass } from "./ui";
import { useErrorText, useLoad } from "./use-load";

type AdminAccount = components["schemas"]["AdminRead"];
type Pending = { kind: "disable" | "signOut"; admin: AdminAccount } | { kind: "signOutMe" } | null;

export function Admins() {
  const t = useTranslations("admins");
  const { api, admin: me, signOut } = useAdmin();
  const toast = useToast();
  const errorText = useErrorText();
  const date = useDateText();
  const { data, error, loading, reload, setData } = useLoad(() => api.listAdmins(), []);
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);

  const setActive = async (account: AdminAccount, isActive: boolean) => {
    setBusy(true);
    try {
      const updated = await api.setAdminActive(account.id, isActive);
      setData((list) => (list ?? []).map((item) => (item.id === updated.id ? updated : item)));
      toast.success(isActive ? t("enabled", { email: account.email }) : t("disabled", { email: account.email }));
      setPending(null);
    } catch (cause) {
      toast.error(errorText(cause));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (pending === null) return;
    if (pending.kind === "disable") return setActive(pending.admin, false);
    setBusy(true);
    try {
      if (pending.kind === "signOut") {
        await api.signOutAdmin(pending.admin.id);
        toast.success(t("signedOut", { email: pending.admin.email }));
        setPending(null);
      } else {
        await api.signOutMeEverywhere();
        setPending(null);
        await signOut();
      }
    } catch (cause) {
      toast.error(errorText(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t("title")} />
      <div className="grid gap-5 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card title={t("accounts")}>
          {error ? (
            <LoadError message={errorText(error)} onRetry={() => void reload()} />
          ) : loading && !data ? (
            <Loading />
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="admins-table">
                <thead className="text-muted">
                  <tr>
                    <th className="py-2 pr-3 font-medium">{t("email")}</th>
                    <th className="py-2 pr-3 font-medium">{t("username")}</th>
                    <th className="py-2 pr-3 font-medium">{t("created")}</th>
                    <th className="py-2 pr-3 font-medium">{t("state")}</th>
                    <th className="py-2 font-medium">
                      <span className="sr-only">{t("actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {(data ?? []).map((account) => {
                    const self = account.id === me?.id;
                    return (
                      <tr key={account.id} className="border-t border-border" data-testid="admin-row">
                        <td className="py-2 pr-3 break-all">
                          {account.email}
                          {self ? <span className="ml-2 text-xs text-muted">({t("you")})</span> : null}
                        </td>
                        <td className="py-2 pr-3">{account.username}</td>
                        <td className="py-2 pr-3 whitespace-nowrap">{date(account.created_at)}</td>
                        <td className="py-2 pr-3">
                          <StateBadge active={account.is_active} />
                        </td>
                        <td className="py-2">
                          <div className="flex flex-wrap justify-end gap-2">
                            {self ? null : account.is_active ? (
                              <button
                                type="button"
                                className={button.smallDanger}
                                disabled={busy}
                                onClick={() => setPending({ kind: "disable", admin: account })}
                                aria-label={t("disableLabel", { email: account.email })}
                              >
                                {t("disable")}
                              </button>
                            ) : (
                              <button
                                type="button"
                                className={button.small}
                                disabled={busy}
                                onClick={() => void setActive(account, true)}
                                aria-label={t("enableLabel", { email: account.email })}
                              >
                                {t("enable")}
                              </button>
                            )}
                            {self ? null : (
                              <button
                                type="button"
                                className={button.small}
                                disabled={busy}
                                onClick={() => setPending({ kind: "signOut", admin: account })}
                                aria-label={t("signOutLabel", { email: account.email })}
                              >
                                {t("signOut")}
                              </button>
                            )}
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <p className="mt-3 text-xs text-muted">{t("cliHint")}</p>
            </div>
          )}
        </Card>
        <div className="flex flex-col gap-5">
          <PasswordCard />
          <Card title={t("mySessions")}>
            <p className="text-sm text-muted">{t("mySessionsText")}</p>
            <button
              type="button"
              className={`${button.danger} mt-3`}
              disabled={busy}
              onClick={() => setPending({ kind: "signOutMe" })}
            >
              {t("signOutMe")}
            </button>
          </Card>
        </div>
      </div>
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === "disable"
            ? t("disableConfirm", { email: pending.admin.email })
            : pending?.kind === "signOut"
              ? t("signOutConfirm", { email: pending.admin.email })
              : t("signOutMeConfirm")
        }
        confirmLabel={pending?.kind === "disable" ? t("disable") : t("signOut")}
        busy={busy}
        onConfirm={() => void confirm()}
        onClose={() => setPending(null)}
      >
        <p>{pending?.kind === "disable" ? t("disableText") : t("signOutText")}</p>
      </ConfirmDialog>
    </>
  );
}

function PasswordCard() {
  const t = useTranslations("admins");
  const { api } = useAdmin();
  const toast = useToast();
  const errorText = useErrorText();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const current = String(data.get("current") ?? "");
    const next = String(data.get("next") ?? "");
    if (next !== String(data.get("repeat") ?? "")) return setErrors({ repeat: t("mismatch") });
    setErrors({});
    setSaving(true);
    try {
      await api.changeMyPassword(current, next);
      form.reset();
      toast.success(t("passwordChanged"));
    } catch (cause) {
      const fields = fieldErrors(cause);
      if (Object.keys(fields).length > 0) {
        setErrors({ current: fields.current_password ?? "", next: fields.new_password ?? fields._ ?? "" });
      } else {
        toast.error(errorText(cause));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={t("password")}>
      <form className="flex flex-col gap-3" onSubmit={(event) => void submit(event)} noValidate>
        <Field label={t("currentPassword")} error={errors.current || undefined}>
          {(props) => (
            <input {...props} name="current" type="password" autoComplete="current-password" className={inputClass} />
          )}
        </Field>
        <Field label={t("newPassword")} hint={t("passwordHint")} error={errors.next || undefined}>
          {(props) => (
            <input {...props} name="next" type="password" autoComplete="new-password" className={inputClass} />
          )}
        </Field>
        <Field label={t("repeatPassword")} error={errors.repeat}>
          {(props) => (
            <input {...props} name="repeat" type="password" autoComplete="new-password" className={inputClass} />
          )}
        </Field>
        <div>
          <button type="submit" className={button.primary} disabled={saving}>
            {t("changePassword")}
          </button>
        </div>
      </form>
    </Card>
  );
}
