"""Exchange a refresh token for a new access token and a new refresh token (rotation with reuse detection)."""

from __future__ import annotations

from dataclasses import dataclass

from ani_auth.application.context import AuthContext
from ani_auth.application.errors import InvalidRefreshTokenError
from ani_auth.application.results import LoginResult
from ani_auth.domain.principals import PrincipalType
from ani_auth.domain.sessions import ClientInfo, digest_refresh_token, new_refresh_token
from ani_common.logging import get_logger

__all__ = ["RefreshSession", "RefreshSessionHandler"]

_log = get_logger("ani_auth.security")


@dataclass(frozen=True, slots=True)
class RefreshSession:
    kind: PrincipalType
    refresh_token: str
    client: ClientInfo


class RefreshSessionHandler:
    def __init__(self, ctx: AuthContext) -> None:
        self._ctx = ctx

    async def __call__(self, command: RefreshSession) -> LoginResult:
        ctx = self._ctx
        digest = digest_refresh_token(command.refresh_token)
        now = ctx.clock.now()
        new_token, new_digest = new_refresh_token()
        async with ctx.uow() as uow:
            sessions = uow.sessions_of(command.kind)
            # Hot path, one statement: retire the presented token and insert its successor, only if the token is
            # usable and its owner active. Of two concurrent requests with one token exactly one gets a row back.
            rotation = await sessions.rotate(digest, new_digest, now, now + ctx.refresh_ttl, command.client)
            if rotation is not None:
                # Over the limit the transaction rolls back: the presented token stays valid.
                await ctx.throttle.hit(f"refresh-{command.kind.value}", str(rotation.family_id))
                email: str | None = None
                if command.kind is PrincipalType.ADMIN:
                    admin = await uow.admins.get(rotation.owner_id)
                    email = admin.email if admin is not None else None
                await uow.commit()
            else:
                state = await sessions.find(digest, now)
                if state is not None and state.is_reuse:
                    revoked = await sessions.revoke_family(state.family_id, now, "reuse_detected")
                    await uow.events.add(
                        "refresh_token_reuse",
                        command.kind,
                        state.owner_id,
                        now,
                        command.client,
                        {"family_id": str(state.family_id), "revoked": revoked},
                    )
                    await uow.commit()
                    _log.warning(
                        "Refresh token reuse detected; session family revoked",
                        security_event="refresh_token_reuse",
                        principal_kind=command.kind.value,
                        principal_id=state.owner_id,
                        family_id=str(state.family_id),
                        client_ip=command.client.ip,
                    )
                raise InvalidRefreshTokenError
        return LoginResult(
            principal_id=rotation.owner_id,
            access=ctx.tokens.issue(command.kind, rotation.owner_id, email=email),
            refresh_token=new_token,
            family_id=rotation.family_id,
        )
