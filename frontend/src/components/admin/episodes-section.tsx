"use client";

/** A title's episodes: add, edit (with locks), move to another title, disable/enable, delete. */
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { fieldErrors } from "@/lib/admin-api/errors";
import type { AnimeDetail, AnimeListItem, Episode, EpisodeLockField } from "@/lib/admin-api/types";
import {
  episodeBody,
  validateAnimeId,
  validateEpisode,
  type EpisodeField,
  type EpisodeForm,
  type Problems,
} from "@/lib/admin-api/validation";
import { ConfirmDialog } from "./confirm-dialog";
import { useAdminApi } from "./session-context";
import { useToast } from "./toasts";
import { Card, Field, LockIcon, LoadError, Loading, StateBadge, button, inputClass, useProblemText } from "./ui";
import { useErrorText, useLoad } from "./use-load";

type Dialog =
  | { kind: "add" }
  | { kind: "edit"; episode: Episode }
  | { kind: "move"; episode: Episode }
  | { kind: "disable"; episode: Episode }
  | { kind: "delete"; episode: Episode };

export function useEpisodeLabel() {
  const t = useTranslations("episodes");
  return (episode: Pick<Episode, "number" | "season">) =>
    episode.season === null
      ? t("label", { number: episode.number })
      : episode.season === 0
        ? t("specials", { number: episode.number })
        : t("labelSeason", { season: episode.season, number: episode.number });
}

export function EpisodesSection({ anime }: { anime: AnimeDetail }) {
  const t = useTranslations("episodes");
  const f = useTranslations("fields");
  const common = useTranslations("common");
  const api = useAdminApi();
  const toast = useToast();
  const errorText = useErrorText();
  const label = useEpisodeLabel();
  const { data, error, reload } = useLoad(() => api.listEpisodes(anime.id), [api, anime.id]);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    try {
      toast.success(await action());
      setDialog(null);
      await reload();
    } catch (cause) {
      toast.error(errorText(cause));
      throw cause;
    } finally {
      setBusy(false);
    }
  }

  async function enable(episode: Episode) {
    await run(async () => {
      await api.updateEpisode(episode.id, { is_active: true });
      return t("enabled", { number: label(episode) });
    }).catch(() => undefined);
  }

  return (
    <Card
      title={t("title")}
      className="mt-6"
      actions={
        <button type="button" className={button.primary} onClick={() => setDialog({ kind: "add" })}>
          + {t("add")}
        </button>
      }
    >
      {error ? (
        <LoadError message={errorText(error)} onRetry={reload} />
      ) : !data ? (
        <Loading />
      ) : data.items.length === 0 ? (
        <p className="text-sm text-muted">{t("none")}</p>
      ) : (
        <>
          <p className="mb-2 text-sm text-muted">{t("count", { count: data.total })}</p>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <thead className="text-muted">
                <tr>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("columns.episode")}
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("columns.title")}
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("columns.state")}
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    {t("columns.locks")}
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    {t("columns.actions")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((episode) => (
                  <tr key={episode.id} className="border-t border-border align-top" data-testid="episode-row">
                    <td className="py-2 pr-3 font-medium whitespace-nowrap">
                      <Link
                        href={`/admin/anime/${anime.id}/episodes/${episode.id}`}
                        className="text-accent hover:underline"
                      >
                        {label(episode)}
                      </Link>
                    </td>
                    <td className="py-2 pr-3">{episode.title ?? "—"}</td>
                    <td className="py-2 pr-3">
                      <StateBadge active={episode.is_active} />
                    </td>
                    <td className="py-2 pr-3">
                      {episode.locked_fields.length ? (
                        <span className="inline-flex items-center gap-1">
                          <LockIcon className="size-3.5" />
                          {episode.locked_fields
                            .map((field) => f(field === "title" ? "episodeTitle" : (field as "number")))
                            .join(", ")}
                        </span>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="py-2">
                      <div className="flex flex-wrap gap-1.5">
                        <Link href={`/admin/anime/${anime.id}/episodes/${episode.id}`} className={button.small}>
                          {t("videos")}
                        </Link>
                        <button
                          type="button"
                          className={button.small}
                          onClick={() => setDialog({ kind: "edit", episode })}
                          aria-label={t("edit", { number: label(episode) })}
                        >
                          {common("edit")}
                        </button>
                        <button
                          type="button"
                          className={button.small}
                          onClick={() => setDialog({ kind: "move", episode })}
                          aria-label={t("moveTitle", { number: label(episode) })}
                        >
                          {t("move")}
                        </button>
                        {episode.is_active ? (
                          <button
                            type="button"
                            className={button.small}
                            onClick={() => setDialog({ kind: "disable", episode })}
                            aria-label={t("disableTitle", { number: label(episode) })}
                          >
                            {t("disable")}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className={button.small}
                            onClick={() => void enable(episode)}
                            disabled={busy}
                          >
                            {t("enable")}
                          </button>
                        )}
                        <button
                          type="button"
                          className={button.smallDanger}
                          onClick={() => setDialog({ kind: "delete", episode })}
                          aria-label={t("deleteConfirm", { number: label(episode) })}
                        >
                          {t("delete")}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {dialog?.kind === "add" || dialog?.kind === "edit" ? (
        <EpisodeDialog
          animeId={anime.id}
          episode={dialog.kind === "edit" ? dialog.episode : null}
          onClose={() => setDialog(null)}
          onDone={async (message) => {
            toast.success(message);
            setDialog(null);
            await reload();
          }}
        />
      ) : null}
      {dialog?.kind === "move" ? (
        <MoveDialog
          anime={anime}
          episode={dialog.episode}
          onClose={() => setDialog(null)}
          onDone={async (message) => {
            toast.success(message);
            setDialog(null);
            await reload();
          }}
        />
      ) : null}
      {dialog?.kind === "disable" ? (
        <DisableDialog
          episode={dialog.episode}
          busy={busy}
          onClose={() => setDialog(null)}
          onConfirm={(reason) =>
            void run(async () => {
              await api.detachEpisode(dialog.episode.id, reason || null);
              return t("disabled", { number: label(dialog.episode) });
            }).catch(() => undefined)
          }
        />
      ) : null}
      {dialog?.kind === "delete" ? (
        <ConfirmDialog
          open
          title={t("deleteConfirm", { number: label(dialog.episode) })}
          confirmLabel={t("delete")}
          busy={busy}
          onClose={() => setDialog(null)}
          onConfirm={() =>
            void run(async () => {
              await api.deleteEpisode(dialog.episode.id);
              return t("deleted", { number: label(dialog.episode) });
            }).catch(() => undefined)
          }
        >
          <p>{t("deleteText")}</p>
        </ConfirmDialog>
      ) : null}
    </Card>
  );
}

function EpisodeDialog({
  animeId,
  episode,
  onClose,
  onDone,
}: {
  animeId: string;
  episode: Episode | null;
  onClose: () => void;
  onDone: (message: string) => Promise<void>;
}) {
  const t = useTranslations("episodes");
  const f = useTranslations("fields");
  const locks = useTranslations("locks");
  const common = useTranslations("common");
  const api = useAdminApi();
  const toast = useToast();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const label = useEpisodeLabel();
  const [current, setCurrent] = useState(episode);
  const [form, setForm] = useState<EpisodeForm>({
    number: episode ? String(episode.number) : "",
    season: episode?.season === null || episode?.season === undefined ? "" : String(episode.season),
    title: episode?.title ?? "",
    source_episode_id: episode?.source_episode_id ?? `admin-${crypto.randomUUID().slice(0, 8)}`,
  });
  const [problems, setProblems] = useState<Problems<EpisodeField>>({});
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof EpisodeForm, value: string) => setForm((old) => ({ ...old, [key]: value }));
  const errorOf = (field: EpisodeField) => problemText(problems[field]) ?? apiErrors[field];
  const locked = new Set(current?.locked_fields ?? []);

  async function submit() {
    const found = validateEpisode(form, !episode);
    setProblems(found);
    setApiErrors({});
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const body = episodeBody(form, animeId);
      if (episode) {
        const saved = await api.updateEpisode(episode.id, {
          number: body.number,
          season: body.season,
          title: body.title,
        });
        await onDone(t("saved", { number: label(saved) }));
      } else {
        const created = await api.createEpisode(body);
        await onDone(t("added", { number: label(created) }));
      }
    } catch (cause) {
      setApiErrors(fieldErrors(cause));
      toast.error(errorText(cause));
      setBusy(false);
    }
  }

  async function release(field: EpisodeLockField) {
    if (!current) return;
    try {
      const updated = await api.releaseEpisodeLocks(current.id, [field]);
      setCurrent(updated);
      toast.success(
        locks("released", {
          fields: f(field === "title" ? "episodeTitle" : field === "is_active" ? "is_active" : field),
        }),
      );
    } catch (cause) {
      toast.error(errorText(cause));
    }
  }
  const lockProps = (field: EpisodeLockField, name: string) =>
    locked.has(field)
      ? {
          locked: true,
          lockLabel: f("locked"),
          releaseLabel: locks("release", { field: name }),
          onRelease: () => void release(field),
        }
      : {};

  return (
    <ConfirmDialog
      open
      tone="primary"
      title={episode ? t("edit", { number: label(episode) }) : t("add")}
      confirmLabel={busy ? common("saving") : common("save")}
      busy={busy}
      onClose={onClose}
      onConfirm={() => void submit()}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={f("number")} error={errorOf("number")} {...lockProps("number", f("number"))}>
          {(p) => (
            <input
              {...p}
              name="number"
              inputMode="numeric"
              value={form.number}
              onChange={(e) => set("number", e.target.value)}
              className={inputClass}
            />
          )}
        </Field>
        <Field
          label={f("season")}
          hint={f("seasonHint")}
          error={errorOf("season")}
          {...lockProps("season", f("season"))}
        >
          {(p) => (
            <input
              {...p}
              name="season"
              inputMode="numeric"
              value={form.season}
              onChange={(e) => set("season", e.target.value)}
              className={inputClass}
            />
          )}
        </Field>
      </div>
      <Field label={f("episodeTitle")} error={errorOf("title")} {...lockProps("title", f("episodeTitle"))}>
        {(p) => (
          <input
            {...p}
            name="title"
            value={form.title}
            onChange={(e) => set("title", e.target.value)}
            className={inputClass}
          />
        )}
      </Field>
      {!episode ? (
        <Field label={f("source_episode_id")} error={errorOf("source_episode_id")}>
          {(p) => (
            <input
              {...p}
              name="source_episode_id"
              value={form.source_episode_id}
              onChange={(e) => set("source_episode_id", e.target.value)}
              className={inputClass}
            />
          )}
        </Field>
      ) : locked.has("is_active") ? (
        <p className="inline-flex items-center gap-2 text-sm">
          <LockIcon className="size-3.5" /> {f("is_active")}: {f("locked")}
          <button type="button" className="text-accent underline" onClick={() => void release("is_active")}>
            {locks("release", { field: f("is_active") })}
          </button>
        </p>
      ) : null}
    </ConfirmDialog>
  );
}

function MoveDialog({
  anime,
  episode,
  onClose,
  onDone,
}: {
  anime: AnimeDetail;
  episode: Episode;
  onClose: () => void;
  onDone: (message: string) => Promise<void>;
}) {
  const t = useTranslations("episodes");
  const api = useAdminApi();
  const toast = useToast();
  const errorText = useErrorText();
  const problemText = useProblemText();
  const label = useEpisodeLabel();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<AnimeListItem[]>([]);
  const [target, setTarget] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const timer = setTimeout(() => {
      api
        .listAnime({ search: query.trim() || undefined, per_page: 10 })
        .then((page) => setResults(page.items.filter((item) => item.id !== anime.id)))
        .catch(() => setResults([]));
    }, 300);
    return () => clearTimeout(timer);
  }, [api, query, anime.id]);

  async function submit() {
    const found = validateAnimeId(target);
    setProblem(problemText(found ?? undefined));
    if (found) return;
    setBusy(true);
    try {
      await api.attachEpisode(episode.id, target);
      const title = results.find((item) => item.id === target)?.title ?? target;
      await onDone(t("moved", { number: label(episode), title }));
    } catch (cause) {
      setProblem(fieldErrors(cause).anime_id ?? errorText(cause));
      toast.error(errorText(cause));
      setBusy(false);
    }
  }

  return (
    <ConfirmDialog
      open
      tone="primary"
      title={t("moveTitle", { number: label(episode) })}
      confirmLabel={t("moveSubmit")}
      busy={busy}
      onClose={onClose}
      onConfirm={() => void submit()}
    >
      <Field label={t("moveSearch")}>
        {(p) => (
          <input {...p} type="search" value={query} onChange={(e) => setQuery(e.target.value)} className={inputClass} />
        )}
      </Field>
      <fieldset
        className="flex max-h-64 flex-col gap-1 overflow-y-auto"
        aria-describedby={problem ? "move-error" : undefined}
      >
        <legend className="mb-1 text-sm font-medium">{t("moveTarget")}</legend>
        {results.map((item) => (
          <label key={item.id} className="flex items-center gap-2 rounded-md px-2 py-1.5 hover:bg-surface-2">
            <input
              type="radio"
              name="target"
              value={item.id}
              checked={target === item.id}
              onChange={() => setTarget(item.id)}
              className="accent-[var(--accent)]"
            />
            <span>
              {item.title} <span className="text-muted">({item.year ?? "—"})</span>
            </span>
          </label>
        ))}
      </fieldset>
      {problem ? (
        <p id="move-error" className="text-sm text-danger">
          {problem}
        </p>
      ) : null}
    </ConfirmDialog>
  );
}

function DisableDialog({
  episode,
  busy,
  onClose,
  onConfirm,
}: {
  episode: Episode;
  busy: boolean;
  onClose: () => void;
  onConfirm: (reason: string) => void;
}) {
  const t = useTranslations("episodes");
  const label = useEpisodeLabel();
  const [reason, setReason] = useState("");
  return (
    <ConfirmDialog
      open
      title={t("disableTitle", { number: label(episode) })}
      confirmLabel={t("disable")}
      busy={busy}
      onClose={onClose}
      onConfirm={() => onConfirm(reason.trim())}
    >
      <p>{t("disableText")}</p>
      <Field label={t("reason")} error={reason.length > 1000 ? "≤ 1000" : undefined}>
        {(p) => (
          <textarea
            {...p}
            rows={2}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className={inputClass}
          />
        )}
      </Field>
    </ConfirmDialog>
  );
}
