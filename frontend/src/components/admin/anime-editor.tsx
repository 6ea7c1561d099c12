"use client";

/**
 * One title: every field, the locks that protect edited fields from imports (each releasable), the episodes, and
 * deletion with a confirmation that names what goes with it. Without `id`: the creation form.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { fieldErrors } from "@/lib/admin-api/errors";
import type { AnimeDetail, AnimeLockField, AnimeUpdate } from "@/lib/admin-api/types";
import { ANIME_LOCK_FIELDS, ANIME_STATUSES } from "@/lib/admin-api/types";
import {
  animeBody,
  animeChanges,
  validateAnime,
  type AnimeField,
  type AnimeForm,
  type Problems,
} from "@/lib/admin-api/validation";
import { ConfirmDialog } from "./confirm-dialog";
import { EpisodesSection } from "./episodes-section";
import { useDateText, useEnumText } from "./format";
import { useAdminApi } from "./session-context";
import { useToast } from "./toasts";
import { Card, Field, LockIcon, LoadError, Loading, PageHeader, button, inputClass, useProblemText } from "./ui";
import { useErrorText, useLoad } from "./use-load";

const EMPTY: AnimeForm = {
  title: "",
  slug: "",
  description: "",
  year: "",
  status: "",
  poster: "",
  genres: "",
  alternative_titles: "",
  is_active: true,
};

export function formOf(anime: AnimeDetail): AnimeForm {
  return {
    title: anime.title,
    slug: anime.slug,
    description: anime.description ?? "",
    year: anime.year === null ? "" : String(anime.year),
    status: anime.status ?? "",
    poster: anime.poster ?? "",
    genres: (anime.genres ?? []).join(", "),
    alternative_titles: (anime.alternative_titles ?? []).join("\n"),
    is_active: anime.is_active,
  };
}

export function AnimeEditor({ id }: { id?: string }) {
  const api = useAdminApi();
  const errorText = useErrorText();
  const { data, error, reload, setData } = useLoad(async () => (id ? api.getAnime(id) : null), [api, id]);
  if (!id) return <AnimeFormView anime={null} onSaved={() => undefined} />;
  if (error) return <LoadError message={errorText(error)} onRetry={reload} />;
  if (!data) return <Loading />;
  return <AnimeFormView key={data.updated_at + data.locked_fields.join()} anime={data} onSaved={setData} />;
}

function AnimeFormView({ anime, onSaved }: { anime: AnimeDetail | null; onSaved: (anime: AnimeDetail) => void }) {
  const t = useTranslations("editor");
  const f = useTranslations("fields");
  const locks = useTranslations("locks");
  const common = useTranslations("common");
  const v = useTranslations("validation");
  const words = useEnumText();
  const date = useDateText();
  const api = useAdminApi();
  const toast = useToast();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const router = useRouter();

  const initial = anime ? formOf(anime) : EMPTY;
  const [form, setForm] = useState<AnimeForm>(initial);
  const [problems, setProblems] = useState<Problems<AnimeField>>({});
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<null | { episodes: number | null; videos: number | null }>(null);
  const [deleteBusy, setDeleteBusy] = useState(false);

  const locked = new Set(anime?.locked_fields ?? []);
  const set = <K extends keyof AnimeForm>(key: K, value: AnimeForm[K]) => setForm((old) => ({ ...old, [key]: value }));
  const errorOf = (field: AnimeField) => problemText(problems[field]) ?? apiErrors[field];

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const found = validateAnime(form);
    setProblems(found);
    setApiErrors({});
    if (Object.keys(found).length) {
      toast.error(v("fix"));
      focusFirstError();
      return;
    }
    setSaving(true);
    try {
      if (!anime) {
        const created = await api.createAnime(animeBody(form));
        toast.success(t("created", { title: created.title }));
        router.push(`/admin/anime/${created.id}`);
        return;
      }
      const changes = animeChanges(initial, form) as AnimeUpdate;
      if (Object.keys(changes).length === 0) {
        toast.success(t("noChanges"));
        return;
      }
      const updated = await api.updateAnime(anime.id, changes);
      toast.success(t("saved"));
      onSaved(updated);
    } catch (cause) {
      const byField = fieldErrors(cause);
      setApiErrors(byField);
      toast.error(errorText(cause));
      if (Object.keys(byField).length) focusFirstError();
    } finally {
      setSaving(false);
    }
  }

  function focusFirstError() {
    requestAnimationFrame(() => {
      const first = document.querySelector<HTMLElement>("[aria-invalid=true]");
      first?.focus();
    });
  }

  async function release(fields?: AnimeLockField[]) {
    if (!anime) return;
    try {
      const updated = await api.releaseAnimeLocks(anime.id, fields);
      toast.success(fields ? locks("released", { fields: fields.map((x) => f(x)).join(", ") }) : locks("releasedAll"));
      onSaved(updated);
    } catch (cause) {
      toast.error(errorText(cause));
    }
  }

  async function askDelete() {
    if (!anime) return;
    setDeleting({ episodes: null, videos: null });
    try {
      const episodes = await api.listEpisodes(anime.id);
      const videos = await Promise.all(episodes.items.map((episode) => api.listVideos(episode.id)));
      setDeleting({ episodes: episodes.total, videos: videos.reduce((sum, list) => sum + list.total, 0) });
    } catch {
      setDeleting({ episodes: null, videos: null });
    }
  }

  async function confirmDelete() {
    if (!anime) return;
    setDeleteBusy(true);
    try {
      await api.deleteAnime(anime.id);
      toast.success(t("deleted", { title: anime.title }));
      router.push("/admin/anime");
    } catch (cause) {
      toast.error(errorText(cause));
      setDeleteBusy(false);
      setDeleting(null);
    }
  }

  const lockProps = (field: AnimeLockField) =>
    locked.has(field)
      ? {
          locked: true,
          lockLabel: f("locked"),
          releaseLabel: locks("release", { field: f(field) }),
          onRelease: () => void release([field]),
        }
      : {};

  return (
    <>
      <Link href="/admin/anime" className="mb-3 inline-block text-sm text-accent hover:underline">
        ← {t("back")}
      </Link>
      <PageHeader title={anime ? t("editTitle", { title: anime.title }) : t("newTitle")}>
        {anime?.is_active ? (
          <a href={`/anime/${anime.slug}`} className={button.secondary} target="_blank" rel="noopener">
            {common("openSite")} ↗
          </a>
        ) : null}
      </PageHeader>
      {anime ? (
        <p className="-mt-3 mb-5 text-sm text-muted">
          {t("meta", {
            source: words.source(anime.source_name),
            sourceId: anime.source_id,
            created: date(anime.created_at),
            updated: date(anime.updated_at),
          })}
        </p>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card title={t("details")}>
          <form onSubmit={submit} noValidate className="flex flex-col gap-4" aria-label={t("details")}>
            <Field label={f("title")} error={errorOf("title")} {...lockProps("title")}>
              {(p) => (
                <input
                  {...p}
                  name="title"
                  value={form.title}
                  onChange={(e) => set("title", e.target.value)}
                  required
                  maxLength={1000}
                  className={inputClass}
                />
              )}
            </Field>
            <Field label={f("slug")} hint={f("slugHint")} error={errorOf("slug")}>
              {(p) => (
                <input
                  {...p}
                  name="slug"
                  value={form.slug}
                  onChange={(e) => set("slug", e.target.value)}
                  maxLength={100}
                  className={inputClass}
                  spellCheck={false}
                />
              )}
            </Field>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label={f("year")} error={errorOf("year")} {...lockProps("year")}>
                {(p) => (
                  <input
                    {...p}
                    name="year"
                    inputMode="numeric"
                    value={form.year}
                    onChange={(e) => set("year", e.target.value)}
                    className={inputClass}
                  />
                )}
              </Field>
              <Field label={f("status")} error={errorOf("status")} {...lockProps("status")}>
                {(p) => (
                  <select
                    {...p}
                    name="status"
                    value={form.status}
                    onChange={(e) => set("status", e.target.value as AnimeForm["status"])}
                    className={inputClass}
                  >
                    <option value="">{words.status(null)}</option>
                    {ANIME_STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {words.status(status)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <Field
              label={f("alternative_titles")}
              hint={f("alternativeHint")}
              error={errorOf("alternative_titles")}
              {...lockProps("alternative_titles")}
            >
              {(p) => (
                <textarea
                  {...p}
                  name="alternative_titles"
                  rows={3}
                  value={form.alternative_titles}
                  onChange={(e) => set("alternative_titles", e.target.value)}
                  className={inputClass}
                />
              )}
            </Field>
            <Field label={f("genres")} hint={f("genresHint")} error={errorOf("genres")} {...lockProps("genres")}>
              {(p) => (
                <input
                  {...p}
                  name="genres"
                  value={form.genres}
                  onChange={(e) => set("genres", e.target.value)}
                  className={inputClass}
                />
              )}
            </Field>
            <Field label={f("poster")} error={errorOf("poster")} {...lockProps("poster")}>
              {(p) => (
                <input
                  {...p}
                  name="poster"
                  type="url"
                  value={form.poster}
                  onChange={(e) => set("poster", e.target.value)}
                  className={inputClass}
                  spellCheck={false}
                />
              )}
            </Field>
            <Field label={f("description")} error={errorOf("description")} {...lockProps("description")}>
              {(p) => (
                <textarea
                  {...p}
                  name="description"
                  rows={6}
                  value={form.description}
                  onChange={(e) => set("description", e.target.value)}
                  className={inputClass}
                />
              )}
            </Field>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="is_active"
                checked={form.is_active}
                onChange={(e) => set("is_active", e.target.checked)}
                className="size-4 accent-[var(--accent)]"
              />
              {f("is_active")}
            </label>
            <div className="flex flex-wrap gap-2">
              <button type="submit" className={button.primary} disabled={saving}>
                {saving ? common("saving") : anime ? common("save") : common("add")}
              </button>
            </div>
          </form>
        </Card>

        {anime ? (
          <div className="flex flex-col gap-6">
            <Card title={locks("title")}>
              <p className="mb-3 text-sm text-muted">{locks("intro")}</p>
              {anime.locked_fields.length === 0 ? (
                <p className="text-sm">{locks("none")}</p>
              ) : (
                <>
                  <ul className="mb-3 flex flex-col gap-2" aria-label={locks("title")}>
                    {ANIME_LOCK_FIELDS.filter((field) => locked.has(field)).map((field) => (
                      <li
                        key={field}
                        className="flex items-center justify-between gap-2 text-sm"
                        data-testid="locked-field"
                      >
                        <span className="inline-flex items-center gap-1.5">
                          <LockIcon className="size-3.5" />
                          {f(field)}
                        </span>
                        <button type="button" className={button.small} onClick={() => void release([field])}>
                          {locks("release", { field: f(field) })}
                        </button>
                      </li>
                    ))}
                  </ul>
                  <button type="button" className={button.secondary} onClick={() => void release()}>
                    {locks("releaseAll")}
                  </button>
                </>
              )}
            </Card>
            <Card title={t("danger")}>
              <button type="button" className={button.danger} onClick={() => void askDelete()}>
                {t("deleteTitle")}
              </button>
            </Card>
          </div>
        ) : null}
      </div>

      {anime ? <EpisodesSection anime={anime} /> : null}

      {anime ? (
        <ConfirmDialog
          open={deleting !== null}
          title={t("deleteConfirm", { title: anime.title })}
          confirmLabel={t("deleteTitle")}
          busy={deleteBusy}
          onConfirm={() => void confirmDelete()}
          onClose={() => setDeleting(null)}
        >
          <p>
            {deleting && deleting.episodes !== null && deleting.videos !== null
              ? t("deleteWhat", { episodes: deleting.episodes, videos: deleting.videos })
              : t("deleteCounting")}
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
