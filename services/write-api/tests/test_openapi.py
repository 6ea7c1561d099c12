from __future__ import annotations

from pathlib import Path

from ani_write.openapi import openapi_document, render

SNAPSHOT = Path(__file__).resolve().parents[1] / "openapi.json"


def test_openapi_matches_the_committed_snapshot() -> None:
    # Regenerate with: uv run python -m ani_write.openapi > services/write-api/openapi.json
    assert render(openapi_document()).decode() == SNAPSHOT.read_text(encoding="utf-8")


def test_snapshot_documents_the_contract_routes() -> None:
    paths = openapi_document()["paths"]
    for path in (
        "/api/v1/me/library",
        "/api/v1/me/progress/{episode_id}",
        "/api/v1/me/history/{history_id}",
        "/api/v1/me/import-legacy",
        "/api/v1/anime",
        "/api/v1/anime/{slug}/episodes",
        "/api/v1/internal/import/titles",
        "/api/v1/internal/import/video",
    ):
        assert path in paths
