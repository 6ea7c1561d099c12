"use client";

/**
 * One episode's video sources: add, edit (with locks), priority, enable/disable, delete, and a preview in the public
 * site's own player frame.
 */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { VideoFrame } from "@/components/player/video-frame";
import { fieldErrors } from "@/lib/admin-api/errors";
import type { VideoLockField, VideoSource } from "@/lib/admin-api/types";
import { TRANSLATION_TYPES, VIDEO_TYPES } from "@/lib/admin-api/types";
import { validateVideo, videoBody, type Problems, type VideoField, type VideoForm } from "@/lib/admin-api/validation";
import { ConfirmDialog } from "./confirm-dialog";
import { useEpisodeLabel } from "./episodes-section";
import { useAdminApi } from "./session-context";
import { useToast } from "./toasts";
import {
  Card,
  Field,
  LockIcon,
  LoadError,
  Loading,
  PageHeader,
  StateBadge,
  button,
  inputClass,
  useProblemText,
} from "./ui";
import { useErrorText, useLoad } from "./use-load";

type Dialog = { kind: "add" } | { kind: "edit"; video: VideoSource } | { kind: "delete"; video: VideoSource };

export function EpisodePage({ animeId, episodeId }: { animeId: string; episodeId: string }) {
  const t = useTranslations("videos");
  const e = useTranslations("episodes");
  const f = useTranslations("fields");
  const enums = useTranslations("enums");
  const api = useAdminApi();
  const toast = useToast();
  const errorText = useErrorText();
  const label = useEpisodeLabel();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const { data, error, reload } = useLoad(async () => {
    const [episodes, videos] = await Promise.all([api.listEpisodes(animeId), api.listVideos(episodeId)]);
    return { episodes, videos, episode: episodes.items.find((item) => item.id === episodeId) ?? null };
  }, [api, animeId, episodeId]);

  if (error) return <LoadError message={errorText(error)} onRetry={reload} />;
  if (!data) return <Loading />;
  const { episode, episodes } = data;
  const videos = [...data.videos.items].sort((a, b) => b.priority - a.priority);
  const name = (video: VideoSource) =>
    [video.translation_title ?? t("translationNone"), video.quality, video.source_name].filter(Boolean).join(" · ");

  async function act(video: VideoSource, action: () => Promise<unknown>, message: string) {
    setBusy(video.id);
    try {
      await action();
      toast.success(message);
      await reload();
    } catch (cause) {
      toast.error(errorText(cause));
    } finally {
      setBusy(null);
    }
  }

  const title = episode ? label(episode) : e("label", { number: data.videos.episode_number });

  return (
    <>
      <Link href={`/admin/anime/${animeId}`} className="mb-3 inline-block text-sm text-accent hover:underline">
        ← {e("back", { title: episodes.anime_title })}
      </Link>
      <PageHeader title={e("pageTitle", { episode: title, title: episodes.anime_title })}>
        <button type="button" className={button.primary} onClick={() => setDialog({ kind: "add" })}>
          + {t("add")}
        </button>
      </PageHeader>
      {!episode ? <p className="mb-4 text-sm text-danger">{e("notInTitle")}</p> : null}

      <Card title={t("title")}>
        {videos.length === 0 ? (
          <p className="text-sm text-muted">{t("none")}</p>
        ) : (
          <ul className="flex flex-col divide-y divide-border">
            {videos.map((video, index) => (
              <li key={video.id} className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0" data-testid="video-row">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-medium">{name(video)}</p>
                    <p className="text-sm text-muted">
                      {enums(`videoType.${video.type}`)} ·{" "}
                      {video.translation_type
                        ? enums(`translationType.${video.translation_type}`)
                        : enums("translationType.none")}{" "}
                      · {f("priority")}: <span className="tabular-nums">{video.priority}</span>
                    </p>
                    <p className="truncate text-xs text-muted" title={video.url}>
                      {video.url}
                    </p>
                    {video.locked_fields.length ? (
                      <p className="mt-1 inline-flex items-center gap-1 text-xs">
                        <LockIcon className="size-3.5" />
                        {video.locked_fields.map((field) => f(field as VideoField)).join(", ")}
                      </p>
                    ) : null}
                  </div>
                  <StateBadge active={video.is_active} />
                </div>
                <div className="flex flex-wrap gap-1.5">
                  <button
                    type="button"
                    className={button.small}
                    aria-expanded={preview === video.id}
                    onClick={() => setPreview(preview === video.id ? null : video.id)}
                  >
                    {preview === video.id ? t("hidePreview") : t("preview")}
                  </button>
                  <button
                    type="button"
                    className={button.small}
                    disabled={busy === video.id || index === 0}
                    aria-label={`${t("raise")}: ${name(video)}`}
                    onClick={() =>
                      void act(
                        video,
                        () => api.setVideoState(video.id, video.is_active, videos[index - 1]!.priority + 1),
                        t("priorityChanged", { priority: videos[index - 1]!.priority + 1 }),
                      )
                    }
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className={button.small}
                    disabled={busy === video.id || index === videos.length - 1}
                    aria-label={`${t("lower")}: ${name(video)}`}
                    onClick={() =>
                      void act(
                        video,
                        () => api.setVideoState(video.id, video.is_active, videos[index + 1]!.priority - 1),
                        t("priorityChanged", { priority: videos[index + 1]!.priority - 1 }),
                      )
                    }
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className={button.small}
                    disabled={busy === video.id}
                    aria-label={`${video.is_active ? t("disable") : t("enable")}: ${name(video)}`}
                    onClick={() =>
                      void act(
                        video,
                        () => api.setVideoState(video.id, !video.is_active),
                        video.is_active ? t("disabled") : t("enabled"),
                      )
                    }
                  >
                    {video.is_active ? t("disable") : t("enable")}
                  </button>
                  <button
                    type="button"
                    className={button.small}
                    onClick={() => setDialog({ kind: "edit", video })}
                    aria-label={`${t("edit")}: ${name(video)}`}
                  >
                    {t("edit")}
                  </button>
                  <button
                    type="button"
                    className={button.smallDanger}
                    onClick={() => setDialog({ kind: "delete", video })}
                    aria-label={`${t("delete")}: ${name(video)}`}
                  >
                    {t("delete")}
                  </button>
                </div>
                {preview === video.id ? (
                  <div className="max-w-3xl">
                    <VideoFrame
                      source={{ type: video.type, url: video.url }}
                      title={t("previewTitle", { name: name(video) })}
                    />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Card>

      {dialog?.kind === "add" || dialog?.kind === "edit" ? (
        <VideoDialog
          episodeId={episodeId}
          video={dialog.kind === "edit" ? dialog.video : null}
          onClose={() => setDialog(null)}
          onDone={async (message) => {
            toast.success(message);
            setDialog(null);
            await reload();
          }}
        />
      ) : null}
      {dialog?.kind === "delete" ? (
        <ConfirmDialog
          open
          title={t("deleteConfirm", { name: name(dialog.video) })}
          confirmLabel={t("delete")}
          busy={busy === dialog.video.id}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            void act(dialog.video, () => api.deleteVideo(dialog.video.id), t("deleted")).then(() => setDialog(null))
          }
        >
          <p>{t("deleteText")}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function formOf(video: VideoSource | null): VideoForm {
  return {
    type: video?.type ?? "iframe",
    url: video?.url ?? "",
    source_name: video?.source_name ?? "admin",
    priority: String(video?.priority ?? 0),
    quality: video?.quality ?? "",
    translation_id: video?.translation_id ?? "",
    translation_title: video?.translation_title ?? "",
    translation_type: video?.translation_type ?? "",
    is_active: video?.is_active ?? true,
  };
}

function VideoDialog({
  episodeId,
  video,
  onClose,
  onDone,
}: {
  episodeId: string;
  video: VideoSource | null;
  onClose: () => void;
  onDone: (message: string) => Promise<void>;
}) {
  const t = useTranslations("videos");
  const f = useTranslations("fields");
  const enums = useTranslations("enums");
  const locks = useTranslations("locks");
  const common = useTranslations("common");
  const api = useAdminApi();
  const toast = useToast();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const [current, setCurrent] = useState(video);
  const [form, setForm] = useState<VideoForm>(formOf(video));
  const [problems, setProblems] = useState<Problems<VideoField>>({});
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof VideoForm>(key: K, value: VideoForm[K]) => setForm((old) => ({ ...old, [key]: value }));
  const errorOf = (field: VideoField) => problemText(problems[field]) ?? apiErrors[field];
  const locked = new Set(current?.locked_fields ?? []);

  async function submit() {
    const found = validateVideo(form);
    setProblems(found);
    setApiErrors({});
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const body = videoBody(form, episodeId);
      if (video) {
        const { episode_id: _episode, ...changes } = body;
        void _episode;
        await api.updateVideo(video.id, changes);
        await onDone(t("saved"));
      } else {
        await api.createVideo(body);
        await onDone(t("added"));
      }
    } catch (cause) {
      setApiErrors(fieldErrors(cause));
      toast.error(errorText(cause));
      setBusy(false);
    }
  }

  async function release(field: VideoLockField) {
    if (!current) return;
    try {
      setCurrent(await api.releaseVideoLocks(current.id, [field]));
      toast.success(locks("released", { fields: f(field) }));
    } catch (cause) {
      toast.error(errorText(cause));
    }
  }
  const lockProps = (field: VideoLockField) =>
    locked.has(field)
      ? {
          locked: true,
          lockLabel: f("locked"),
          releaseLabel: locks("release", { field: f(field) }),
          onRelease: () => void release(field),
        }
      : {};

  return (
    <ConfirmDialog
      open
      tone="primary"
      title={video ? t("edit") : t("add")}
      confirmLabel={busy ? common("saving") : common("save")}
      busy={busy}
      onClose={onClose}
      onConfirm={() => void submit()}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={f("type")} error={errorOf("type")} {...lockProps("type")}>
          {(p) => (
            <select
              {...p}
              name="type"
              value={form.type}
              onChange={(e) => set("type", e.target.value as VideoForm["type"])}
              className={inputClass}
            >
              {VIDEO_TYPES.map((type) => (
                <option key={type} value={type}>
                  {enums(`videoType.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={f("priority")} hint={f("priorityHint")} error={errorOf("priority")} {...lockProps("priority")}>
          {(p) => (
            <input
              {...p}
              name="priority"
              inputMode="numeric"
              value={form.priority}
              onChange={(e) => set("priority", e.target.value)}
              className={inputClass}
            />
          )}
        </Field>
      </div>
      <Field label={f("url")} error={errorOf("url")}>
        {(p) => (
          <input
            {...p}
            name="url"
            type="url"
            value={form.url}
            onChange={(e) => set("url", e.target.value)}
            className={inputClass}
            spellCheck={false}
          />
        )}
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={f("source_name")} error={errorOf("source_name")}>
          {(p) => (
            <input
              {...p}
              name="source_name"
              value={form.source_name}
              onChange={(e) => set("source_name", e.target.value)}
              className={inputClass}
            />
          )}
        </Field>
        <Field label={f("quality")} error={errorOf("quality")} {...lockProps("quality")}>
          {(p) => (
            <input
              {...p}
              name="quality"
              value={form.quality}
              onChange={(e) => set("quality", e.target.value)}
              className={inputClass}
            />
          )}
        </Field>
        <Field label={f("translation_title")} error={errorOf("translation_title")} {...lockProps("translation_title")}>
          {(p) => (
            <input
              {...p}
              name="translation_title"
              value={form.translation_title}
              onChange={(e) => set("translation_title", e.target.value)}
              className={inputClass}
            />
          )}
        </Field>
        <Field label={f("translation_type")} error={errorOf("translation_type")} {...lockProps("translation_type")}>
          {(p) => (
            <select
              {...p}
              name="translation_type"
              value={form.translation_type}
              onChange={(e) => set("translation_type", e.target.value as VideoForm["translation_type"])}
              className={inputClass}
            >
              <option value="">{enums("translationType.none")}</option>
              {TRANSLATION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {enums(`translationType.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={f("translation_id")} error={errorOf("translation_id")} {...lockProps("translation_id")}>
          {(p) => (
            <input
              {...p}
              name="translation_id"
              value={form.translation_id}
              onChange={(e) => set("translation_id", e.target.value)}
              className={inputClass}
            />
          )}
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={form.is_active}
          onChange={(e) => set("is_active", e.target.checked)}
          className="size-4 accent-[var(--accent)]"
        />
        {f("is_active")}
      </label>
    </ConfirmDialog>
  );
}
