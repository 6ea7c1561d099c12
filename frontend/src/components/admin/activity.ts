/** Per-day counts for the dashboard's chart (pure, unit-tested). Days are calendar days in `timeZone`. */
export interface DayCount {
  day: string; // YYYY-MM-DD
  updates: number;
  edits: number;
}

export function dayKey(date: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

/** The last `days` calendar days ending today, oldest first, with the timestamps counted into them. */
export function countByDay(updates: string[], edits: string[], now: Date, timeZone: string, days = 14): DayCount[] {
  const keys: string[] = [];
  for (let i = days - 1; i >= 0; i--) keys.push(dayKey(new Date(now.getTime() - i * 86_400_000), timeZone));
  const rows = new Map(keys.map((day) => [day, { day, updates: 0, edits: 0 }]));
  for (const at of updates) {
    const row = rows.get(dayKey(new Date(at), timeZone));
    if (row) row.updates += 1;
  }
  for (const at of edits) {
    const row = rows.get(dayKey(new Date(at), timeZone));
    if (row) row.edits += 1;
  }
  return keys.map((day) => rows.get(day)!);
}

/** A round upper bound for the chart's axis: 1, 2, 5, 10, 20, 50… */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}
