"use client";

/** The audit log: filters (admin, entity, id, action, time range) and paging in the URL; old and new side by side. */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { AuditAction, AuditEntry, ResourceType } from "@/lib/admin-api/types";
import { AUDIT_ACTIONS, RESOURCE_TYPES } from "@/lib/admin-api/types";
import { useDateText, useEnumText } from "./format";
import { useAdminApi } from "./session-context";
import { LoadError, Loading, PageHeader, Pagination, button, inputClass } from "./ui";
import { useErrorText, useLoad } from "./use-load";

const FILTERS = ["admin", "type", "rid", "action", "since", "until"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** `datetime-local` value (the browser's local time) → ISO instant, or undefined. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function renderValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.length ? value.map((item) => renderValue(item)).join(", ") : "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function isDiff(value: unknown): value is { old: unknown; new: unknown } {
  return typeof value === "object" && value !== null && "old" in value && "new" in value;
}

export function AuditLog() {
  const t = useTranslations("audit");
  const common = useTranslations("common");
  const v = useTranslations("validation");
  const api = useAdminApi();
  const errorText = useErrorText();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const words = useEnumText();

  const applied: Filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ""])) as Filters;
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const [draft, setDraft] = useState<Filters>(applied);
  const adminInvalid = draft.admin !== "" && !/^[1-9]\d{0,9}$/.test(draft.admin);

  const { data, error, reload } = useLoad(
    () =>
      api.auditLogs({
        page,
        per_page: 25,
        admin_id: applied.admin ? Number(applied.admin) : undefined,
        resource_type: (applied.type || undefined) as ResourceType | undefined,
        resource_id: applied.rid || undefined,
        action: (applied.action || undefined) as AuditAction | undefined,
        since: instant(applied.since),
        until: instant(applied.until),
      }),
    [api, params.toString()],
  );

  function go(filters: Filters, nextPage = 1) {
    const query = new URLSearchParams();
    for (const key of FILTERS) if (filters[key]) query.set(key, filters[key]);
    if (nextPage > 1) query.set("page", String(nextPage));
    const search = query.toString();
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  }

  const set = (key: keyof Filters, value: string) => setDraft((old) => ({ ...old, [key]: value }));

  return (
    <>
      <PageHeader title={t("title")} />
      <form
        role="search"
        aria-label={t("filters")}
        className="mb-4 grid gap-3 rounded-[var(--radius-card)] border border-border bg-surface p-4 sm:grid-cols-2 lg:grid-cols-6"
        onSubmit={(event) => {
          event.preventDefault();
          if (!adminInvalid) go(draft);
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="audit-admin" className="text-sm font-medium">
            {t("admin")}
          </label>
          <input
            id="audit-admin"
            inputMode="numeric"
            value={draft.admin}
            onChange={(e) => set("admin", e.target.value)}
            aria-invalid={adminInvalid}
            aria-describedby={adminInvalid ? "audit-admin-error" : undefined}
            className={inputClass}
          />
          {adminInvalid ? (
            <p id="audit-admin-error" className="text-sm text-danger">
              {v("range", { min: 1, max: 2147483647 })}
            </p>
          ) : null}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="audit-type" className="text-sm font-medium">
            {t("entity")}
          </label>
          <select
            id="audit-type"
            value={draft.type}
            onChange={(e) => set("type", e.target.value)}
            className={inputClass}
          >
            <option value="">{t("entityAny")}</option>
            {RESOURCE_TYPES.map((type) => (
              <option key={type} value={type}>
                {words.resource(type)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="audit-rid" className="text-sm font-medium">
            {t("resourceId")}
          </label>
          <input
            id="audit-rid"
            value={draft.rid}
            maxLength={255}
            onChange={(e) => set("rid", e.target.value)}
            className={inputClass}
            spellCheck={false}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="audit-action" className="text-sm font-medium">
            {t("action")}
          </label>
          <select
            id="audit-action"
            value={draft.action}
            onChange={(e) => set("action", e.target.value)}
            className={inputClass}
          >
            <option value="">{t("actionAny")}</option>
            {AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {words.action(action)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="audit-since" className="text-sm font-medium">
            {t("since")}
          </label>
          <input
            id="audit-since"
            type="datetime-local"
            value={draft.since}
            onChange={(e) => set("since", e.target.value)}
            className={inputClass}
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="audit-until" className="text-sm font-medium">
            {t("until")}
          </label>
          <input
            id="audit-until"
            type="datetime-local"
            value={draft.until}
            onChange={(e) => set("until", e.target.value)}
            className={inputClass}
          />
        </div>
        <div className="flex gap-2 sm:col-span-2 lg:col-span-6">
          <button type="submit" className={button.primary}>
            {common("apply")}
          </button>
          <button
            type="button"
            className={button.secondary}
            onClick={() => {
              const empty = Object.fromEntries(FILTERS.map((key) => [key, ""])) as Filters;
              setDraft(empty);
              go(empty);
            }}
          >
            {common("reset")}
          </button>
        </div>
      </form>

      {error ? (
        <LoadError message={errorText(error)} onRetry={reload} />
      ) : !data ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <p className="rounded-[var(--radius-card)] border border-border bg-surface p-6 text-center text-muted">
          {t("none")}
        </p>
      ) : (
        <>
          <p className="mb-2 text-sm text-muted" role="status">
            {common("total", { count: data.total })}
          </p>
          <ol className="flex flex-col gap-3">
            {data.items.map((entry) => (
              <AuditItem key={entry.id} entry={entry} />
            ))}
          </ol>
          <Pagination page={data.page} pages={data.total_pages} onPage={(p) => go(applied, p)} />
        </>
      )}
    </>
  );
}

const FIELD_WORDS = new Set([
  "title",
  "slug",
  "description",
  "year",
  "status",
  "poster",
  "genres",
  "alternative_titles",
  "is_active",
  "number",
  "season",
  "type",
  "url",
  "source_name",
  "priority",
  "quality",
  "translation_id",
  "translation_title",
  "translation_type",
  "source_episode_id",
]);

/** Field names and enum values of the audit log as words (the raw name stays visible for the operator). */
function useAuditWords() {
  const f = useTranslations("fields");
  const enums = useTranslations("enums");
  const common = useTranslations("common");
  const field = (name: string) => (FIELD_WORDS.has(name) ? f(name as "title") : null);
  const value = (name: string, raw: unknown): string => {
    if (typeof raw === "boolean") return raw ? common("yes") : common("no");
    if (typeof raw === "string") {
      if (name === "status" && ["ongoing", "completed", "upcoming"].includes(raw))
        return enums(`status.${raw as "ongoing"}`);
      if (name === "type" && ["iframe", "embed", "m3u8", "mp4"].includes(raw))
        return enums(`videoType.${raw as "mp4"}`);
      if (name === "translation_type" && ["voice", "subtitles"].includes(raw)) {
        return enums(`translationType.${raw as "voice"}`);
      }
      if (name === "locked_fields") return field(raw) ?? raw;
    }
    if (name === "locked_fields" && Array.isArray(raw)) {
      return raw.length ? raw.map((item) => field(String(item)) ?? String(item)).join(", ") : "—";
    }
    return renderValue(raw);
  };
  return { field, value };
}

function AuditItem({ entry }: { entry: AuditEntry }) {
  const t = useTranslations("audit");
  const auditWords = useAuditWords();
  const date = useDateText();
  const words = useEnumText();
  const changes = Object.entries(entry.changes ?? {});
  const resourceHref =
    entry.resource_type === "anime" && entry.action !== "delete" ? `/admin/anime/${entry.resource_id}` : null;
  return (
    <li className="rounded-[var(--radius-card)] border border-border bg-surface p-4" data-testid="audit-entry">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <p className="font-medium">
          {words.action(entry.action)} · {words.resource(entry.resource_type)}{" "}
          {resourceHref ? (
            <Link href={resourceHref} className="text-sm font-normal text-accent hover:underline">
              {entry.resource_id}
            </Link>
          ) : (
            <span className="text-sm font-normal break-all text-muted">{entry.resource_id}</span>
          )}
        </p>
        <p className="text-sm text-muted">
          <time dateTime={entry.created_at}>{date(entry.created_at)}</time> ·{" "}
          {entry.admin_email ?? t("adminFallback", { id: entry.admin_id })}
        </p>
      </div>
      {changes.length === 0 ? (
        <p className="text-sm text-muted">{t("noChanges")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[28rem] table-fixed text-left text-sm">
            <caption className="sr-only">{t("changes")}</caption>
            <thead className="text-muted">
              <tr>
                <th scope="col" className="w-1/5 py-1 pr-3 font-medium">
                  {t("field")}
                </th>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {t("old")}
                </th>
                <th scope="col" className="py-1 font-medium">
                  {t("new")}
                </th>
              </tr>
            </thead>
            <tbody>
              {changes.map(([field, value]) => (
                <tr
                  key={field}
                  className="border-t border-border align-top"
                  data-testid="audit-change"
                  data-field={field}
                >
                  <th scope="row" className="py-1.5 pr-3 font-normal break-all">
                    {auditWords.field(field) ?? <span className="font-mono text-xs">{field}</span>}
                    {auditWords.field(field) ? (
                      <span className="block font-mono text-xs text-muted">{field}</span>
                    ) : null}
                  </th>
                  {isDiff(value) ? (
                    <>
                      <td className="py-1.5 pr-3 break-words whitespace-pre-wrap">
                        <del className="text-danger no-underline">{auditWords.value(field, value.old)}</del>
                      </td>
                      <td className="py-1.5 break-words whitespace-pre-wrap">
                        <ins className="text-ok no-underline">{auditWords.value(field, value.new)}</ins>
                      </td>
                    </>
                  ) : entry.action === "create" ? (
                    <>
                      <td className="py-1.5 pr-3 text-muted">—</td>
                      <td className="py-1.5 break-words whitespace-pre-wrap">{auditWords.value(field, value)}</td>
                    </>
                  ) : entry.action === "delete" ? (
                    <>
                      <td className="py-1.5 pr-3 break-words whitespace-pre-wrap">{auditWords.value(field, value)}</td>
                      <td className="py-1.5 text-muted">—</td>
                    </>
                  ) : (
                    <td colSpan={2} className="py-1.5 break-words whitespace-pre-wrap">
                      {auditWords.value(field, value)}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}
