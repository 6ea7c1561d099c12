/**
 * One episode being watched: turns player events into progress saves and tells the page when to resume and when
 * the episode is over.
 *
 * Saves: every `throttleMs` while playing, on pause, on seek, on the end, and on `flush()` (the page calls it when
 * it is hidden or left, with `keepalive` so the request outlives the page). A save is skipped when nothing moved.
 */
import type { PlayerEvent } from "./kodik";
import { isNearEnd } from "./near-end";
import type { ProgressRecord } from "./progress-queue";

/** Where saves go (a ProgressQueue). */
export interface ProgressSink {
  save(record: ProgressRecord, options: { keepalive?: boolean }): Promise<void>;
}

export interface WatchTarget {
  owner: number;
  titleId: string;
  episodeId: string;
  translationId: string | null;
}

export interface WatchSessionOptions {
  throttleMs?: number;
  now?: () => number;
  /** seconds to seek to once the player reports its duration (the saved position), or null */
  resumeAt?: number | null;
  onSeek?: (seconds: number) => void;
  /** the episode reached its end (the player said so, or the position passed the last second) */
  onEnded?: () => void;
  /** the position crossed the near-end rule for the first time */
  onNearEnd?: () => void;
}

export class WatchSession {
  position = 0;
  duration = 0;
  playing = false;
  private lastSaved: { position: number; at: number } | null = null;
  private resumeAt: number | null;
  private nearEnd = false;
  private ended = false;
  private readonly throttle: number;
  private readonly now: () => number;

  constructor(
    private readonly queue: ProgressSink | null,
    private target: WatchTarget | null,
    private readonly options: WatchSessionOptions = {},
  ) {
    this.throttle = options.throttleMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.resumeAt = options.resumeAt ?? null;
  }

  /** The viewer signed in or out, or chose another translation. */
  retarget(target: WatchTarget | null): void {
    const translationChanged = target?.translationId !== this.target?.translationId;
    this.target = target;
    if (translationChanged && this.position > 0) this.save(false, true);
  }

  handle(event: PlayerEvent): void {
    switch (event.type) {
      case "duration":
        this.duration = event.seconds;
        this.tryResume();
        break;
      case "time":
        this.position = event.seconds;
        this.playing = true;
        this.checkEnd();
        if (this.lastSaved === null || this.now() - this.lastSaved.at >= this.throttle) this.save();
        break;
      case "play":
        this.playing = true;
        this.tryResume();
        break;
      case "pause":
        this.playing = false;
        this.save();
        break;
      case "seek":
        this.position = event.seconds;
        this.resumeAt = null; // the viewer moved: never jump them back
        this.checkEnd();
        this.save();
        break;
      case "ended":
        this.playing = false;
        if (this.duration > 0) this.position = this.duration;
        this.save();
        this.finish();
        break;
      case "episode":
        break;
    }
  }

  /** Save now if anything changed since the last save (page hidden or left: `keepalive`). */
  flush(keepalive = false): void {
    this.save(keepalive);
  }

  private tryResume(): void {
    if (this.resumeAt === null || this.duration <= 0) return;
    const seconds = Math.min(this.resumeAt, this.duration);
    this.resumeAt = null;
    this.position = seconds;
    this.options.onSeek?.(seconds);
  }

  private checkEnd(): void {
    if (!this.nearEnd && isNearEnd(this.position, this.duration)) {
      this.nearEnd = true;
      this.options.onNearEnd?.();
    }
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.options.onEnded?.();
  }

  private save(keepalive = false, force = false): void {
    const target = this.target;
    if (target === null || this.queue === null || this.duration <= 0) return;
    const position = Math.min(this.position, this.duration);
    if (!force && this.lastSaved !== null && this.lastSaved.position === position) return;
    const at = this.now();
    this.lastSaved = { position, at };
    void this.queue.save(
      {
        owner: target.owner,
        titleId: target.titleId,
        episodeId: target.episodeId,
        translationId: target.translationId,
        position,
        duration: this.duration,
        at,
      },
      { keepalive },
    );
  }
}
