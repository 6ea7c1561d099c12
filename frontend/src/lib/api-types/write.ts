// Generated from services/write-api/openapi.json by frontend/scripts/gen-api.mjs (`make openapi`). Do not edit.
export interface paths {
    "/api/v1/admin/anime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Anime
         * @description Every anime (inactive included), most recently updated first.
         */
        get: operations["list_anime_api_v1_admin_anime_get"];
        put?: never;
        /**
         * Create Anime
         * @description Create an anime by hand (``source_name`` ``admin``); the slug is derived from the title unless given.
         */
        post: operations["create_anime_api_v1_admin_anime_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/anime/{anime_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Anime */
        get: operations["get_anime_api_v1_admin_anime__anime_id__get"];
        put?: never;
        post?: never;
        /**
         * Delete Anime
         * @description Delete the anime with its episodes and video sources.
         */
        delete: operations["delete_anime_api_v1_admin_anime__anime_id__delete"];
        options?: never;
        head?: never;
        /**
         * Update Anime
         * @description Apply the given fields that differ; each edited field an import writes is locked against imports.
         */
        patch: operations["update_anime_api_v1_admin_anime__anime_id__patch"];
        trace?: never;
    };
    "/api/v1/admin/anime/{anime_id}/episodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Episodes */
        get: operations["list_episodes_api_v1_admin_anime__anime_id__episodes_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/anime/{anime_id}/locks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Release Anime Locks
         * @description Let imports update these fields again.
         */
        delete: operations["release_anime_locks_api_v1_admin_anime__anime_id__locks_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Audit Logs
         * @description Admin changes, newest first.
         */
        get: operations["list_audit_logs_api_v1_admin_audit_logs_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dashboard
         * @description Counts over all rows; the five newest anime and episodes (``created_at`` with ``+00:00``, as before).
         */
        get: operations["dashboard_api_v1_admin_dashboard_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/episodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Episode
         * @description Add an episode; the fields given are locked against imports of the same ``source_episode_id``.
         */
        post: operations["create_episode_api_v1_admin_episodes_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/episodes/{episode_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete Episode
         * @description Delete the episode with its video sources.
         */
        delete: operations["delete_episode_api_v1_admin_episodes__episode_id__delete"];
        options?: never;
        head?: never;
        /** Update Episode */
        patch: operations["update_episode_api_v1_admin_episodes__episode_id__patch"];
        trace?: never;
    };
    "/api/v1/admin/episodes/{episode_id}/attach": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attach Episode
         * @description Move the episode to another anime (same anime: no-op).
         */
        post: operations["attach_episode_api_v1_admin_episodes__episode_id__attach_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/episodes/{episode_id}/detach": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Detach Episode
         * @description Deactivate the episode (``is_active`` is then locked against imports); already inactive: no-op.
         */
        post: operations["detach_episode_api_v1_admin_episodes__episode_id__detach_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/episodes/{episode_id}/locks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Release Episode Locks */
        delete: operations["release_episode_locks_api_v1_admin_episodes__episode_id__locks_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/episodes/{episode_id}/video": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Videos
         * @description Every video source of the episode (inactive included), highest priority first.
         */
        get: operations["list_videos_api_v1_admin_episodes__episode_id__video_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/read-models/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Request Rebuild
         * @description Queue a read-model rebuild; the projector runs it. Follow it with ``GET …/rebuild/{job_id}``.
         */
        post: operations["request_rebuild_api_v1_admin_read_models_rebuild_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/read-models/rebuild/{job_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get Rebuild Job
         * @description The job's status (``pending`` → ``running`` → ``succeeded``/``failed``) and progress (``done`` of ``total``).
         */
        get: operations["get_rebuild_job_api_v1_admin_read_models_rebuild__job_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/video": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create Video
         * @description Add a video source (``https:`` URLs only); the import-managed fields given are locked.
         */
        post: operations["create_video_api_v1_admin_video_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/video/{video_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete Video */
        delete: operations["delete_video_api_v1_admin_video__video_id__delete"];
        options?: never;
        head?: never;
        /** Update Video */
        patch: operations["update_video_api_v1_admin_video__video_id__patch"];
        trace?: never;
    };
    "/api/v1/admin/video/{video_id}/locks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Release Video Locks */
        delete: operations["release_video_locks_api_v1_admin_video__video_id__locks_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/video/{video_id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set Video State
         * @description Enable/disable the source and optionally set its priority (audited as ``video_source_state``).
         */
        post: operations["set_video_state_api_v1_admin_video__video_id__state_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/anime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Anime
         * @description Active titles, filtered, searched (trigram index) and sorted; the total is in ``X-Total-Count``.
         */
        get: operations["list_anime_api_v1_anime_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/anime/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get Anime */
        get: operations["get_anime_api_v1_anime__slug__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/anime/{slug}/episodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List Episodes
         * @description Active episodes with their active sources (priority descending), in two joined tables, one query.
         */
        get: operations["list_episodes_api_v1_anime__slug__episodes_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/internal/import/anime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import Anime */
        post: operations["import_anime_api_v1_internal_import_anime_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/internal/import/episodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import Episodes */
        post: operations["import_episodes_api_v1_internal_import_episodes_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/internal/import/titles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import Titles
         * @description Batch import (≤ 100 titles): each title in its own transaction; per-title status in ``results``.
         */
        post: operations["import_titles_api_v1_internal_import_titles_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/internal/import/video": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import Video */
        post: operations["import_video_api_v1_internal_import_video_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List History */
        get: operations["list_history_api_v1_me_history_get"];
        put?: never;
        post?: never;
        /** Clear History */
        delete: operations["clear_history_api_v1_me_history_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/history/{history_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete History Entry */
        delete: operations["delete_history_entry_api_v1_me_history__history_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/import-legacy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import Legacy
         * @description Import the browser's localStorage data once; invalid items are skipped, newer data is never overwritten.
         */
        post: operations["import_legacy_api_v1_me_import_legacy_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/library": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Library */
        get: operations["list_library_api_v1_me_library_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/library/{title_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Put Library Item */
        put: operations["put_library_item_api_v1_me_library__title_id__put"];
        post?: never;
        /** Delete Library Item */
        delete: operations["delete_library_item_api_v1_me_library__title_id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List Progress */
        get: operations["list_progress_api_v1_me_progress_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/progress/{episode_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Put Progress
         * @description Upsert the progress, touch (or add) the episode's history entry, and write the outbox: one transaction.
         */
        put: operations["put_progress_api_v1_me_progress__episode_id__put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers (no I/O) */
        get: operations["health_health_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: every dependency answers */
        get: operations["ready_ready_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** AdminAnimeCreate */
        AdminAnimeCreate: {
            /** Alternative Titles */
            alternative_titles?: string[] | null;
            /** Description */
            description?: string | null;
            /** Genres */
            genres?: string[] | null;
            /**
             * Is Active
             * @default true
             */
            is_active: boolean;
            /** Poster */
            poster?: string | null;
            /**
             * Slug
             * @description Derived from the title (transliterated) when omitted
             */
            slug?: string | null;
            status?: components["schemas"]["AnimeStatus"] | null;
            /** Title */
            title: string;
            /** Year */
            year?: number | null;
        };
        /** AdminAnimeDetailRead */
        AdminAnimeDetailRead: {
            /** Admin Modified */
            admin_modified: boolean;
            /** Alternative Titles */
            alternative_titles: string[] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string | null;
            /** Genres */
            genres: string[] | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /**
             * Locked Fields
             * @description Fields protected from imports (released with DELETE …/locks)
             */
            locked_fields: string[];
            /** Poster */
            poster: string | null;
            /** Slug */
            slug: string;
            /** Source Id */
            source_id: string;
            /** Source Name */
            source_name: string;
            status: components["schemas"]["AnimeStatus"] | null;
            /** Title */
            title: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Year */
            year: number | null;
        };
        /** AdminAnimeListItemRead */
        AdminAnimeListItemRead: {
            /** Admin Modified */
            admin_modified: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /** Locked Fields */
            locked_fields: string[];
            /** Slug */
            slug: string;
            /** Source Name */
            source_name: string;
            status: components["schemas"]["AnimeStatus"] | null;
            /** Title */
            title: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Year */
            year: number | null;
        };
        /** AdminAnimePageRead */
        AdminAnimePageRead: {
            /** Items */
            items: components["schemas"]["AdminAnimeListItemRead"][];
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
            /** Total */
            total: number;
            /** Total Pages */
            total_pages: number;
        };
        /** AdminAnimeUpdate */
        AdminAnimeUpdate: {
            /** Alternative Titles */
            alternative_titles?: string[] | null;
            /** Description */
            description?: string | null;
            /** Genres */
            genres?: string[] | null;
            /** Is Active */
            is_active?: boolean | null;
            /** Poster */
            poster?: string | null;
            /** Slug */
            slug?: string | null;
            status?: components["schemas"]["AnimeStatus"] | null;
            /** Title */
            title?: string | null;
            /** Year */
            year?: number | null;
        };
        /** AdminEpisodeCreate */
        AdminEpisodeCreate: {
            /**
             * Anime Id
             * Format: uuid
             */
            anime_id: string;
            /**
             * Is Active
             * @default true
             */
            is_active: boolean;
            /** Number */
            number: number;
            /** Season */
            season?: number | null;
            /** Source Episode Id */
            source_episode_id: string;
            /** Title */
            title?: string | null;
        };
        /** AdminEpisodeListRead */
        AdminEpisodeListRead: {
            /** Anime Title */
            anime_title: string;
            /** Items */
            items: components["schemas"]["AdminEpisodeRead"][];
            /** Total */
            total: number;
        };
        /** AdminEpisodeRead */
        AdminEpisodeRead: {
            /** Admin Modified */
            admin_modified: boolean;
            /**
             * Anime Id
             * Format: uuid
             */
            anime_id: string;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /** Locked Fields */
            locked_fields: string[];
            /** Number */
            number: number;
            /** Season */
            season: number | null;
            /** Source Episode Id */
            source_episode_id: string;
            /** Title */
            title: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** AdminEpisodeUpdate */
        AdminEpisodeUpdate: {
            /** Is Active */
            is_active?: boolean | null;
            /** Number */
            number?: number | null;
            /** Season */
            season?: number | null;
            /** Title */
            title?: string | null;
        };
        /** AdminVideoCreate */
        AdminVideoCreate: {
            /**
             * Episode Id
             * Format: uuid
             */
            episode_id: string;
            /**
             * Is Active
             * @default true
             */
            is_active: boolean;
            /**
             * Priority
             * @default 0
             */
            priority: number;
            /** Quality */
            quality?: string | null;
            /** Source Name */
            source_name: string;
            /** Translation Id */
            translation_id?: string | null;
            /** Translation Title */
            translation_title?: string | null;
            translation_type?: components["schemas"]["TranslationType"] | null;
            type: components["schemas"]["VideoType"];
            /** Url */
            url: string;
        };
        /** AdminVideoListRead */
        AdminVideoListRead: {
            /** Episode Number */
            episode_number: number;
            /** Items */
            items: components["schemas"]["AdminVideoRead"][];
            /** Total */
            total: number;
        };
        /** AdminVideoRead */
        AdminVideoRead: {
            /** Admin Modified */
            admin_modified: boolean;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /**
             * Episode Id
             * Format: uuid
             */
            episode_id: string;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /** Locked Fields */
            locked_fields: string[];
            /** Priority */
            priority: number;
            /** Quality */
            quality: string | null;
            /** Source Name */
            source_name: string;
            /** Translation Id */
            translation_id: string | null;
            /** Translation Title */
            translation_title: string | null;
            translation_type: components["schemas"]["TranslationType"] | null;
            type: components["schemas"]["VideoType"];
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Url */
            url: string;
        };
        /** AdminVideoUpdate */
        AdminVideoUpdate: {
            /** Is Active */
            is_active?: boolean | null;
            /** Priority */
            priority?: number | null;
            /** Quality */
            quality?: string | null;
            /** Source Name */
            source_name?: string | null;
            /** Translation Id */
            translation_id?: string | null;
            /** Translation Title */
            translation_title?: string | null;
            translation_type?: components["schemas"]["TranslationType"] | null;
            type?: components["schemas"]["VideoType"] | null;
            /** Url */
            url?: string | null;
        };
        /** AnimeDetailRead */
        AnimeDetailRead: {
            /** Alternative Titles */
            alternative_titles: string[] | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string | null;
            /** Genres */
            genres: string[] | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Poster */
            poster: string | null;
            /** Slug */
            slug: string;
            status: components["schemas"]["AnimeStatus"] | null;
            /** Title */
            title: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Year */
            year: number | null;
        };
        /**
         * AnimeImportLegacy
         * @description `POST /api/v1/internal/import/anime` (plus https-only posters).
         */
        AnimeImportLegacy: {
            /** Alternative Titles */
            alternative_titles?: string[] | null;
            /** Description */
            description?: string | null;
            /** Genres */
            genres?: string[] | null;
            /** Poster */
            poster?: string | null;
            /** Source Id */
            source_id: string;
            /** Source Name */
            source_name: string;
            status?: components["schemas"]["AnimeStatus"] | null;
            /** Title */
            title: string;
            /** Year */
            year?: number | null;
        };
        /** AnimeListItemRead */
        AnimeListItemRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Description */
            description: string | null;
            /** Genres */
            genres: string[] | null;
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Poster */
            poster: string | null;
            /** Slug */
            slug: string;
            status: components["schemas"]["AnimeStatus"] | null;
            /** Title */
            title: string;
            /** Year */
            year: number | null;
        };
        /**
         * AnimeStatus
         * @enum {string}
         */
        AnimeStatus: "ongoing" | "completed" | "upcoming";
        /** AttachEpisodeRequest */
        AttachEpisodeRequest: {
            /**
             * Anime Id
             * Format: uuid
             */
            anime_id: string;
        };
        /**
         * AuditAction
         * @enum {string}
         */
        AuditAction: "create" | "update" | "attach" | "detach" | "delete" | "unlock" | "rebuild";
        /** AuditLogPageRead */
        AuditLogPageRead: {
            /** Items */
            items: components["schemas"]["AuditLogRead"][];
            /** Page */
            page: number;
            /** Per Page */
            per_page: number;
            /** Total */
            total: number;
            /** Total Pages */
            total_pages: number;
        };
        /** AuditLogRead */
        AuditLogRead: {
            /** Action */
            action: string;
            /** Admin Email */
            admin_email: string | null;
            /** Admin Id */
            admin_id: number;
            /**
             * Changes
             * @description Updates: {field: {old, new}}; create/delete: the values
             */
            changes: {
                [key: string]: unknown;
            } | null;
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Id */
            id: number;
            /** Resource Id */
            resource_id: string;
            /** Resource Type */
            resource_type: string;
        };
        /** ChangeCountsRead */
        ChangeCountsRead: {
            /** Created */
            created: number;
            /** Unchanged */
            unchanged: number;
            /** Updated */
            updated: number;
        };
        /** DashboardRead */
        DashboardRead: {
            /** Active Anime */
            active_anime: number;
            /** Inactive Anime */
            inactive_anime: number;
            /**
             * Pending Rebuild Jobs
             * @description Rebuild jobs pending or running (additive)
             */
            pending_rebuild_jobs: number;
            /** Recent Anime */
            recent_anime: components["schemas"]["RecentAnimeRead"][];
            /**
             * Recent Changes
             * @description The five latest audit entries (additive)
             */
            recent_changes: components["schemas"]["AuditLogRead"][];
            /** Recent Episodes */
            recent_episodes: components["schemas"]["RecentEpisodeRead"][];
            /** Total Anime */
            total_anime: number;
            /** Total Episodes */
            total_episodes: number;
            /** Total Video Sources */
            total_video_sources: number;
        };
        /** DetachEpisodeRequest */
        DetachEpisodeRequest: {
            /** Reason */
            reason?: string | null;
        };
        /** EpisodeImportItem */
        EpisodeImportItem: {
            /**
             * Is Available
             * @default true
             */
            is_available: boolean;
            /** Number */
            number: number;
            /** Season */
            season?: number | null;
            /** Source Episode Id */
            source_episode_id: string;
            /** Title */
            title?: string | null;
            /** Videos */
            videos?: components["schemas"]["VideoImportItem"][];
        };
        /** EpisodeImportLegacyItem */
        EpisodeImportLegacyItem: {
            /**
             * Is Available
             * @default true
             */
            is_available: boolean;
            /** Number */
            number: number;
            /** Season */
            season?: number | null;
            /** Source Episode Id */
            source_episode_id: string;
            /** Title */
            title?: string | null;
        };
        /**
         * EpisodesImportLegacy
         * @description `POST /api/v1/internal/import/episodes`; a duplicate ``source_episode_id`` is a 422 (docs/contract.md 24).
         */
        EpisodesImportLegacy: {
            /** Anime Source Id */
            anime_source_id: string;
            /** Episodes */
            episodes: components["schemas"]["EpisodeImportLegacyItem"][];
            /** Source Name */
            source_name: string;
        };
        /** EpisodesImportRead */
        EpisodesImportRead: {
            /** Errors */
            errors: string[];
            /** Imported */
            imported: number;
            /** Success */
            success: boolean;
            /** Total */
            total: number;
        };
        /** EpisodeWithSourcesRead */
        EpisodeWithSourcesRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Number */
            number: number;
            /** Season */
            season: number | null;
            /** Title */
            title: string | null;
            /** Video Sources */
            video_sources: components["schemas"]["VideoSourceRead"][];
        };
        /** HistoryAnimeRead */
        HistoryAnimeRead: {
            /** Poster */
            poster: string | null;
            /** Slug */
            slug: string;
            /** Title */
            title: string;
        };
        /** HistoryEpisodeRead */
        HistoryEpisodeRead: {
            /** Number */
            number: number;
            /** Season */
            season: number | null;
            /** Title */
            title: string | null;
        };
        /** HistoryRead */
        HistoryRead: {
            /** @description The catalog anime whose slug is `title_id` (active only). */
            anime: components["schemas"]["HistoryAnimeRead"] | null;
            /** @description The catalog episode whose id is `episode_id`. */
            episode: components["schemas"]["HistoryEpisodeRead"] | null;
            /** Episode Id */
            episode_id: string;
            /** Id */
            id: number;
            /** Position Seconds */
            position_seconds: number | null;
            /** Provider */
            provider: string;
            /** Title Id */
            title_id: string;
            /** User Id */
            user_id: number;
            /**
             * Watched At
             * Format: date-time
             */
            watched_at: string;
        };
        /** ImportMessageRead */
        ImportMessageRead: {
            /** Errors */
            errors?: string[] | null;
            /** Message */
            message: string;
            /** Success */
            success: boolean;
        };
        /** ImportTitlesRequest */
        ImportTitlesRequest: {
            /** Source Name */
            source_name: string;
            /** Titles */
            titles: components["schemas"]["TitleImportItem"][];
        };
        /** ImportTitlesResponse */
        ImportTitlesResponse: {
            /** Results */
            results: components["schemas"]["TitleImportResult"][];
        };
        /** LegacyImportRequest */
        LegacyImportRequest: {
            /** Progress */
            progress?: components["schemas"]["LegacyProgressItem"][];
            /**
             * Provider
             * @default rpc
             */
            provider: string;
            /** Savedseries */
            savedSeries?: components["schemas"]["LegacySavedItem"][];
        };
        /** LegacyImportResponse */
        LegacyImportResponse: {
            /** Library Imported */
            library_imported: number;
            /** Library Skipped */
            library_skipped: number;
            /** Message */
            message: string;
            /** Progress Imported */
            progress_imported: number;
            /** Progress Skipped */
            progress_skipped: number;
            /** Success */
            success: boolean;
        };
        /** LegacyProgressItem */
        LegacyProgressItem: {
            /** Animeid */
            animeId: string;
            /** Currenttime */
            currentTime: number;
            /** Duration */
            duration: number;
            /** Episodenumber */
            episodeNumber: number;
            /** Name */
            name?: string | null;
            /** Poster */
            poster?: string | null;
            /** Updatedat */
            updatedAt: number;
        };
        /** LegacySavedItem */
        LegacySavedItem: {
            /** Id */
            id: string;
            /** Name */
            name: string;
            /** Poster */
            poster: string;
            /** Savedat */
            savedAt: number;
        };
        /** LibraryItemRead */
        LibraryItemRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Episodes Watched */
            episodes_watched: number;
            /** Id */
            id: number;
            /** Is Favorite */
            is_favorite: boolean;
            /** Provider */
            provider: string;
            /** Score */
            score: number | null;
            status: components["schemas"]["LibraryStatus"];
            /** Title Id */
            title_id: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** User Id */
            user_id: number;
        };
        /**
         * LibraryStatus
         * @enum {string}
         */
        LibraryStatus: "watching" | "planned" | "completed" | "dropped" | "on_hold" | "rewatching";
        /**
         * LibraryUpdate
         * @description Only the fields given are applied; ``"score": null`` clears the score.
         */
        LibraryUpdate: {
            /** Episodes Watched */
            episodes_watched?: number | null;
            /** Is Favorite */
            is_favorite?: boolean | null;
            /** Score */
            score?: number | null;
            status?: components["schemas"]["LibraryStatus"] | null;
        };
        /** MessageRead */
        MessageRead: {
            /** Message */
            message: string;
        };
        /** ProgressRead */
        ProgressRead: {
            /** Duration Seconds */
            duration_seconds: number;
            /** Episode Id */
            episode_id: string;
            /** Id */
            id: number;
            /** Position Seconds */
            position_seconds: number;
            /** Provider */
            provider: string;
            /** Title Id */
            title_id: string;
            /**
             * Translation Id
             * @description The translation the viewer chose last for this episode.
             */
            translation_id: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** User Id */
            user_id: number;
            /**
             * Watched
             * @description Whether the episode was ever watched to its end (position ≥ 90 % of duration).
             */
            watched: boolean;
        };
        /** ProgressUpdate */
        ProgressUpdate: {
            /** Duration Seconds */
            duration_seconds: number;
            /** Position Seconds */
            position_seconds: number;
            /** Title Id */
            title_id: string;
            /**
             * Translation Id
             * @description The chosen translation; absent or null keeps the stored one.
             */
            translation_id?: string | null;
        };
        /** RebuildJobRead */
        RebuildJobRead: {
            /**
             * Created At
             * Format: date-time
             */
            created_at: string;
            /** Done */
            done: number;
            /** Error */
            error: string | null;
            /** Finished At */
            finished_at: string | null;
            /**
             * Job Id
             * Format: uuid
             */
            job_id: string;
            /** Requested By */
            requested_by: number | null;
            /**
             * Scope
             * @enum {string}
             */
            scope: "all" | "anime" | "user";
            /** Started At */
            started_at: string | null;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "running" | "succeeded" | "failed";
            /** Target */
            target: string | null;
            /** Total */
            total: number | null;
        };
        /** RebuildRequest */
        RebuildRequest: {
            /**
             * Scope
             * @default all
             * @enum {string}
             */
            scope: "all" | "anime" | "user";
            /**
             * Target
             * @description none for `all`; the slug for `anime`; `<user id>` or `<user id>:<provider>` for `user`
             */
            target?: string | null;
        };
        /** RebuildStartedRead */
        RebuildStartedRead: {
            /**
             * Job Id
             * Format: uuid
             */
            job_id: string;
            /**
             * Status
             * @enum {string}
             */
            status: "pending" | "running" | "succeeded" | "failed";
        };
        /** RecentAnimeRead */
        RecentAnimeRead: {
            /**
             * Created At
             * @description ISO 8601 with +00:00 (as the replaced system's dashboard)
             */
            created_at: string;
            /** Id */
            id: string;
            /** Title */
            title: string;
        };
        /** RecentEpisodeRead */
        RecentEpisodeRead: {
            /** Anime Id */
            anime_id: string;
            /** Created At */
            created_at: string;
            /** Id */
            id: string;
            /** Number */
            number: number;
        };
        /**
         * ResourceType
         * @enum {string}
         */
        ResourceType: "anime" | "episode" | "video_source" | "video_source_state" | "read_models";
        /** TitleImportItem */
        TitleImportItem: {
            /** Alternative Titles */
            alternative_titles?: string[] | null;
            /** Description */
            description?: string | null;
            /** Episodes */
            episodes?: components["schemas"]["EpisodeImportItem"][];
            /** Genres */
            genres?: string[] | null;
            /** Poster */
            poster?: string | null;
            /** Source Id */
            source_id: string;
            status?: components["schemas"]["AnimeStatus"] | null;
            /** Title */
            title: string;
            /** Year */
            year?: number | null;
        };
        /** TitleImportResult */
        TitleImportResult: {
            episodes: components["schemas"]["ChangeCountsRead"];
            /** Error */
            error: string | null;
            /** Slug */
            slug: string | null;
            /** Source Id */
            source_id: string;
            /**
             * Status
             * @enum {string}
             */
            status: "created" | "updated" | "unchanged" | "failed";
            videos: components["schemas"]["ChangeCountsRead"];
        };
        /**
         * TranslationType
         * @enum {string}
         */
        TranslationType: "voice" | "subtitles";
        /** VideoImportItem */
        VideoImportItem: {
            /**
             * Priority
             * @default 0
             */
            priority: number;
            /** Quality */
            quality?: string | null;
            /** Source Name */
            source_name: string;
            /** Translation Id */
            translation_id?: string | null;
            /** Translation Title */
            translation_title?: string | null;
            translation_type?: components["schemas"]["TranslationType"] | null;
            type: components["schemas"]["VideoType"];
            /** Url */
            url: string;
        };
        /**
         * VideoImportLegacy
         * @description `POST /api/v1/internal/import/video`; ``anime_source_id`` (optional) removes the replaced system's ambiguity.
         */
        VideoImportLegacy: {
            /** Anime Source Id */
            anime_source_id?: string | null;
            player: components["schemas"]["VideoPlayerLegacy"];
            /** Source Episode Id */
            source_episode_id: string;
            /** Source Name */
            source_name: string;
        };
        /** VideoPlayerLegacy */
        VideoPlayerLegacy: {
            /**
             * Priority
             * @default 0
             */
            priority: number;
            /** Quality */
            quality?: string | null;
            /** Source Name */
            source_name: string;
            /** Translation Id */
            translation_id?: string | null;
            /** Translation Title */
            translation_title?: string | null;
            translation_type?: components["schemas"]["TranslationType"] | null;
            type: components["schemas"]["VideoType"];
            /** Url */
            url: string;
        };
        /** VideoSourceRead */
        VideoSourceRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Priority */
            priority: number;
            /** Quality */
            quality: string | null;
            /** Source Name */
            source_name: string;
            /** Translation Id */
            translation_id: string | null;
            /** Translation Title */
            translation_title: string | null;
            translation_type: components["schemas"]["TranslationType"] | null;
            type: components["schemas"]["VideoType"];
            /** Url */
            url: string;
        };
        /** VideoStateUpdate */
        VideoStateUpdate: {
            /** Is Active */
            is_active: boolean;
            /** Priority */
            priority?: number | null;
        };
        /**
         * VideoType
         * @enum {string}
         */
        VideoType: "iframe" | "embed" | "m3u8" | "mp4";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_anime_api_v1_admin_anime_get: {
        parameters: {
            query?: {
                is_active?: boolean | null;
                page?: number;
                per_page?: number;
                /** @description Substring of title or slug */
                search?: string | null;
                source_name?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAnimePageRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    create_anime_api_v1_admin_anime_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminAnimeCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAnimeDetailRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Conflict with an existing record (slug, source id, video source) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    get_anime_api_v1_admin_anime__anime_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                anime_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAnimeDetailRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    delete_anime_api_v1_admin_anime__anime_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                anime_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    update_anime_api_v1_admin_anime__anime_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                anime_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminAnimeUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAnimeDetailRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Conflict with an existing record (slug, source id, video source) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_episodes_api_v1_admin_anime__anime_id__episodes_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                anime_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminEpisodeListRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    release_anime_locks_api_v1_admin_anime__anime_id__locks_delete: {
        parameters: {
            query?: {
                /** @description Fields to release; all when omitted */
                fields?: ("title" | "alternative_titles" | "description" | "year" | "status" | "poster" | "genres")[] | null;
            };
            header?: never;
            path: {
                anime_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminAnimeDetailRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_audit_logs_api_v1_admin_audit_logs_get: {
        parameters: {
            query?: {
                action?: components["schemas"]["AuditAction"] | null;
                admin_id?: number | null;
                page?: number;
                per_page?: number;
                resource_id?: string | null;
                resource_type?: components["schemas"]["ResourceType"] | null;
                /** @description Inclusive lower bound of created_at */
                since?: string | null;
                /** @description Exclusive upper bound of created_at */
                until?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditLogPageRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    dashboard_api_v1_admin_dashboard_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DashboardRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    create_episode_api_v1_admin_episodes_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminEpisodeCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminEpisodeRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Conflict with an existing record (slug, source id, video source) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    delete_episode_api_v1_admin_episodes__episode_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                episode_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    update_episode_api_v1_admin_episodes__episode_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                episode_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminEpisodeUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminEpisodeRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Conflict with an existing record (slug, source id, video source) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    attach_episode_api_v1_admin_episodes__episode_id__attach_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                episode_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AttachEpisodeRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminEpisodeRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Conflict with an existing record (slug, source id, video source) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    detach_episode_api_v1_admin_episodes__episode_id__detach_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                episode_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DetachEpisodeRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminEpisodeRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    release_episode_locks_api_v1_admin_episodes__episode_id__locks_delete: {
        parameters: {
            query?: {
                /** @description Fields to release; all when omitted */
                fields?: ("number" | "season" | "title" | "is_active")[] | null;
            };
            header?: never;
            path: {
                episode_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminEpisodeRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_videos_api_v1_admin_episodes__episode_id__video_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                episode_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminVideoListRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    request_rebuild_api_v1_admin_read_models_rebuild_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RebuildRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RebuildStartedRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    get_rebuild_job_api_v1_admin_read_models_rebuild__job_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                job_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RebuildJobRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    create_video_api_v1_admin_video_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminVideoCreate"];
            };
        };
        responses: {
            /** @description Successful Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminVideoRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Conflict with an existing record (slug, source id, video source) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    delete_video_api_v1_admin_video__video_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                video_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    update_video_api_v1_admin_video__video_id__patch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                video_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdminVideoUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminVideoRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Conflict with an existing record (slug, source id, video source) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    release_video_locks_api_v1_admin_video__video_id__locks_delete: {
        parameters: {
            query?: {
                /** @description Fields to release; all when omitted */
                fields?: ("type" | "priority" | "translation_id" | "translation_title" | "translation_type" | "quality")[] | null;
            };
            header?: never;
            path: {
                video_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminVideoRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    set_video_state_api_v1_admin_video__video_id__state_post: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                video_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VideoStateUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminVideoRead"];
                };
            };
            /** @description Missing, invalid or expired admin token (`WWW-Authenticate: Bearer`) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Admin access required (a user token) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_anime_api_v1_anime_get: {
        parameters: {
            query?: {
                /** @description Case-insensitive */
                genre?: string | null;
                limit?: number;
                /** @description Search in titles and alternative titles */
                q?: string | null;
                skip?: number;
                sort?: "title" | "-year" | "-updated_at";
                status?: components["schemas"]["AnimeStatus"] | null;
                /** @description Exact year; 0 means no filter */
                year?: number | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    /** @description Matching titles */
                    "X-Total-Count"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnimeListItemRead"][];
                };
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    get_anime_api_v1_anime__slug__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnimeDetailRead"];
                };
            };
            /** @description Anime not found: <slug> */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_episodes_api_v1_anime__slug__episodes_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EpisodeWithSourcesRead"][];
                };
            };
            /** @description Anime not found: <slug> */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    import_anime_api_v1_internal_import_anime_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AnimeImportLegacy"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportMessageRead"];
                };
            };
            /** @description X-Internal-Token missing */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid internal token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    import_episodes_api_v1_internal_import_episodes_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EpisodesImportLegacy"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EpisodesImportRead"];
                };
            };
            /** @description X-Internal-Token missing */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid internal token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anime not found: <source_name>/<anime_source_id> */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    import_titles_api_v1_internal_import_titles_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ImportTitlesRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportTitlesResponse"];
                };
            };
            /** @description X-Internal-Token missing */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid internal token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    import_video_api_v1_internal_import_video_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VideoImportLegacy"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportMessageRead"];
                };
            };
            /** @description X-Internal-Token missing */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid internal token */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Episode not found: <source_name>/<source_episode_id> */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The episode id exists under several anime of the source: pass anime_source_id */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_history_api_v1_me_history_get: {
        parameters: {
            query?: {
                /** @description Only entries watched before this instant (paging). */
                before?: string | null;
                limit?: number;
                /** @description Data namespace (`^[a-z0-9_-]{1,32}$`); our frontend uses `rpc`. */
                provider?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryRead"][];
                };
            };
            /** @description Missing, malformed, expired or revoked access token (or an admin token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    clear_history_api_v1_me_history_delete: {
        parameters: {
            query?: {
                /** @description Data namespace (`^[a-z0-9_-]{1,32}$`); our frontend uses `rpc`. */
                provider?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageRead"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token (or an admin token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    delete_history_entry_api_v1_me_history__history_id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                history_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageRead"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token (or an admin token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description History entry not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    import_legacy_api_v1_me_import_legacy_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LegacyImportRequest"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegacyImportResponse"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token (or an admin token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data, or a new row past the user's cap (`Limit reached: …`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many writes of this user (`RATE_LIMIT_EXCEEDED`, `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_library_api_v1_me_library_get: {
        parameters: {
            query?: {
                favorites?: boolean;
                /** @description Data namespace (`^[a-z0-9_-]{1,32}$`); our frontend uses `rpc`. */
                provider?: string;
                status?: components["schemas"]["LibraryStatus"] | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LibraryItemRead"][];
                };
            };
            /** @description Missing, malformed, expired or revoked access token (or an admin token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    put_library_item_api_v1_me_library__title_id__put: {
        parameters: {
            query?: {
                /** @description Data namespace (`^[a-z0-9_-]{1,32}$`); our frontend uses `rpc`. */
                provider?: string;
            };
            header?: never;
            path: {
                title_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LibraryUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LibraryItemRead"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token (or an admin token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data, or a new row past the user's cap (`Limit reached: …`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many writes of this user (`RATE_LIMIT_EXCEEDED`, `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    delete_library_item_api_v1_me_library__title_id__delete: {
        parameters: {
            query?: {
                /** @description Data namespace (`^[a-z0-9_-]{1,32}$`); our frontend uses `rpc`. */
                provider?: string;
            };
            header?: never;
            path: {
                title_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageRead"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token (or an admin token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Library item not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data, or a new row past the user's cap (`Limit reached: …`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many writes of this user (`RATE_LIMIT_EXCEEDED`, `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_progress_api_v1_me_progress_get: {
        parameters: {
            query?: {
                /** @description Data namespace (`^[a-z0-9_-]{1,32}$`); our frontend uses `rpc`. */
                provider?: string;
                title_id?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgressRead"][];
                };
            };
            /** @description Missing, malformed, expired or revoked access token (or an admin token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    put_progress_api_v1_me_progress__episode_id__put: {
        parameters: {
            query?: {
                /** @description Data namespace (`^[a-z0-9_-]{1,32}$`); our frontend uses `rpc`. */
                provider?: string;
            };
            header?: never;
            path: {
                episode_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProgressUpdate"];
            };
        };
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgressRead"];
                };
            };
            /** @description Missing, malformed, expired or revoked access token (or an admin token) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid request data, or a new row past the user's cap (`Limit reached: …`) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Too many writes of this user (`RATE_LIMIT_EXCEEDED`, `Retry-After`) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    health_health_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    ready_ready_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description A dependency is unavailable */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
