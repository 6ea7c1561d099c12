from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from pathlib import Path
from typing import Any

from ani_parser.bootstrap import Container
from ani_parser.cli import EXIT_CUT_SHORT, EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, exit_code
from ani_parser.config import Settings
from ani_parser.fakes import FakeProviders, Fault, RecordingBackend, generated_catalog

IMPORTABLE = 63  # 62 titles on Shikimori + 1 whose metadata comes from Kodik; 1 Kodik entry has no Shikimori id

ContainerFactory = Callable[..., AbstractAsyncContextManager[Container]]  # the conftest fixture's type


def _state(settings: Settings) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(Path(settings.state_path).read_text())
    return loaded


async def test_full_run_with_faults_imports_everything_importable(
    make_container: ContainerFactory, fake: FakeProviders, backend: RecordingBackend, settings: Settings
) -> None:
    fake.faults = [
        Fault("429", 3, "/search"),
        Fault("5xx", 2, "/search"),
        Fault("malformed", 1, "/list"),
        Fault("5xx", 1, "/api/graphql"),
        Fault("error_body", 1, "/search"),  # one title's search fails for good → retried next run
    ]
    async with make_container() as container:
        summary = await container.import_catalog(mode="full")
    assert summary.fatal_error is None
    assert summary.cut_short is None
    assert summary.new == IMPORTABLE - 1
    assert summary.failed == 1
    assert summary.failed_reasons == {"kodik_search_failed": 1}
    assert summary.skipped_reasons == {"no_shikimori_id": 1}
    assert exit_code(summary) == EXIT_PARTIAL
    assert len(backend.titles) == IMPORTABLE - 1
    state = _state(settings)
    assert len(state["pending_ids"]) == 1
    assert state["last_updated_at"] is not None

    # the failed title is retried first by the next (incremental) run
    async with make_container() as container:
        again = await container.import_catalog(mode="incremental")
    assert again.new == 1
    assert again.failed == 0
    assert exit_code(again) == EXIT_OK
    assert len(backend.titles) == IMPORTABLE
    assert _state(settings)["pending_ids"] == []


async def test_payloads_reach_write_api_in_the_agreed_shape(
    make_container: ContainerFactory, backend: RecordingBackend
) -> None:
    async with make_container() as container:
        await container.import_catalog(mode="full")
    naruto = backend.titles["kodik-shikimori:20"]
    assert naruto["title"] == "Наруто"
    assert naruto["status"] == "completed"
    assert naruto["poster"].startswith("https://fake.test/")
    assert "[character" not in naruto["description"]
    episode = backend.episodes[("kodik-shikimori:20", "20:1:1")]
    assert episode == {
        "source_episode_id": "20:1:1",
        "number": 1,
        "season": 1,
        "title": "Enter: Naruto Uzumaki!",
        "is_available": True,
    }
    assert ("kodik-shikimori:20", "20:0:1") in backend.episodes  # specials
    videos = [v for k, v in backend.videos.items() if k[:2] == ("kodik-shikimori:20", "20:1:1")]
    assert {v["translation_type"] for v in videos} == {"voice", "subtitles"}
    assert all(v["type"] == "iframe" and v["url"].startswith("https://fake.test/seria/") for v in videos)
    movie = [k for k in backend.episodes if k[0] == "kodik-shikimori:199"]
    assert movie == [("kodik-shikimori:199", "199:1:1")]
    assert max(backend.batch_sizes) <= 50


async def test_rerun_of_an_unchanged_catalog_changes_nothing(
    make_container: ContainerFactory, fake: FakeProviders, backend: RecordingBackend
) -> None:
    async with make_container() as container:
        first = await container.import_catalog(mode="full")
        snapshot = (dict(backend.titles), dict(backend.episodes), dict(backend.videos))
        second = await container.import_catalog(mode="full")
    assert first.new == IMPORTABLE
    assert (second.new, second.changed, second.unchanged) == (0, 0, IMPORTABLE)
    assert second.episodes["created"] == 0
    assert second.videos["created"] == 0
    assert (dict(backend.titles), dict(backend.episodes), dict(backend.videos)) == snapshot
    assert fake.requests["/api/graphql"] == 4  # 63 ids → 2 batches per run


async def test_incremental_reads_only_what_changed(
    make_container: ContainerFactory, fake: FakeProviders, backend: RecordingBackend
) -> None:
    async with make_container() as container:
        await container.import_catalog(mode="full")
        searches = fake.requests["/search"]
        quiet = await container.import_catalog(mode="incremental")
        assert quiet.pages == 1
        assert quiet.new == quiet.changed == 0
        assert fake.requests["/search"] - searches <= 1  # only the item sitting exactly on the watermark

        titan = fake.catalog.by_id[16498]
        titan.updated_at += timedelta(days=30)
        titan.seasons[3] += 1  # a new episode came out
        fake.invalidate()
        searches = fake.requests["/search"]
        changed = await container.import_catalog(mode="incremental")
    assert changed.changed == 1
    assert changed.new == 0
    assert changed.episodes["created"] == 1
    assert ("kodik-shikimori:16498", "16498:3:7") in backend.episodes
    assert fake.requests["/search"] - searches <= 2  # the changed title + the one on the old watermark


async def test_dry_run_writes_nothing(
    make_container: ContainerFactory, backend: RecordingBackend, settings: Settings
) -> None:
    async with make_container() as container:
        summary = await container.import_catalog(mode="full", dry_run=True)
    assert summary.would_import == IMPORTABLE
    assert summary.new == 0
    assert backend.requests == 0
    assert not Path(settings.state_path).exists()
    naruto = next(t for t in summary.dry_run_titles if t["source_id"] == "20")
    assert naruto["episodes"] == 14
    assert naruto["videos"] > 14


async def test_one_failed_title_never_aborts_the_run(
    make_container: ContainerFactory, backend: RecordingBackend, settings: Settings
) -> None:
    backend.fail_ids = {"20", "1535"}
    async with make_container() as container:
        summary = await container.import_catalog(mode="full")
    assert summary.failed == 2
    assert summary.failed_reasons == {"backend_rejected_title": 2}
    assert summary.new == IMPORTABLE - 2
    assert sorted(_state(settings)["pending_ids"]) == [20, 1535]


class RejectingBackend(RecordingBackend):
    def validate(self, body: Any) -> str | None:
        if any(t.get("source_id") == "20" for t in body.get("titles", [])):
            return "rejected"
        return RecordingBackend.validate(self, body)


async def test_a_batch_rejected_as_a_whole_is_retried_title_by_title(
    fake: FakeProviders, settings: Settings, tmp_path: Path
) -> None:
    import httpx

    from ani_parser.bootstrap import Overrides, bootstrap
    from ani_parser.fakes import create_fake_providers_app, create_recording_backend_app

    backend = RejectingBackend(tokens=(settings.internal_token.get_secret_value(),))
    providers = create_fake_providers_app(fake)
    overrides = Overrides(
        kodik_transport=httpx.ASGITransport(app=providers),
        shikimori_transport=httpx.ASGITransport(app=providers),
        backend_transport=httpx.ASGITransport(app=create_recording_backend_app(backend)),
        disable_rate_limits=True,
    )
    async with bootstrap(settings, overrides) as container:
        summary = await container.import_catalog(mode="full")
    assert summary.failed_reasons == {"backend_rejected_payload": 1}
    assert summary.new == IMPORTABLE - 1


async def test_write_api_outage_stops_the_run_without_moving_the_watermark(
    make_container: ContainerFactory, fake: FakeProviders, backend: RecordingBackend, settings: Settings
) -> None:
    backend.outage = 10_000
    small = settings.model_copy(update={"batch_size": 5, "shikimori_batch_size": 5})
    async with make_container(small) as container:
        summary = await container.import_catalog(mode="full")
    assert summary.fatal_error == "write-api unavailable"
    assert exit_code(summary) == EXIT_FAILED
    # stopped spending provider quota after 3 failed batches (plus the one chunk already in flight)
    assert fake.requests["/search"] <= 20
    state = _state(settings)
    assert state["last_updated_at"] is None
    assert len(state["pending_ids"]) > 0


async def test_a_short_write_api_outage_is_retried_through(
    make_container: ContainerFactory, backend: RecordingBackend
) -> None:
    backend.outage = 2
    async with make_container() as container:
        summary = await container.import_catalog(mode="full")
    assert summary.new == IMPORTABLE
    assert summary.failed == 0


async def test_listing_failure_is_fatal_but_what_was_read_is_imported(
    make_container: ContainerFactory, fake: FakeProviders, settings: Settings
) -> None:
    fake.catalog = generated_catalog(80)
    fake.invalidate()
    fake.cursor_loop = True
    async with make_container() as container:
        summary = await container.import_catalog(mode="full")
    assert summary.fatal_error is not None
    assert "cursor loop" in summary.fatal_error
    assert exit_code(summary) == EXIT_FAILED
    read = {item["shikimori_id"] for item in fake.listing()[:200]}  # two pages came before the loop showed
    assert len(fake.listing()) > 200
    assert summary.new == len(read)
    assert _state(settings)["last_updated_at"] is None


async def test_max_pages_cuts_the_run_short(make_container: ContainerFactory, settings: Settings) -> None:
    async with make_container() as container:
        summary = await container.import_catalog(mode="full", max_pages=1)
    assert summary.cut_short == "max_pages"
    assert exit_code(summary) == EXIT_CUT_SHORT
    assert summary.pages == 1
    assert _state(settings)["last_updated_at"] is None


async def test_import_one(make_container: ContainerFactory, backend: RecordingBackend) -> None:
    async with make_container() as container:
        created = await container.import_one(20)
        again = await container.import_one(20)
        unknown = await container.import_one(424242)
    assert created.new == 1
    assert again.unchanged == 1
    assert unknown.skipped_reasons == {"no_playable_episodes": 1}
    assert list(backend.titles) == ["kodik-shikimori:20"]


async def test_requests_per_title_stay_near_one(make_container: ContainerFactory) -> None:
    async with make_container() as container:
        summary = await container.import_catalog(mode="full")
        attempts = container.http_attempts
    assert attempts["shikimori"] == 3  # 2 GraphQL batches + 1 REST look-up of the id Shikimori lacks
    assert attempts["write-api"] == 2
    total = sum(attempts.values())
    assert total / summary.new < 1.2
