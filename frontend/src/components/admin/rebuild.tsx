"use client";

/** Rebuild the read models: start a job, follow it every second (the job id stays in the URL), see how it ended. */
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { fieldErrors } from "@/lib/admin-api/errors";
import type { RebuildJob, RebuildScope } from "@/lib/admin-api/types";
import { REBUILD_SCOPES } from "@/lib/admin-api/types";
import { ConfirmDialog } from "./confirm-dialog";
import { useDateText } from "./format";
import { useAdminApi } from "./session-context";
import { useToast } from "./toasts";
import { Card, Field, PageHeader, button, inputClass, useProblemText } from "./ui";
import { useErrorText } from "./use-load";

export function Rebuild() {
  const t = useTranslations("rebuild");
  const enums = useTranslations("enums");
  const api = useAdminApi();
  const toast = useToast();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const date = useDateText();
  const router = useRouter();
  const pathname = usePathname();
  const jobId = useSearchParams().get("job");

  const [scope, setScope] = useState<RebuildScope>("all");
  const [target, setTarget] = useState("");
  const [targetError, setTargetError] = useState<string | undefined>();
  const [confirming, setConfirming] = useState(false);
  const [starting, setStarting] = useState(false);
  const [job, setJob] = useState<RebuildJob | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);

  // Follow the job: every second until it succeeded or failed.
  useEffect(() => {
    if (!jobId) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let announced = false;
    const tick = async () => {
      try {
        const current = await api.rebuildJob(jobId);
        if (cancelled) return;
        setJob(current);
        setPollError(null);
        if (current.status === "pending" || current.status === "running") {
          timer = setTimeout(tick, 1000);
        } else if (!announced) {
          announced = true;
          if (current.status === "succeeded") toast.success(t("succeeded", { done: current.done }));
          else toast.error(t("failed"));
        }
      } catch (cause) {
        if (cancelled) return;
        setPollError(errorText(cause));
        timer = setTimeout(tick, 3000);
      }
    };
    void tick();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, jobId]);

  function ask(event: React.FormEvent) {
    event.preventDefault();
    const value = target.trim();
    if (scope !== "all" && value === "") {
      setTargetError(problemText({ key: "required" }));
      return;
    }
    if (value.length > 255) {
      setTargetError(problemText({ key: "tooLong", values: { max: 255 } }));
      return;
    }
    setTargetError(undefined);
    setConfirming(true);
  }

  async function start() {
    setStarting(true);
    try {
      const started = await api.startRebuild(scope, scope === "all" ? null : target.trim());
      toast.success(t("started"));
      setJob(null);
      router.replace(`${pathname}?job=${started.job_id}`, { scroll: false });
    } catch (cause) {
      setTargetError(fieldErrors(cause).target);
      toast.error(errorText(cause));
    } finally {
      setStarting(false);
      setConfirming(false);
    }
  }

  const running = job !== null && (job.status === "pending" || job.status === "running");

  return (
    <>
      <PageHeader title={t("title")} />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t("start")}>
          <p className="mb-4 text-sm text-muted">{t("intro")}</p>
          <form onSubmit={ask} noValidate className="flex flex-col gap-4">
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm font-medium">{t("scope")}</legend>
              {REBUILD_SCOPES.map((value) => (
                <label key={value} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name="scope"
                    value={value}
                    checked={scope === value}
                    onChange={() => setScope(value)}
                    className="accent-[var(--accent)]"
                  />
                  {enums(`scope.${value}`)}
                </label>
              ))}
            </fieldset>
            {scope !== "all" ? (
              <Field label={scope === "anime" ? t("targetAnime") : t("targetUser")} error={targetError}>
                {(p) => (
                  <input
                    {...p}
                    name="target"
                    value={target}
                    onChange={(e) => setTarget(e.target.value)}
                    className={inputClass}
                    spellCheck={false}
                  />
                )}
              </Field>
            ) : null}
            <div>
              <button type="submit" className={button.primary} disabled={starting || running}>
                {starting ? t("starting") : running ? t("following") : t("start")}
              </button>
            </div>
          </form>
        </Card>

        {jobId ? (
          <Card title={t("job", { id: jobId.slice(0, 8) })}>
            {pollError ? (
              <p role="alert" className="mb-3 text-sm text-danger">
                {pollError}
              </p>
            ) : null}
            {job ? (
              <div className="flex flex-col gap-3" data-testid="rebuild-job" data-status={job.status}>
                <p className="text-sm" role="status" aria-live="polite">
                  {t("status")}: <strong data-testid="rebuild-status">{enums(`jobStatus.${job.status}`)}</strong>
                  {" · "}
                  {job.total !== null
                    ? t("progressText", { done: job.done, total: job.total })
                    : t("progressUnknown", { done: job.done })}
                </p>
                <progress
                  className="h-3 w-full overflow-hidden rounded-full accent-[var(--accent)]"
                  aria-label={t("progress")}
                  max={job.total ?? undefined}
                  value={job.total !== null ? job.done : undefined}
                />
                <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                  <dt className="text-muted">{t("scope")}</dt>
                  <dd>
                    {enums(`scope.${job.scope}`)}
                    {job.target ? ` · ${job.target}` : ""}
                  </dd>
                  <dt className="text-muted">{t("createdAt")}</dt>
                  <dd>{date(job.created_at)}</dd>
                  <dt className="text-muted">{t("startedAt")}</dt>
                  <dd>{date(job.started_at)}</dd>
                  <dt className="text-muted">{t("finishedAt")}</dt>
                  <dd>{date(job.finished_at)}</dd>
                  {job.error ? (
                    <>
                      <dt className="text-muted">{t("error")}</dt>
                      <dd className="text-danger">{job.error}</dd>
                    </>
                  ) : null}
                </dl>
                {running ? <p className="text-xs text-muted">{t("following")}</p> : null}
              </div>
            ) : (
              <p className="text-sm text-muted" role="status">
                …
              </p>
            )}
          </Card>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming}
        tone="primary"
        title={t("start")}
        confirmLabel={t("start")}
        busy={starting}
        onClose={() => setConfirming(false)}
        onConfirm={() => void start()}
      >
        <p>
          {enums(`scope.${scope}`)}
          {scope !== "all" ? `: ${target.trim()}` : ""}
        </p>
      </ConfirmDialog>
    </>
  );
}
