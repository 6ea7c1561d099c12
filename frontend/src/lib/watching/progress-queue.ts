/**
 * Progress saves that survive failures: a queue of the newest position per episode, kept in localStorage until the
 * server has it.
 *
 * - One pending record per episode, the newest wins: a save that fails is retried with backoff, and a newer position
 *   that arrives meanwhile replaces it (never the other way round).
 * - Offline (or signed out, or before the token is back after a reload) nothing is lost: the record waits in storage
 *   and is sent when the network returns (`online`), on the next save, or on the next visit.
 * - Records belong to the viewer who made them; another viewer signing in on the same browser never sends them.
 */
export interface ProgressRecord {
  owner: number;
  titleId: string;
  episodeId: string;
  position: number;
  duration: number;
  translationId: string | null;
  /** when the position was reached (ms since epoch); orders records of one episode */
  at: number;
}

/** ok: stored; retry: try again later (network, 5xx, 429, no token); drop: the server refuses it for good (4xx). */
export type SendResult = "ok" | "retry" | "drop";
export type Sender = (record: ProgressRecord, options: { keepalive: boolean }) => Promise<SendResult>;

export interface QueueStorage {
  load(): ProgressRecord[];
  save(records: ProgressRecord[]): void;
}

export interface QueueOptions {
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  online?: () => boolean;
  /** first retry delay (ms), doubled per failure up to `maxBackoffMs` */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** records older than this are dropped unsent (ms) */
  maxAgeMs?: number;
}

const STORAGE_KEY = "ani_progress_queue_v1";

export const localQueueStorage: QueueStorage = {
  load() {
    try {
      const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? parsed.filter(isRecord) : [];
    } catch {
      return [];
    }
  },
  save(records) {
    try {
      if (records.length === 0) globalThis.localStorage?.removeItem(STORAGE_KEY);
      else globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(records));
    } catch {
      // storage full or disabled: the queue still works for this page's lifetime
    }
  },
};

function isRecord(value: unknown): value is ProgressRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.owner === "number" &&
    typeof r.titleId === "string" &&
    typeof r.episodeId === "string" &&
    typeof r.position === "number" &&
    typeof r.duration === "number" &&
    (r.translationId === null || typeof r.translationId === "string") &&
    typeof r.at === "number"
  );
}

export class ProgressQueue {
  private readonly pending = new Map<string, ProgressRecord>();
  private readonly inflight = new Set<string>();
  private owner: number | null = null;
  private failures = 0;
  private timer: unknown = null;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly online: () => boolean;
  private readonly backoff: number;
  private readonly maxBackoff: number;
  private readonly maxAge: number;

  constructor(
    private readonly send: Sender,
    private readonly storage: QueueStorage = localQueueStorage,
    options: QueueOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.online = options.online ?? (() => (typeof navigator === "undefined" ? true : navigator.onLine !== false));
    this.backoff = options.backoffMs ?? 2_000;
    this.maxBackoff = options.maxBackoffMs ?? 60_000;
    this.maxAge = options.maxAgeMs ?? 14 * 24 * 3600_000;
    this.reload();
  }

  /** The signed-in viewer (null: nobody; records wait). Setting it sends what that viewer left unsent. */
  setOwner(owner: number | null): void {
    this.owner = owner;
    if (owner !== null) void this.flush();
  }

  /** Records waiting to be sent (all viewers), newest first. */
  snapshot(): ProgressRecord[] {
    return [...this.pending.values()].sort((a, b) => b.at - a.at);
  }

  /** Queue a position (replacing an older one of the same episode) and persist it. Does not send. */
  put(record: ProgressRecord): void {
    this.reload();
    const current = this.pending.get(record.episodeId);
    if (current && current.owner === record.owner && current.at > record.at) return;
    this.pending.set(record.episodeId, record);
    this.persist();
  }

  /** Queue and send now. */
  save(record: ProgressRecord, options: { keepalive?: boolean } = {}): Promise<void> {
    this.put(record);
    return this.flush(options);
  }

  /** Send every record of the current viewer that is not already on its way. */
  async flush(options: { keepalive?: boolean } = {}): Promise<void> {
    if (this.owner === null || !this.online()) return;
    const keepalive = options.keepalive ?? false;
    const due = [...this.pending.values()].filter(
      (record) => record.owner === this.owner && !this.inflight.has(record.episodeId),
    );
    await Promise.all(due.map((record) => this.sendOne(record, keepalive)));
  }

  dispose(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private async sendOne(record: ProgressRecord, keepalive: boolean): Promise<void> {
    this.inflight.add(record.episodeId);
    let result: SendResult;
    try {
      result = await this.send(record, { keepalive });
    } catch {
      result = "retry";
    } finally {
      this.inflight.delete(record.episodeId);
    }
    this.reload();
    const current = this.pending.get(record.episodeId);
    const newer = current !== undefined && current !== record && !sameRecord(current, record);
    if (result === "retry") {
      this.failures += 1;
      this.schedule();
      return;
    }
    this.failures = 0;
    // A newer position arrived while this one was on its way: keep it (and send it), whatever happened to this one.
    if (newer) {
      void this.flush({ keepalive });
      return;
    }
    this.pending.delete(record.episodeId);
    this.persist();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const delay = Math.min(this.maxBackoff, this.backoff * 2 ** Math.max(0, this.failures - 1));
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  /** Merge what other tabs stored (newest per episode wins) and drop records too old to matter. */
  private reload(): void {
    const oldest = this.now() - this.maxAge;
    for (const record of this.storage.load()) {
      const current = this.pending.get(record.episodeId);
      if (!current || record.at > current.at) this.pending.set(record.episodeId, record);
    }
    for (const [key, record] of this.pending) if (record.at < oldest) this.pending.delete(key);
  }

  private persist(): void {
    this.storage.save([...this.pending.values()]);
  }
}

function sameRecord(a: ProgressRecord, b: ProgressRecord): boolean {
  return a.owner === b.owner && a.at === b.at && a.position === b.position && a.translationId === b.translationId;
}
