"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import type { AnimeListItem, AuditEntry } from "@/lib/admin-api/types";
import { countByDay } from "./activity";
import { ActivityChart } from "./activity-chart";
import { useDateText, useEnumText } from "./format";
import { useAdminApi } from "./session-context";
import { Card, LoadError, Loading, PageHeader } from "./ui";
import { useErrorText, useLoad } from "./use-load";

const DAYS = 14;
const TIME_ZONE = "Europe/Moscow";

export function Dashboard() {
  const t = useTranslations("dashboard");
  const api = useAdminApi();
  const errorText = useErrorText();
  const date = useDateText();
  const words = useEnumText();

  const { data, error, reload } = useLoad(async () => {
    const now = new Date();
    const since = new Date(now.getTime() - DAYS * 86_400_000);
    const [dashboard, edits, updates] = await Promise.all([
      api.dashboard(),
      collectAudit(api.auditLogs, since.toISOString()),
      collectUpdates(api.listAnime, since),
    ]);
    return { dashboard, rows: countByDay(updates, edits, now, TIME_ZONE, DAYS) };
  }, [api]);

  if (error) return <LoadError message={errorText(error)} onRetry={reload} />;
  if (!data) return <Loading />;
  const d = data.dashboard;
  const counts = [
    { label: t("totalAnime"), value: d.total_anime },
    { label: t("activeAnime"), value: d.active_anime },
    { label: t("inactiveAnime"), value: d.inactive_anime },
    { label: t("totalEpisodes"), value: d.total_episodes },
    { label: t("totalVideo"), value: d.total_video_sources },
    { label: t("pendingJobs"), value: d.pending_rebuild_jobs, href: "/admin/rebuild" },
  ];

  return (
    <>
      <PageHeader title={t("title")} />
      <section aria-labelledby="counts" className="mb-6">
        <h2 id="counts" className="sr-only">
          {t("counts")}
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {counts.map((count) => (
            <div key={count.label} className="rounded-[var(--radius-card)] border border-border bg-surface p-4">
              <dt className="text-sm text-muted">{count.label}</dt>
              <dd className="mt-1 text-2xl font-bold tabular-nums" data-testid={`count-${count.label}`}>
                {count.href ? (
                  <Link href={count.href} className="hover:underline">
                    {count.value}
                  </Link>
                ) : (
                  count.value
                )}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      <Card title={t("chartTitle")} className="mb-6">
        <ActivityChart rows={data.rows} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t("recentAnime")}>
          <ul className="flex flex-col divide-y divide-border text-sm">
            {d.recent_anime.map((anime) => (
              <li key={anime.id} className="flex flex-wrap justify-between gap-2 py-2">
                <Link href={`/admin/anime/${anime.id}`} className="font-medium text-accent hover:underline">
                  {anime.title}
                </Link>
                <span className="text-muted">{date(anime.created_at)}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card title={t("recentEpisodes")}>
          <ul className="flex flex-col divide-y divide-border text-sm">
            {d.recent_episodes.map((episode) => (
              <li key={episode.id} className="flex flex-wrap justify-between gap-2 py-2">
                <Link
                  href={`/admin/anime/${episode.anime_id}/episodes/${episode.id}`}
                  className="font-medium text-accent hover:underline"
                >
                  {t("episodeOf", { number: episode.number })}
                </Link>
                <span className="text-muted">{date(episode.created_at)}</span>
              </li>
            ))}
          </ul>
        </Card>
        <Card
          title={t("recentChanges")}
          actions={
            <Link href="/admin/audit" className="text-sm text-accent hover:underline">
              {t("allAudit")}
            </Link>
          }
        >
          <ul className="flex flex-col divide-y divide-border text-sm">
            {d.recent_changes.map((entry: AuditEntry) => (
              <li key={entry.id} className="py-2">
                <p>
                  <span className="font-medium">{words.action(entry.action)}</span> ·{" "}
                  {words.resource(entry.resource_type)}
                </p>
                <p className="text-muted">
                  {entry.admin_email ?? `#${entry.admin_id}`} · {date(entry.created_at)}
                </p>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}

/** Every audit row since `since` (newest first, 100 a page, at most 10 pages). */
async function collectAudit(
  auditLogs: (q: {
    page: number;
    per_page: number;
    since: string;
  }) => Promise<{ items: AuditEntry[]; total_pages: number }>,
  since: string,
): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; page <= 10; page++) {
    const result = await auditLogs({ page, per_page: 100, since });
    out.push(...result.items.map((entry) => entry.created_at));
    if (page >= result.total_pages) break;
  }
  return out;
}

/** `updated_at` of the titles updated since `since` (the admin list is newest-updated first; at most 5 pages). */
async function collectUpdates(
  listAnime: (q: { page: number; per_page: number }) => Promise<{ items: AnimeListItem[]; total_pages: number }>,
  since: Date,
): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; page <= 5; page++) {
    const result = await listAnime({ page, per_page: 100 });
    const recent = result.items.filter((item) => new Date(item.updated_at) >= since);
    out.push(...recent.map((item) => item.updated_at));
    if (recent.length < result.items.length || page >= result.total_pages) break;
  }
  return out;
}
