/** The near-end rule, the same as write-api's: an episode counts as watched once 90 % of it has played. */
export const WATCHED_FRACTION = 0.9;

export function isNearEnd(positionSeconds: number, durationSeconds: number): boolean {
  return durationSeconds > 0 && positionSeconds >= WATCHED_FRACTION * durationSeconds;
}

/** `m:ss`, or `h:mm:ss` from an hour on. Negative and non-finite values read as 0. */
export function formatClock(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Where to resume: the saved position, unless the episode was (nearly) finished or barely started. */
export function resumePosition(positionSeconds: number, durationSeconds: number): number | null {
  if (!Number.isFinite(positionSeconds) || positionSeconds < 5) return null;
  if (isNearEnd(positionSeconds, durationSeconds)) return null;
  return positionSeconds;
}

/** 0..1 for a progress bar. */
export function playedFraction(positionSeconds: number, durationSeconds: number): number {
  if (!(durationSeconds > 0) || !Number.isFinite(positionSeconds)) return 0;
  return Math.min(1, Math.max(0, positionSeconds / durationSeconds));
}
