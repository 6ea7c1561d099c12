"""Baseline for the write benchmark: FastAPI + a plain asyncpg pool doing the single progress upsert.

No auth, no history, no outbox, no transaction block: the ceiling the write-api's full progress PUT is compared
with (``docs/performance.md`` row g4). Run: ``uvicorn bench.write_raw_upsert_app:app`` with ``DATABASE_URL`` set.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from fastapi import FastAPI
from fastapi.responses import Response
from pydantic import BaseModel

UPSERT = """
INSERT INTO user_progress AS p (user_id, provider, episode_id, title_id, position_seconds, duration_seconds)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (user_id, provider, episode_id) DO UPDATE SET
    title_id = EXCLUDED.title_id, position_seconds = EXCLUDED.position_seconds,
    duration_seconds = EXCLUDED.duration_seconds, updated_at = now()
RETURNING id, user_id, provider, title_id, episode_id, position_seconds, duration_seconds, updated_at
"""


class ProgressIn(BaseModel):
    user_id: int
    title_id: str
    position_seconds: float
    duration_seconds: float


pool: Any = None


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    global pool
    dsn = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://", 1)
    pool = await asyncpg.create_pool(dsn, min_size=2, max_size=int(os.environ.get("DB_POOL_SIZE", "10")))
    yield
    await pool.close()


app = FastAPI(lifespan=lifespan)


@app.put("/api/v1/me/progress/{episode_id}")
async def put_progress(episode_id: str, body: ProgressIn, provider: str = "rpc") -> Response:
    row = await pool.fetchrow(
        UPSERT, body.user_id, provider, episode_id, body.title_id, body.position_seconds, body.duration_seconds
    )
    payload = dict(row)
    payload["updated_at"] = payload["updated_at"].isoformat()
    return Response(orjson.dumps(payload), media_type="application/json")
