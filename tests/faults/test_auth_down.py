"""Auth down (both instances killed): write-api and read-api keep verifying already-issued tokens with the signing
keys they cached from auth's JWKS, so signed-in viewers keep saving and reading."""

from __future__ import annotations

import asyncio
from collections import Counter

from tests.faults.conftest import FaultStack
from tests.faults.helpers import client, eventually, progress_body, projected_positions, register, title_with_episodes

DOWN_SECONDS = 8.0


async def test_auth_down_tokens_still_verified(faults: FaultStack) -> None:
    viewers = [await register(faults.gateway_url) for _ in range(3)]
    async with client(faults.gateway_url) as gw:
        slug, episodes = await title_with_episodes(gw)
        # every write-api and read-api instance has verified a token (its JWKS cache is warm)
        for replica in (0, 1):
            async with (
                client(faults.instance_url("write-api", replica)) as write,
                client(faults.instance_url("read-api", replica)) as read,
            ):
                for viewer in viewers:
                    saved = await write.put(
                        f"/api/v1/me/progress/{episodes[0]}", json=progress_body(slug, 1.0), headers=viewer.headers
                    )
                    assert saved.status_code == 200, saved.text
                    assert (await read.get("/api/read/me/continue", headers=viewer.headers)).status_code == 200
        for name in ("auth-0", "auth-1"):
            faults.kill(name)
        writes: Counter[int] = Counter()
        reads: Counter[int] = Counter()
        logins: Counter[int] = Counter()
        last: dict[int, float] = {}
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + DOWN_SECONDS
            position = 1.0
            while loop.time() < deadline:
                position += 1.0
                for viewer in viewers:
                    body = progress_body(slug, position)
                    saved = await gw.put(f"/api/v1/me/progress/{episodes[0]}", json=body, headers=viewer.headers)
                    writes[saved.status_code] += 1
                    if saved.status_code == 200:
                        last[viewer.user_id] = position
                    title = await gw.get(f"/api/read/me/titles/{slug}", headers=viewer.headers)
                    reads[title.status_code] += 1
                logins[(await gw.post("/api/v1/auth/login", json={"email": "a@b.c", "password": "x"})).status_code] += 1
                await asyncio.sleep(0.2)
        finally:
            for name in ("auth-0", "auth-1"):
                faults.restart(name)
        print(f"\nauth down {DOWN_SECONDS:g}s: progress PUT {dict(writes)}, reads {dict(reads)}, logins {dict(logins)}")
        for viewer in viewers:
            await eventually(
                lambda v=viewer: projected_positions(faults.redis_url, v.user_id, slug),  # type: ignore[misc]
                lambda seen, v=viewer: seen.get(episodes[0], -1.0) >= last[v.user_id],  # type: ignore[misc]
                timeout=15,
                what="the saves made while auth was down projected",
            )
    assert set(writes) == {200}, writes
    assert set(reads) == {200}, reads
    assert sum(logins.values()) >= 1, "no login was tried while auth was down"
    assert all(status >= 500 for status in logins), logins  # auth itself is down: the gateway has no instance
