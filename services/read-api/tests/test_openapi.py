from __future__ import annotations

import orjson

from ani_read.openapi import SNAPSHOT, schema


def test_openapi_matches_the_committed_snapshot() -> None:
    committed = orjson.loads(SNAPSHOT.read_bytes())
    assert schema() == committed, "regenerate with: uv run python -m ani_read.openapi"


def test_openapi_documents_the_read_endpoints() -> None:
    paths = schema()["paths"]
    for path in (
        "/api/read/anime",
        "/api/read/anime/{slug}",
        "/api/read/genres",
        "/api/read/me/library",
        "/api/read/me/progress",
        "/api/read/me/history/last",
    ):
        assert "get" in paths[path]
    catalog = {parameter["name"] for parameter in paths["/api/read/anime"]["get"]["parameters"]}
    assert catalog == {"skip", "limit", "year", "status", "genre", "q", "sort"}
    assert "503" in paths["/api/read/anime/{slug}"]["get"]["responses"]
    assert "parameters" not in paths["/api/read/genres"]["get"]
    assert {"200", "304", "404", "503"} == set(paths["/api/read/genres"]["get"]["responses"])
    episode = schema()["components"]["schemas"]["EpisodeRead"]
    assert list(episode["properties"]) == ["id", "number", "season", "title", "video_sources"]
