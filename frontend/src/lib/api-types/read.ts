// Generated from services/read-api/openapi.json by frontend/scripts/gen-api.mjs (`make openapi`). Do not edit.
export interface paths {
    "/api/read/anime": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Catalog page (filters, sort, paging) */
        get: operations["list_anime_api_read_anime_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/read/anime/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Anime detail with active episodes and sources */
        get: operations["get_anime_api_read_anime__slug__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/read/genres": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Genres of the active catalog with their number of titles, by name (the genre filter's facet) */
        get: operations["list_genres_api_read_genres_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/read/me/continue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's continue-watching row, newest first */
        get: operations["my_continue_api_read_me_continue_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/read/me/history/last": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's last history entry (null when there is none) */
        get: operations["my_last_history_api_read_me_history_last_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/read/me/library": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's library */
        get: operations["my_library_api_read_me_library_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/read/me/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's watch progress */
        get: operations["my_progress_api_read_me_progress_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/read/me/titles/{title_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's state of one title: library row, chosen translation, progress per episode */
        get: operations["my_title_api_read_me_titles__title_id__get"];
        put?: never;
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
        /** AnimeDetailRead */
        AnimeDetailRead: {
            /** Alternative Titles */
            alternative_titles: string[];
            /** Description */
            description: string | null;
            /** Episodes */
            episodes: components["schemas"]["EpisodeRead"][];
            /** Genres */
            genres: string[];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /**
             * Last Updated
             * Format: date-time
             */
            last_updated: string;
            /** Poster */
            poster: string | null;
            /** Slug */
            slug: string;
            /** Status */
            status: ("ongoing" | "completed" | "upcoming") | null;
            /** Title */
            title: string;
            /** Year */
            year: number | null;
        };
        /**
         * AnimeSummaryRead
         * @description The catalog's summary of a title, joined at read time.
         */
        AnimeSummaryRead: {
            /**
             * Episodes Total
             * @description Number of active episodes
             */
            episodes_total: number | null;
            /**
             * Latest Episode At
             * @description When the newest active episode was added
             */
            latest_episode_at: string | null;
            /** Poster */
            poster: string | null;
            /** Slug */
            slug: string;
            /** Title */
            title: string;
        };
        /** CatalogItemRead */
        CatalogItemRead: {
            /** Alternative Titles */
            alternative_titles: string[];
            /**
             * Episodes Total
             * @description Number of active episodes
             */
            episodes_total: number;
            /** Genres */
            genres: string[];
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
            /**
             * Last Updated
             * Format: date-time
             */
            last_updated: string;
            /**
             * Latest Episode At
             * @description When the newest active episode was added; null without
             */
            latest_episode_at: string | null;
            /** Poster */
            poster: string | null;
            /** Slug */
            slug: string;
            /** Status */
            status: ("ongoing" | "completed" | "upcoming") | null;
            /** Title */
            title: string;
            /** Year */
            year: number | null;
        };
        /**
         * CatalogSort
         * @enum {string}
         */
        CatalogSort: "title" | "-year" | "-updated_at";
        /** ContinueEpisodeRead */
        ContinueEpisodeRead: {
            /** Duration Seconds */
            duration_seconds: number;
            /** Id */
            id: string;
            /** Number */
            number: number | null;
            /** Position Seconds */
            position_seconds: number;
            /** Season */
            season: number | null;
            /** Watched */
            watched: boolean;
        };
        /** ContinueItemRead */
        ContinueItemRead: {
            anime: components["schemas"]["AnimeSummaryRead"] | null;
            /** @description The title's most recently updated progress row */
            episode: components["schemas"]["ContinueEpisodeRead"];
            /** @description The active episode after it in the title's order, or null */
            next: components["schemas"]["NextEpisodeRead"] | null;
            /** Provider */
            provider: string;
            /** Title Id */
            title_id: string;
            /** Translation Id */
            translation_id: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** EpisodeRead */
        EpisodeRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Number */
            number: number;
            /**
             * Season
             * @description 0 = specials; null when the provider gives no season
             */
            season: number | null;
            /** Title */
            title: string | null;
            /** Video Sources */
            video_sources: components["schemas"]["VideoSourceRead"][];
        };
        /** EpisodeRefRead */
        EpisodeRefRead: {
            /** Number */
            number: number;
            /** Season */
            season: number | null;
        };
        /** ErrorBody */
        ErrorBody: {
            error: components["schemas"]["ErrorDetail"];
        };
        /** ErrorDetail */
        ErrorDetail: {
            /** Code */
            code: string;
            /** Message */
            message: string;
            /** Trace Id */
            trace_id: string;
        };
        /** GenreCountRead */
        GenreCountRead: {
            /**
             * Count
             * @description Active catalog items with this genre (case-insensitive, like ?genre=)
             */
            count: number;
            /**
             * Name
             * @description The genre as the catalog items spell it
             */
            name: string;
        };
        /** HistoryLastRead */
        HistoryLastRead: {
            /** Episode Id */
            episode_id: string;
            /** History Id */
            history_id: number;
            /** Position Seconds */
            position_seconds: number | null;
            /** Provider */
            provider: string;
            /** Title Id */
            title_id: string;
            /**
             * Watched At
             * Format: date-time
             */
            watched_at: string;
        };
        /** LibraryEntryRead */
        LibraryEntryRead: {
            anime: components["schemas"]["AnimeSummaryRead"] | null;
            /** Episodes Watched */
            episodes_watched: number;
            /**
             * Has New Episodes
             * @description anime.latest_episode_at > last_watched_at and anime.episodes_total > episodes_watched
             */
            has_new_episodes: boolean;
            /** Is Favorite */
            is_favorite: boolean;
            /**
             * Last Watched At
             * @description Newest progress `updated_at` of the title, or null
             */
            last_watched_at: string | null;
            /** Provider */
            provider: string;
            /** Score */
            score: number | null;
            /** Status */
            status: string;
            /** Title Id */
            title_id: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** NextEpisodeRead */
        NextEpisodeRead: {
            /** Id */
            id: string;
            /** Number */
            number: number;
            /** Season */
            season: number | null;
        };
        /** ProgressEntryRead */
        ProgressEntryRead: {
            /** Duration Seconds */
            duration_seconds: number;
            /** Episode Id */
            episode_id: string;
            /** Position Seconds */
            position_seconds: number;
            /** Provider */
            provider: string;
            /** Title Id */
            title_id: string;
            /** Translation Id */
            translation_id: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Watched */
            watched: boolean;
        };
        /** TitleLibraryRead */
        TitleLibraryRead: {
            /** Episodes Watched */
            episodes_watched: number;
            /** Is Favorite */
            is_favorite: boolean;
            /** Score */
            score: number | null;
            /** Status */
            status: string;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
        };
        /** TitleProgressRead */
        TitleProgressRead: {
            /** Duration Seconds */
            duration_seconds: number;
            /** @description The catalog episode (at projection time), or null */
            episode: components["schemas"]["EpisodeRefRead"] | null;
            /** Episode Id */
            episode_id: string;
            /** Position Seconds */
            position_seconds: number;
            /** Provider */
            provider: string;
            /** Title Id */
            title_id: string;
            /** Translation Id */
            translation_id: string | null;
            /**
             * Updated At
             * Format: date-time
             */
            updated_at: string;
            /** Watched */
            watched: boolean;
        };
        /** TitleStateRead */
        TitleStateRead: {
            library: components["schemas"]["TitleLibraryRead"] | null;
            /**
             * Progress
             * @description One item per episode, `updated_at` DESC
             */
            progress: components["schemas"]["TitleProgressRead"][];
            /** Provider */
            provider: string;
            /** Title Id */
            title_id: string;
            /**
             * Translation Id
             * @description Translation of the most recently updated progress row with one
             */
            translation_id: string | null;
        };
        /** VideoSourceRead */
        VideoSourceRead: {
            /**
             * Id
             * Format: uuid
             */
            id: string;
            /** Is Active */
            is_active: boolean;
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
            /** Translation Type */
            translation_type: string | null;
            /** Type */
            type: string;
            /** Url */
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    list_anime_api_read_anime_get: {
        parameters: {
            query?: {
                /** @description Case-insensitive genre */
                genre?: string | null;
                limit?: number;
                /** @description Case-insensitive substring of title/alt titles */
                q?: string | null;
                skip?: number;
                sort?: components["schemas"]["CatalogSort"];
                status?: string | null;
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
                    /** @description Caching policy */
                    "Cache-Control"?: string;
                    /** @description Strong validator of the stored bytes */
                    ETag?: string;
                    "X-Total-Count"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CatalogItemRead"][];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Read model not projected */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Invalid query parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read-model store unavailable (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    get_anime_api_read_anime__slug__get: {
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
                    /** @description Caching policy */
                    "Cache-Control"?: string;
                    /** @description Strong validator of the stored bytes */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnimeDetailRead"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Read model not projected */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Invalid query parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read-model store unavailable (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    list_genres_api_read_genres_get: {
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
                    /** @description Caching policy */
                    "Cache-Control"?: string;
                    /** @description Strong validator of the stored bytes */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GenreCountRead"][];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Read model not projected */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read-model store unavailable (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    my_continue_api_read_me_continue_get: {
        parameters: {
            query?: {
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
                    /** @description Caching policy */
                    "Cache-Control"?: string;
                    /** @description Strong validator of the stored bytes */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContinueItemRead"][];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or non-user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Invalid query parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read-model store unavailable (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    my_last_history_api_read_me_history_last_get: {
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
                    /** @description Caching policy */
                    "Cache-Control"?: string;
                    /** @description Strong validator of the stored bytes */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryLastRead"] | null;
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or non-user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read model not projected */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Invalid query parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read-model store unavailable (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    my_library_api_read_me_library_get: {
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
                    /** @description Caching policy */
                    "Cache-Control"?: string;
                    /** @description Strong validator of the stored bytes */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LibraryEntryRead"][];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or non-user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read model not projected */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Invalid query parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read-model store unavailable (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    my_progress_api_read_me_progress_get: {
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
                    /** @description Caching policy */
                    "Cache-Control"?: string;
                    /** @description Strong validator of the stored bytes */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProgressEntryRead"][];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or non-user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read model not projected */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Invalid query parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read-model store unavailable (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
        };
    };
    my_title_api_read_me_titles__title_id__get: {
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
                    /** @description Caching policy */
                    "Cache-Control"?: string;
                    /** @description Strong validator of the stored bytes */
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TitleStateRead"];
                };
            };
            /** @description Not modified (If-None-Match matched the ETag) */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or non-user token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Invalid query parameter */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
            };
            /** @description Read-model store unavailable (Retry-After) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorBody"];
                };
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
