"use client";

/** 14 days of activity as grouped bars (a small SVG, no chart library), with the same numbers as a table. */
import { useFormatter, useTranslations } from "next-intl";
import { niceMax, type DayCount } from "./activity";

const WIDTH = 700;
const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 32 };

export function ActivityChart({ rows }: { rows: DayCount[] }) {
  const t = useTranslations("dashboard");
  const format = useFormatter();
  const max = niceMax(Math.max(0, ...rows.map((row) => Math.max(row.updates, row.edits))));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / rows.length;
  const bar = Math.max(3, slot * 0.32);
  const y = (value: number) => PAD.top + plotH - (value / max) * plotH;
  const label = (day: string) => format.dateTime(new Date(`${day}T12:00:00Z`), { day: "numeric", month: "short" });
  const totals = rows.reduce((sum, row) => ({ updates: sum.updates + row.updates, edits: sum.edits + row.edits }), {
    updates: 0,
    edits: 0,
  });

  return (
    <figure className="flex flex-col gap-3">
      <figcaption className="text-sm text-muted">{t("chartDescription", totals)}</figcaption>
      <div className="flex flex-wrap gap-4 text-xs" aria-hidden="true">
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block size-3 rounded-sm bg-accent" /> {t("chartUpdates")}
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span className="inline-block size-3 rounded-sm bg-warn" /> {t("chartEdits")}
        </span>
      </div>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full"
        role="img"
        aria-label={t("chartDescription", totals)}
        data-testid="activity-chart"
      >
        {[0, max / 2, max].map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke="var(--border)" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" fontSize="11" fill="var(--muted)">
              {Number.isInteger(tick) ? tick : ""}
            </text>
          </g>
        ))}
        {rows.map((row, index) => {
          const x = PAD.left + index * slot + slot / 2;
          return (
            <g key={row.day}>
              <title>{t("chartDay", { date: label(row.day), updates: row.updates, edits: row.edits })}</title>
              <rect
                x={x - bar - 1}
                y={y(row.updates)}
                width={bar}
                height={y(0) - y(row.updates)}
                fill="var(--accent)"
                rx="2"
              />
              <rect x={x + 1} y={y(row.edits)} width={bar} height={y(0) - y(row.edits)} fill="var(--warn)" rx="2" />
              {index % 2 === rows.length % 2 || rows.length <= 7 ? (
                <text x={x} y={HEIGHT - 8} textAnchor="middle" fontSize="11" fill="var(--muted)">
                  {label(row.day)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <details className="text-sm">
        <summary className="cursor-pointer text-accent">{t("chartTable")}</summary>
        <table className="mt-2 w-full text-left">
          <thead>
            <tr className="text-muted">
              <th scope="col" className="py-1 font-medium">
                {t("date")}
              </th>
              <th scope="col" className="py-1 font-medium">
                {t("chartUpdates")}
              </th>
              <th scope="col" className="py-1 font-medium">
                {t("chartEdits")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.day} className="border-t border-border">
                <th scope="row" className="py-1 font-normal">
                  {label(row.day)}
                </th>
                <td className="py-1">{row.updates}</td>
                <td className="py-1">{row.edits}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
