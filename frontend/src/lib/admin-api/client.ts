/**
 * The admin panel's only way to write-api's admin routes: openapi-fetch typed from services/write-api/openapi.json,
 * every request through the admin session (bearer token, one refresh and retry on 401). Each function is one route;
 * tests/unit/admin-routes.test.ts fails when a route of the OpenAPI document has no caller here.
 */
import createClient from "openapi-fetch";
import type { paths as AuthPaths } from "../api-types/auth";
import type { paths } from "../api-types/write";
import { ApiUnavailableError, errorFromResponse } from "../public-api/errors";
import type { AdminSession } from "./session";
import type {
  AnimeCreate,
  AnimeLockField,
  AnimeUpdate,
  AuditAction,
  EpisodeCreate,
  EpisodeLockField,
  EpisodeUpdate,
  RebuildScope,
  ResourceType,
  VideoCreate,
  VideoLockField,
  VideoUpdate,
} from "./types";

export interface AnimeQuery {
  page?: number;
  per_page?: number;
  search?: string;
  is_active?: boolean;
  source_name?: string;
}

export interface AuditQuery {
  page?: number;
  per_page?: number;
  admin_id?: number;
  resource_type?: ResourceType;
  resource_id?: string;
  action?: AuditAction;
  since?: string;
  until?: string;
}

/** openapi-fetch has already read the body of an error response: rebuild the envelope from its parsed `error`. */
function rebuild(result: { error?: unknown; response: Response }): Response {
  return new Response(JSON.stringify(result.error ?? null), {
    status: result.response.status,
    headers: result.response.headers,
  });
}

export function createAdminApi(session: AdminSession) {
  const api = createClient<paths>({ baseUrl: "", fetch: (request: Request) => session.fetch(request) });
  // auth's admin-account routes (the session's own routes — login, refresh, logout, me — live in session.ts).
  const authApi = createClient<AuthPaths>({ baseUrl: "", fetch: (request: Request) => session.fetch(request) });

  async function call<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
    const result = await promise.catch((cause: unknown) => {
      throw new ApiUnavailableError(cause instanceof Error ? cause.message : "request failed");
    });
    if (!result.response.ok) throw await errorFromResponse(rebuild(result));
    return result.data as T;
  }

  return {
    dashboard: () => call(api.GET("/api/v1/admin/dashboard")),

    listAnime: (query: AnimeQuery) => call(api.GET("/api/v1/admin/anime", { params: { query } })),
    createAnime: (body: AnimeCreate) => call(api.POST("/api/v1/admin/anime", { body })),
    getAnime: (id: string) => call(api.GET("/api/v1/admin/anime/{anime_id}", { params: { path: { anime_id: id } } })),
    updateAnime: (id: string, body: AnimeUpdate) =>
      call(api.PATCH("/api/v1/admin/anime/{anime_id}", { params: { path: { anime_id: id } }, body })),
    deleteAnime: (id: string) =>
      call(api.DELETE("/api/v1/admin/anime/{anime_id}", { params: { path: { anime_id: id } } })),
    releaseAnimeLocks: (id: string, fields?: AnimeLockField[]) =>
      call(
        api.DELETE("/api/v1/admin/anime/{anime_id}/locks", {
          params: { path: { anime_id: id }, query: fields ? { fields } : {} },
        }),
      ),
    listEpisodes: (animeId: string) =>
      call(api.GET("/api/v1/admin/anime/{anime_id}/episodes", { params: { path: { anime_id: animeId } } })),

    createEpisode: (body: EpisodeCreate) => call(api.POST("/api/v1/admin/episodes", { body })),
    updateEpisode: (id: string, body: EpisodeUpdate) =>
      call(api.PATCH("/api/v1/admin/episodes/{episode_id}", { params: { path: { episode_id: id } }, body })),
    deleteEpisode: (id: string) =>
      call(api.DELETE("/api/v1/admin/episodes/{episode_id}", { params: { path: { episode_id: id } } })),
    attachEpisode: (id: string, animeId: string) =>
      call(
        api.POST("/api/v1/admin/episodes/{episode_id}/attach", {
          params: { path: { episode_id: id } },
          body: { anime_id: animeId },
        }),
      ),
    detachEpisode: (id: string, reason: string | null) =>
      call(
        api.POST("/api/v1/admin/episodes/{episode_id}/detach", {
          params: { path: { episode_id: id } },
          body: { reason },
        }),
      ),
    releaseEpisodeLocks: (id: string, fields?: EpisodeLockField[]) =>
      call(
        api.DELETE("/api/v1/admin/episodes/{episode_id}/locks", {
          params: { path: { episode_id: id }, query: fields ? { fields } : {} },
        }),
      ),
    listVideos: (episodeId: string) =>
      call(api.GET("/api/v1/admin/episodes/{episode_id}/video", { params: { path: { episode_id: episodeId } } })),

    createVideo: (body: VideoCreate) => call(api.POST("/api/v1/admin/video", { body })),
    updateVideo: (id: string, body: VideoUpdate) =>
      call(api.PATCH("/api/v1/admin/video/{video_id}", { params: { path: { video_id: id } }, body })),
    deleteVideo: (id: string) =>
      call(api.DELETE("/api/v1/admin/video/{video_id}", { params: { path: { video_id: id } } })),
    setVideoState: (id: string, isActive: boolean, priority?: number) =>
      call(
        api.POST("/api/v1/admin/video/{video_id}/state", {
          params: { path: { video_id: id } },
          body: { is_active: isActive, priority: priority ?? null },
        }),
      ),
    releaseVideoLocks: (id: string, fields?: VideoLockField[]) =>
      call(
        api.DELETE("/api/v1/admin/video/{video_id}/locks", {
          params: { path: { video_id: id }, query: fields ? { fields } : {} },
        }),
      ),

    auditLogs: (query: AuditQuery) => call(api.GET("/api/v1/admin/audit-logs", { params: { query } })),

    startRebuild: (scope: RebuildScope, target: string | null) =>
      call(api.POST("/api/v1/admin/read-models/rebuild", { body: { scope, target } })),
    listAdmins: () => call(authApi.GET("/api/v1/admin/admins")),
    setAdminActive: (id: number, isActive: boolean) =>
      call(
        authApi.PATCH("/api/v1/admin/admins/{admin_id}", {
          params: { path: { admin_id: id } },
          body: { is_active: isActive },
        }),
      ),
    signOutAdmin: (id: number) =>
      call(authApi.DELETE("/api/v1/admin/admins/{admin_id}/sessions", { params: { path: { admin_id: id } } })),
    signOutMeEverywhere: () => call(authApi.DELETE("/api/v1/admin/me/sessions")),
    /** Changes the signed-in admin's password; the session continues with the token auth answers. */
    changeMyPassword: async (currentPassword: string, newPassword: string) => {
      const token = await call(
        authApi.PUT("/api/v1/admin/me/password", {
          body: { current_password: currentPassword, new_password: newPassword },
        }),
      );
      await session.acceptToken(token.access_token);
    },

    rebuildJob: (jobId: string) =>
      call(api.GET("/api/v1/admin/read-models/rebuild/{job_id}", { params: { path: { job_id: jobId } } })),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
