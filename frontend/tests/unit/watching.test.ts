import { describe, expect, it, vi } from "vitest";
import { kodikCommand, originOf, parseKodikMessage } from "@/lib/watching/kodik";
import { formatClock, isNearEnd, resumePosition } from "@/lib/watching/near-end";
import { ProgressQueue, type ProgressRecord, type QueueStorage, type SendResult } from "@/lib/watching/progress-queue";
import { WatchSession } from "@/lib/watching/watch-session";
import { episodeHref, neighbours, parseEpisodeParams, pickSource } from "@/lib/watching/episodes";
import type { VideoSource } from "@/lib/public-api/types";

const frameWindow = { name: "player" };
const frame = { window: frameWindow, origin: "https://kodik.example" };
const message = (data: unknown, overrides: Partial<{ source: unknown; origin: string }> = {}) => ({
  source: frameWindow,
  origin: "https://kodik.example",
  data,
  ...overrides,
});

describe("Kodik messages", () => {
  it("reads every event the player sends", () => {
    expect(parseKodikMessage(message({ key: "kodik_player_time_update", value: 12 }), frame)).toEqual({
      type: "time",
      seconds: 12,
    });
    expect(parseKodikMessage(message({ key: "kodik_player_duration_update", value: 1440.5 }), frame)).toEqual({
      type: "duration",
      seconds: 1440.5,
    });
    expect(parseKodikMessage(message({ key: "kodik_player_play" }), frame)).toEqual({ type: "play" });
    expect(parseKodikMessage(message({ key: "kodik_player_pause" }), frame)).toEqual({ type: "pause" });
    expect(parseKodikMessage(message({ key: "kodik_player_seek", value: { time: 30 } }), frame)).toEqual({
      type: "seek",
      seconds: 30,
    });
    expect(parseKodikMessage(message({ key: "kodik_player_video_ended" }), frame)).toEqual({ type: "ended" });
    expect(
      parseKodikMessage(
        message({ key: "kodik_player_current_episode", value: { season: 2, episode: 5, translation: { id: 610 } } }),
        frame,
      ),
    ).toEqual({ type: "episode", season: 2, episode: 5, translation: "610" });
  });

  it("accepts messages only from the player frame's window and origin", () => {
    const data = { key: "kodik_player_time_update", value: 12 };
    expect(parseKodikMessage(message(data, { source: { name: "other frame" } }), frame)).toBeNull();
    expect(parseKodikMessage(message(data, { origin: "https://evil.example" }), frame)).toBeNull();
    expect(parseKodikMessage(message(data, { source: null }), { window: null, origin: frame.origin })).toBeNull();
  });

  it("ignores malformed values and unknown keys", () => {
    expect(parseKodikMessage(message({ key: "kodik_player_time_update", value: "x" }), frame)).toBeNull();
    expect(parseKodikMessage(message({ key: "kodik_player_time_update", value: -1 }), frame)).toBeNull();
    expect(parseKodikMessage(message({ key: "kodik_player_time_update", value: Infinity }), frame)).toBeNull();
    expect(parseKodikMessage(message({ key: "kodik_player_duration_update", value: 0 }), frame)).toBeNull();
    expect(parseKodikMessage(message({ key: "something_else" }), frame)).toBeNull();
    expect(parseKodikMessage(message("kodik_player_play"), frame)).toBeNull();
    expect(parseKodikMessage(message(null), frame)).toBeNull();
  });

  it("commands the player and knows a frame's origin", () => {
    expect(kodikCommand({ method: "seek", seconds: 42 })).toEqual({
      key: "kodik_player_api",
      value: { method: "seek", seconds: 42 },
    });
    expect(originOf("https://kodik.example/serial/1/abc/720p?x=1")).toBe("https://kodik.example");
    expect(originOf("javascript:alert(1)")).toBeNull();
    expect(originOf("not a url")).toBeNull();
  });
});

describe("near the end", () => {
  it("is 90 % of the duration", () => {
    expect(isNearEnd(17.9, 20)).toBe(false);
    expect(isNearEnd(18, 20)).toBe(true);
    expect(isNearEnd(5, 0)).toBe(false);
  });

  it("resumes only from a position worth resuming", () => {
    expect(resumePosition(2, 1400)).toBeNull();
    expect(resumePosition(600, 1400)).toBe(600);
    expect(resumePosition(1350, 1400)).toBeNull();
    expect(formatClock(65)).toBe("1:05");
    expect(formatClock(3725)).toBe("1:02:05");
    expect(formatClock(Number.NaN)).toBe("0:00");
  });
});

function memoryStorage(initial: ProgressRecord[] = []): QueueStorage & { records: ProgressRecord[] } {
  const store = {
    records: initial,
    load: () => structuredClone(store.records),
    save: (records: ProgressRecord[]) => {
      store.records = structuredClone(records);
    },
  };
  return store;
}

const record = (overrides: Partial<ProgressRecord> = {}): ProgressRecord => ({
  owner: 1,
  titleId: "naruto",
  episodeId: "ep-1",
  position: 10,
  duration: 20,
  translationId: "610",
  at: 1_000,
  ...overrides,
});

interface Timers {
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  pending: { callback: () => void; ms: number }[];
  runAll: () => void;
}

function fakeTimers(): Timers {
  const pending: { callback: () => void; ms: number }[] = [];
  return {
    pending,
    setTimer: (callback, ms) => {
      const entry = { callback, ms };
      pending.push(entry);
      return entry;
    },
    clearTimer: (handle) => {
      const index = pending.indexOf(handle as { callback: () => void; ms: number });
      if (index >= 0) pending.splice(index, 1);
    },
    runAll: () => {
      for (const entry of pending.splice(0)) entry.callback();
    },
  };
}

describe("the progress queue", () => {
  it("sends, and forgets what the server stored", async () => {
    const storage = memoryStorage();
    const send = vi.fn(async (): Promise<SendResult> => "ok");
    const queue = new ProgressQueue(send, storage, { now: () => 1_000 });
    queue.setOwner(1);
    await queue.save(record());
    expect(send).toHaveBeenCalledTimes(1);
    expect(storage.records).toEqual([]);
  });

  it("retries a failed save with backoff and keeps it stored until then", async () => {
    const storage = memoryStorage();
    const timers = fakeTimers();
    const results: SendResult[] = ["retry", "retry", "ok"];
    const send = vi.fn(async (): Promise<SendResult> => results.shift() ?? "ok");
    const queue = new ProgressQueue(send, storage, { now: () => 1_000, ...timers, backoffMs: 100 });
    queue.setOwner(1);
    await queue.save(record());
    expect(storage.records).toHaveLength(1);
    expect(timers.pending.map((timer) => timer.ms)).toEqual([100]);
    timers.runAll();
    await vi.waitFor(() => expect(timers.pending.map((timer) => timer.ms)).toEqual([200]));
    timers.runAll();
    await vi.waitFor(() => expect(storage.records).toEqual([]));
    expect(send).toHaveBeenCalledTimes(3);
  });

  it("never loses the newest position to an older one in flight", async () => {
    const storage = memoryStorage();
    let release: (result: SendResult) => void = () => undefined;
    const sent: number[] = [];
    const send = vi.fn((r: ProgressRecord) => {
      sent.push(r.position);
      return r.position === 10
        ? new Promise<SendResult>((resolve) => (release = resolve))
        : Promise.resolve("ok" as const);
    });
    const queue = new ProgressQueue(send, storage, { now: () => 1_000 });
    queue.setOwner(1);
    const first = queue.save(record({ position: 10, at: 1_000 }));
    queue.put(record({ position: 15, at: 2_000 }));
    release("ok");
    await first;
    await vi.waitFor(() => expect(sent).toEqual([10, 15]));
    await vi.waitFor(() => expect(storage.records).toEqual([]));
    // An older record never replaces a newer one.
    queue.put(record({ position: 19, at: 5_000 }));
    queue.put(record({ position: 3, at: 4_000 }));
    expect(queue.snapshot()[0]?.position).toBe(19);
  });

  it("waits while offline and sends when the network returns", async () => {
    const storage = memoryStorage();
    let online = false;
    const send = vi.fn(async (): Promise<SendResult> => "ok");
    const queue = new ProgressQueue(send, storage, { now: () => 1_000, online: () => online });
    queue.setOwner(1);
    await queue.save(record());
    expect(send).not.toHaveBeenCalled();
    expect(storage.records).toHaveLength(1);
    online = true;
    await queue.flush();
    expect(send).toHaveBeenCalledTimes(1);
    expect(storage.records).toEqual([]);
  });

  it("sends what an earlier page left, and only for its own viewer", async () => {
    const storage = memoryStorage([record({ owner: 1, episodeId: "a" }), record({ owner: 2, episodeId: "b" })]);
    const send = vi.fn<(record: ProgressRecord) => Promise<SendResult>>(async () => "ok");
    const queue = new ProgressQueue(send, storage, { now: () => 1_000 });
    queue.setOwner(2);
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(send.mock.calls[0]?.[0]).toMatchObject({ owner: 2, episodeId: "b" });
    await vi.waitFor(() => expect(storage.records.map((r) => r.episodeId)).toEqual(["a"]));
  });

  it("drops what the server refuses for good", async () => {
    const storage = memoryStorage();
    const send = vi.fn(async (): Promise<SendResult> => "drop");
    const queue = new ProgressQueue(send, storage, { now: () => 1_000 });
    queue.setOwner(1);
    await queue.save(record());
    expect(storage.records).toEqual([]);
  });
});

describe("a watch session", () => {
  function session(options: ConstructorParameters<typeof WatchSession>[2] = {}) {
    let now = 0;
    const saved: ProgressRecord[] = [];
    const keepalive: boolean[] = [];
    const queue = {
      save: (r: ProgressRecord, o: { keepalive?: boolean }) => {
        saved.push(r);
        keepalive.push(o.keepalive ?? false);
        return Promise.resolve();
      },
    };
    const target = { owner: 1, titleId: "naruto", episodeId: "ep-1", translationId: "610" };
    const watch = new WatchSession(queue, target, { now: () => now, throttleMs: 15_000, ...options });
    return { watch, saved, keepalive, tick: (ms: number) => (now += ms) };
  }

  it("throttles saves while playing and saves on pause and seek", () => {
    const { watch, saved, tick } = session();
    watch.handle({ type: "duration", seconds: 1400 });
    watch.handle({ type: "time", seconds: 1 });
    for (let second = 2; second <= 14; second += 1) {
      tick(1_000);
      watch.handle({ type: "time", seconds: second });
    }
    expect(saved.map((r) => r.position)).toEqual([1]);
    tick(2_000);
    watch.handle({ type: "time", seconds: 16 });
    expect(saved.map((r) => r.position)).toEqual([1, 16]);
    watch.handle({ type: "pause" });
    watch.handle({ type: "pause" }); // nothing moved: no second save
    watch.handle({ type: "seek", seconds: 300 });
    expect(saved.map((r) => r.position)).toEqual([1, 16, 300]);
  });

  it("flushes with keepalive when the page is hidden", () => {
    const { watch, saved, keepalive, tick } = session();
    watch.handle({ type: "duration", seconds: 1400 });
    watch.handle({ type: "time", seconds: 1 });
    tick(1_000);
    watch.handle({ type: "time", seconds: 7 });
    watch.flush(true);
    expect(saved.map((r) => r.position)).toEqual([1, 7]);
    expect(keepalive).toEqual([false, true]);
  });

  it("resumes at the saved position once the duration is known, but not after the viewer seeks", () => {
    const onSeek = vi.fn();
    const { watch } = session({ resumeAt: 600, onSeek });
    watch.handle({ type: "play" });
    expect(onSeek).not.toHaveBeenCalled();
    watch.handle({ type: "duration", seconds: 1400 });
    expect(onSeek).toHaveBeenCalledWith(600);
    watch.handle({ type: "duration", seconds: 1400 });
    expect(onSeek).toHaveBeenCalledTimes(1);

    const other = vi.fn();
    const { watch: moved } = session({ resumeAt: 600, onSeek: other });
    moved.handle({ type: "seek", seconds: 10 });
    moved.handle({ type: "duration", seconds: 1400 });
    expect(other).not.toHaveBeenCalled();
  });

  it("reports the near end once and the end, and saves the full duration at the end", () => {
    const onNearEnd = vi.fn();
    const onEnded = vi.fn();
    const { watch, saved } = session({ onNearEnd, onEnded });
    watch.handle({ type: "duration", seconds: 20 });
    watch.handle({ type: "time", seconds: 17 });
    expect(onNearEnd).not.toHaveBeenCalled();
    watch.handle({ type: "time", seconds: 18 });
    watch.handle({ type: "time", seconds: 19 });
    expect(onNearEnd).toHaveBeenCalledTimes(1);
    watch.handle({ type: "ended" });
    watch.handle({ type: "ended" });
    expect(onEnded).toHaveBeenCalledTimes(1);
    expect(saved.at(-1)?.position).toBe(20);
  });

  it("saves at once when the viewer picks another translation", () => {
    const { watch, saved } = session();
    watch.handle({ type: "duration", seconds: 1400 });
    watch.handle({ type: "time", seconds: 100 });
    watch.retarget({ owner: 1, titleId: "naruto", episodeId: "ep-1", translationId: "609" });
    expect(saved.map((r) => [r.position, r.translationId])).toEqual([
      [100, "610"],
      [100, "609"],
    ]);
  });

  it("saves nothing for a signed-out viewer", () => {
    const { watch, saved } = session();
    watch.retarget(null);
    watch.handle({ type: "duration", seconds: 1400 });
    watch.handle({ type: "time", seconds: 100 });
    watch.handle({ type: "pause" });
    expect(saved).toEqual([]);
  });
});

describe("episode addressing", () => {
  const episodes = [
    { id: "s0e1", number: 1, season: 0 },
    { id: "s2e1", number: 1, season: 2 },
    { id: "s1e2", number: 2, season: 1 },
    { id: "s1e1", number: 1, season: 1 },
  ];

  it("builds and parses player URLs", () => {
    expect(episodeHref("naruto", { season: 1, number: 3 })).toBe("/anime/naruto/season/1/episode/3");
    expect(episodeHref("naruto", { season: null, number: 3 })).toBe("/anime/naruto/episode/3");
    expect(episodeHref("a b", { season: 0, number: 1 }, { t: "610" })).toBe("/anime/a%20b/season/0/episode/1?t=610");
    expect(parseEpisodeParams("1", "3")).toEqual({ season: 1, number: 3 });
    expect(parseEpisodeParams(undefined, "3")).toEqual({ season: null, number: 3 });
    expect(parseEpisodeParams("01", "3")).toBeNull();
    expect(parseEpisodeParams("1", "-3")).toBeNull();
  });

  it("finds neighbours in watch order, specials last", () => {
    expect(neighbours(episodes, "s1e2")).toEqual({ previous: episodes[3], next: episodes[1] });
    expect(neighbours(episodes, "s2e1").next).toEqual(episodes[0]);
    expect(neighbours(episodes, "s1e1").previous).toBeNull();
    expect(neighbours(episodes, "s0e1").next).toBeNull();
  });

  it("picks the remembered translation when the episode has it", () => {
    const source = (id: string, translation: string | null): VideoSource =>
      ({
        id,
        type: "iframe",
        url: `https://p/${id}`,
        source_name: "kodik",
        priority: 0,
        translation_id: translation,
      }) as VideoSource;
    const sources = [source("a", "610"), source("b", "609")];
    expect(pickSource(sources, "609")?.id).toBe("b");
    expect(pickSource(sources, "999")?.id).toBe("a");
    expect(pickSource([], "609")).toBeNull();
  });
});
