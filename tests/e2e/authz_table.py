"""The authorization matrix of issue 15 as ONE table: every route of every service x every principal -> the status.

``ROUTES`` lists every operation of the committed ``services/*/openapi.json`` (``test_authz_matrix.py`` fails when
one is missing or one is listed that the documents do not have). A route's *realm* says who may call it; the
expected status of each principal follows from the realm (:func:`expected`), with per-route exceptions in
``Route.overrides``. Cells are run through the gateway; the internal import API, which the gateway does not route,
is run twice: through the gateway (404 for everyone) and on write-api directly (``via="direct"``).

Principals (what each one sends; see ``test_authz_matrix.py`` for how they are made):

=================  =====================================================================================
anonymous          nothing
viewer_a           A's access token (``Authorization: Bearer``) and A's refresh cookie ``refresh_token``
viewer_b           the same for B (B targets A's resources: A's session id, A's history entry, A's title)
disabled_viewer    a viewer's token and refresh cookie, issued before ``ani-auth disable-user``
admin              an admin access token and its ``admin_refresh_token`` cookie
disabled_admin     the same, issued before ``PATCH /api/v1/admin/admins/{id} {"is_active": false}``
admin_as_viewer    the admin's access token and the admin's refresh token in the *viewer's* cookie
viewer_as_admin    viewer C's access token and C's refresh token in the *admin's* cookie (``admin_refresh_token``)
internal           ``X-Internal-Token`` with the stack's internal token
wrong_internal     ``X-Internal-Token`` with a wrong value
expired            an access token signed with auth's real key, otherwise valid, expired a minute ago
                   (A's on viewer routes, the admin's on admin routes)
unknown_key        an access token with valid claims (A's / the admin's) and auth's ``kid``, signed by another key
=================  =====================================================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

PRINCIPALS: tuple[str, ...] = (
    "anonymous",
    "viewer_a",
    "viewer_b",
    "disabled_viewer",
    "admin",
    "disabled_admin",
    "admin_as_viewer",
    "viewer_as_admin",
    "internal",
    "wrong_internal",
    "expired",
    "unknown_key",
)
#: Principals holding a live viewer access token (A, B, and C behind ``viewer_as_admin``).
LIVE_VIEWERS = frozenset({"viewer_a", "viewer_b", "viewer_as_admin"})
#: Principals holding a live admin access token.
LIVE_ADMINS = frozenset({"admin", "admin_as_viewer"})
#: Principals that are not A but hold a live viewer token: on A's resources they must get 404.
OTHER_VIEWERS = frozenset({"viewer_b", "viewer_as_admin"})


class Realm(StrEnum):
    #: anyone: the status does not depend on the caller
    PUBLIC = "public"
    #: a live viewer access token (``CurrentUser``)
    VIEWER = "viewer"
    #: a live admin access token (``CurrentAdmin``): a viewer token gets 403, anything else 401
    ADMIN = "admin"
    #: the viewer refresh cookie (``refresh_token``), nothing else
    VIEWER_COOKIE = "viewer-cookie"
    #: the admin refresh cookie (``admin_refresh_token``), nothing else
    ADMIN_COOKIE = "admin-cookie"
    #: write-api's internal import API: not routed by the gateway; on write-api, the internal token
    INTERNAL = "internal"
    #: not routed by the gateway at all (health and readiness probes)
    UNROUTED = "unrouted"


@dataclass(frozen=True)
class Route:
    service: str
    method: str
    path: str
    realm: Realm
    #: the status of an allowed call (a valid minimal request)
    ok: int = 200
    #: the path names viewer A's resource: the other viewers get 404 (and A's data must not change)
    owner: bool = False
    #: an allowed call ends the caller's session or tokens: run such cells with a fresh principal of the same kind
    consumes: bool = False
    #: an allowed call uses up the resource in the path: each such cell gets a fresh one
    fresh: bool = False
    #: per-principal exceptions to the realm's rule
    overrides: Mapping[str, int] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.service, self.method, self.path)


def expected(route: Route, principal: str, via: str = "gateway") -> int:
    """The one status ``principal`` must get from ``route`` (through the gateway, or on the service directly)."""
    if principal in route.overrides:
        return route.overrides[principal]
    realm = route.realm
    if realm is Realm.UNROUTED:
        return 404
    if realm is Realm.INTERNAL:
        if via == "gateway":
            return 404
        return {"internal": route.ok, "wrong_internal": 403}.get(principal, 401)
    if realm is Realm.PUBLIC:
        return route.ok
    if realm is Realm.VIEWER:
        if principal == "viewer_a":
            return route.ok
        if principal in OTHER_VIEWERS:
            return 404 if route.owner else route.ok
        return 401
    if realm is Realm.ADMIN:
        if principal in LIVE_ADMINS:
            return route.ok
        # a valid (or revoked: the signature is still auth's) viewer token on an admin route: "Admin access required"
        if principal in LIVE_VIEWERS or principal == "disabled_viewer":
            return 403
        return 401
    if realm is Realm.VIEWER_COOKIE:
        return route.ok if principal in {"viewer_a", "viewer_b"} else 401
    if realm is Realm.ADMIN_COOKIE:
        return route.ok if principal == "admin" else 401
    raise AssertionError(realm)


def is_allowed(status: int) -> bool:
    return 200 <= status < 300


A, W, R = "auth", "write-api", "read-api"
V, ADM = Realm.VIEWER, Realm.ADMIN
#: ``POST .../logout`` always succeeds (it only ends the session of the cookie it is given, if any).
_LOGOUT_ALWAYS = dict.fromkeys(PRINCIPALS, 200)

ROUTES: tuple[Route, ...] = (
    # ---------------------------------------------------------------- auth
    Route(A, "GET", "/health", Realm.UNROUTED),
    Route(A, "GET", "/ready", Realm.UNROUTED),
    Route(A, "GET", "/.well-known/jwks.json", Realm.PUBLIC),
    Route(A, "POST", "/api/v1/auth/register", Realm.PUBLIC, ok=201),
    Route(A, "POST", "/api/v1/auth/login", Realm.PUBLIC),
    Route(A, "POST", "/api/v1/auth/refresh", Realm.VIEWER_COOKIE, consumes=True),
    Route(A, "POST", "/api/v1/auth/logout", Realm.VIEWER_COOKIE, consumes=True, overrides=_LOGOUT_ALWAYS),
    Route(A, "GET", "/api/v1/auth/sessions", V),
    Route(A, "DELETE", "/api/v1/auth/sessions/{session_id}", V, owner=True),
    Route(A, "POST", "/api/v1/auth/logout-all", V, consumes=True),
    Route(A, "POST", "/api/v1/auth/password", V, consumes=True),
    Route(A, "GET", "/api/v1/users/me", V),
    Route(A, "POST", "/api/v1/admin/login", Realm.PUBLIC),
    Route(A, "GET", "/api/v1/admin/me", ADM),
    Route(A, "POST", "/api/v1/admin/refresh", Realm.ADMIN_COOKIE, consumes=True),
    Route(A, "POST", "/api/v1/admin/logout", Realm.ADMIN_COOKIE, consumes=True, overrides=_LOGOUT_ALWAYS),
    Route(A, "PUT", "/api/v1/admin/me/password", ADM, consumes=True),
    Route(A, "DELETE", "/api/v1/admin/me/sessions", ADM, consumes=True),
    Route(A, "GET", "/api/v1/admin/admins", ADM),
    Route(A, "PATCH", "/api/v1/admin/admins/{admin_id}", ADM),
    Route(A, "DELETE", "/api/v1/admin/admins/{admin_id}/sessions", ADM),
    # ---------------------------------------------------------------- write-api
    Route(W, "GET", "/health", Realm.UNROUTED),
    Route(W, "GET", "/ready", Realm.UNROUTED),
    Route(W, "GET", "/api/v1/anime", Realm.PUBLIC),
    Route(W, "GET", "/api/v1/anime/{slug}", Realm.PUBLIC),
    Route(W, "GET", "/api/v1/anime/{slug}/episodes", Realm.PUBLIC),
    Route(W, "POST", "/api/v1/internal/import/anime", Realm.INTERNAL),
    Route(W, "POST", "/api/v1/internal/import/episodes", Realm.INTERNAL),
    Route(W, "POST", "/api/v1/internal/import/titles", Realm.INTERNAL),
    Route(W, "POST", "/api/v1/internal/import/video", Realm.INTERNAL),
    Route(W, "GET", "/api/v1/me/library", V),
    Route(W, "PUT", "/api/v1/me/library/{title_id}", V),
    Route(W, "DELETE", "/api/v1/me/library/{title_id}", V, owner=True),
    Route(W, "GET", "/api/v1/me/progress", V),
    Route(W, "PUT", "/api/v1/me/progress/{episode_id}", V),
    Route(W, "GET", "/api/v1/me/history", V),
    Route(W, "DELETE", "/api/v1/me/history", V),
    Route(W, "DELETE", "/api/v1/me/history/{history_id}", V, owner=True),
    Route(W, "POST", "/api/v1/me/import-legacy", V),
    Route(W, "GET", "/api/v1/admin/dashboard", ADM),
    Route(W, "GET", "/api/v1/admin/anime", ADM),
    Route(W, "POST", "/api/v1/admin/anime", ADM, ok=201),
    Route(W, "GET", "/api/v1/admin/anime/{anime_id}", ADM),
    Route(W, "PATCH", "/api/v1/admin/anime/{anime_id}", ADM),
    Route(W, "DELETE", "/api/v1/admin/anime/{anime_id}", ADM, ok=204, fresh=True),
    Route(W, "GET", "/api/v1/admin/anime/{anime_id}/episodes", ADM),
    Route(W, "DELETE", "/api/v1/admin/anime/{anime_id}/locks", ADM),
    Route(W, "POST", "/api/v1/admin/episodes", ADM, ok=201),
    Route(W, "PATCH", "/api/v1/admin/episodes/{episode_id}", ADM),
    Route(W, "DELETE", "/api/v1/admin/episodes/{episode_id}", ADM, ok=204, fresh=True),
    Route(W, "POST", "/api/v1/admin/episodes/{episode_id}/attach", ADM, fresh=True),
    Route(W, "POST", "/api/v1/admin/episodes/{episode_id}/detach", ADM, fresh=True),
    Route(W, "DELETE", "/api/v1/admin/episodes/{episode_id}/locks", ADM),
    Route(W, "GET", "/api/v1/admin/episodes/{episode_id}/video", ADM),
    Route(W, "POST", "/api/v1/admin/video", ADM, ok=201),
    Route(W, "PATCH", "/api/v1/admin/video/{video_id}", ADM),
    Route(W, "DELETE", "/api/v1/admin/video/{video_id}", ADM, ok=204, fresh=True),
    Route(W, "DELETE", "/api/v1/admin/video/{video_id}/locks", ADM),
    Route(W, "POST", "/api/v1/admin/video/{video_id}/state", ADM),
    Route(W, "GET", "/api/v1/admin/audit-logs", ADM),
    Route(W, "POST", "/api/v1/admin/read-models/rebuild", ADM, ok=202),
    Route(W, "GET", "/api/v1/admin/read-models/rebuild/{job_id}", ADM),
    # ---------------------------------------------------------------- read-api
    Route(R, "GET", "/health", Realm.UNROUTED),
    Route(R, "GET", "/ready", Realm.UNROUTED),
    Route(R, "GET", "/api/read/anime", Realm.PUBLIC),
    Route(R, "GET", "/api/read/anime/{slug}", Realm.PUBLIC),
    Route(R, "GET", "/api/read/genres", Realm.PUBLIC),
    Route(R, "GET", "/api/read/me/library", V),
    Route(R, "GET", "/api/read/me/progress", V),
    Route(R, "GET", "/api/read/me/history/last", V),
    Route(R, "GET", "/api/read/me/continue", V),
    Route(R, "GET", "/api/read/me/titles/{title_id}", V),
)
