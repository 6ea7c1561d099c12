"""``ani-parser``: the Shikimori + Kodik importer (one-shot or cron), and the fake provider servers.

Exit codes: 0 the run completed and every title was imported (or skipped for a stated reason); 1 the run
failed (listing error, write-api unavailable, bad configuration, unexpected error); 2 usage error; 3 the run
completed but some titles failed (they are retried first next run), or ``one`` could not import its title;
4 the run was cut short on purpose (``--max-pages`` before the end of the listing).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ani_common.logging import configure_logging, get_logger
from ani_parser.application.summary import RunSummary
from ani_parser.bootstrap import bootstrap
from ani_parser.config import Settings
from ani_parser.infrastructure.progress import TerminalProgress

__all__ = ["EXIT_CUT_SHORT", "EXIT_FAILED", "EXIT_OK", "EXIT_PARTIAL", "build_parser", "exit_code", "main"]

log = get_logger("ani_parser.cli")

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL, EXIT_CUT_SHORT = 0, 1, 3, 4


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ani-parser", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check-config", help="validate the configuration and print it (secrets masked)")

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--dry-run", action="store_true", help="fetch and map, print what would be imported, write nothing"
        )
        p.add_argument("--state", metavar="PATH", help="state file (default: STATE_PATH)")
        p.add_argument(
            "--summary-json", metavar="PATH", help="write the run summary here (default: <state>.summary.json)"
        )
        p.add_argument("--no-progress", action="store_true", help="no progress line even on a terminal")

    run = sub.add_parser("run", help="import the catalog")
    run.add_argument("--mode", choices=["full", "incremental"], required=True)
    run.add_argument("--max-pages", type=_positive, metavar="N", help="read at most N Kodik /list pages")
    common(run)
    one = sub.add_parser("one", help="import one title by Shikimori id")
    one.add_argument("--shikimori-id", type=_positive, required=True, metavar="N")
    common(one)

    fake = sub.add_parser("fake-providers", help="serve the fake Kodik + Shikimori providers (tests, make dev)")
    fake.add_argument("--host", default="127.0.0.1")
    fake.add_argument("--port", type=int, default=8090)
    fake.add_argument("--public-url", help="URL the fakes put in links (default: http://HOST:PORT)")
    fake.add_argument("--kodik-token", default=os.environ.get("KODIK_API_TOKEN", "fake-kodik-token"))
    fake.add_argument(
        "--catalog-size", type=_positive, help="serve a generated catalog of N titles instead of the demo"
    )
    fake.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="KIND:COUNT[:PATH]",
        help="inject a fault: 429, 5xx, malformed, error_body or timeout (repeatable)",
    )
    fake.add_argument("--slow", type=float, default=0.0, metavar="SECONDS", help="delay every response")
    fake.add_argument("--cursor-loop", action="store_true", help="/list keeps returning the same next cursor")
    return parser


def exit_code(summary: RunSummary) -> int:
    if summary.fatal_error is not None:
        return EXIT_FAILED
    if summary.cut_short is not None:
        return EXIT_CUT_SHORT
    if summary.failed:
        return EXIT_PARTIAL
    return EXIT_OK


def _write_json(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def _print_summary(summary: RunSummary) -> None:
    if summary.dry_run:
        for title in summary.dry_run_titles:
            print(
                f"would import {title['source_id']:>10}  {title['title']}  "
                f"({title['episodes']} episodes, {title['videos']} videos)"
            )
    data = summary.to_json()
    lines = [
        f"mode={data['mode']} dry_run={data['dry_run']} ok={data['ok']} "
        f"pages={data['pages']} listed={data['listed_items']}",
        f"new={data['new']} changed={data['changed']} unchanged={data['unchanged']} failed={data['failed']} "
        f"skipped={data['skipped']} would_import={data['would_import']}",
    ]
    if data["skipped_reasons"]:
        lines.append("skipped: " + ", ".join(f"{k}={v}" for k, v in sorted(data["skipped_reasons"].items())))
    if data["failed_reasons"]:
        lines.append("failed: " + ", ".join(f"{k}={v}" for k, v in sorted(data["failed_reasons"].items())))
    if data["cut_short"]:
        lines.append(f"cut short: {data['cut_short']}" + (f" ({data['fatal_error']})" if data["fatal_error"] else ""))
    print("\n".join(lines))


async def _run(args: argparse.Namespace, settings: Settings) -> RunSummary:
    progress = TerminalProgress() if not args.no_progress else None
    log.info(
        "import starting",
        command=args.command,
        mode=getattr(args, "mode", "one"),
        dry_run=args.dry_run,
        backend=settings.backend_base_url,
        kodik=settings.kodik_base_url,
        shikimori=settings.shikimori_base_url,
        concurrency=settings.concurrency,
    )
    async with bootstrap(settings, state_path=args.state, progress=progress) as container:
        if args.command == "one":
            return await container.import_one(args.shikimori_id, dry_run=args.dry_run)
        return await container.import_catalog(mode=args.mode, dry_run=args.dry_run, max_pages=args.max_pages)


def _serve_fakes(args: argparse.Namespace) -> int:
    import uvicorn

    from ani_parser.fakes import FakeProviders, Fault, create_fake_providers_app, demo_catalog, generated_catalog

    public_url = args.public_url or f"http://{args.host}:{args.port}"
    fake = FakeProviders(
        catalog=generated_catalog(args.catalog_size) if args.catalog_size else demo_catalog(),
        public_url=public_url,
        kodik_token=args.kodik_token,
        faults=[Fault.parse(spec) for spec in args.fault],
        slow_seconds=args.slow,
        cursor_loop=args.cursor_loop,
    )
    uvicorn.run(create_fake_providers_app(fake), host=args.host, port=args.port, log_config=None, access_log=False)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    configure_logging(settings.log_level)
    if args.command == "check-config":
        print(settings.model_dump_json(indent=2))
        return EXIT_OK
    if args.command == "fake-providers":
        try:
            return _serve_fakes(args)
        except ValueError as exc:
            print(f"ani-parser: {exc}", file=sys.stderr)
            return 2
    try:
        summary = asyncio.run(_run(args, settings))
    except Exception as exc:  # a crash is reported without a traceback that could carry a URL with the token
        message = str(exc)
        for secret in (settings.kodik_api_token.get_secret_value(), settings.internal_token.get_secret_value()):
            if secret:
                message = message.replace(secret, "[redacted]")
        log.error("import crashed", error_type=type(exc).__name__, error=message[:500])
        return EXIT_FAILED
    _print_summary(summary)
    code = exit_code(summary)
    if args.command == "one" and code == EXIT_OK and summary.processed == summary.skipped:
        code = EXIT_PARTIAL  # the one title asked for could not be imported
    if not args.dry_run or args.summary_json:
        target = Path(args.summary_json or f"{args.state or settings.state_path}.summary.json")
        _write_json(target, summary.to_json())
    return code


if __name__ == "__main__":
    sys.exit(main())
