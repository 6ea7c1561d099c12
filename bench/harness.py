"""Helpers shared by the benchmark scripts (run as ``python bench/<name>.py``, so this module is importable)."""

from __future__ import annotations

import json
import re
import socket
import threading
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jwt.algorithms import OKPAlgorithm

from ani_common.readmodels.shapes import AnimeDetail, Episode, VideoSource
from ani_common.testing.keys import TestSigner

__all__ = ["free_port", "sample_detail", "serve_jwks", "wrk_ms"]

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_ms(text: str) -> float:
    """A wrk latency figure (``812.00us``, ``1.25ms``, ``2.01s``) in milliseconds."""
    match = re.match(r"([\d.]+)(us|ms|s)$", text.strip())
    if match is None:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve_jwks(signer: TestSigner, port: int) -> ThreadingHTTPServer:
    """Serve the signer's public key as auth's JWKS would, on 127.0.0.1:``port``, in a daemon thread."""
    jwk = OKPAlgorithm.to_jwk(signer.public_key, as_dict=True)
    body = json.dumps({"keys": [{**jwk, "kid": signer.kid, "use": "sig", "alg": "EdDSA"}]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def sample_detail(slug: str, title: str, last_updated: datetime) -> AnimeDetail:
    """A realistic ~2 KB anime detail: 4 episodes with 2 sources each."""

    def sources(n: int) -> tuple[VideoSource, ...]:
        return tuple(
            VideoSource(
                id=uuid.UUID(int=n * 10 + k),
                type="iframe",
                url=f"https://player.example/e/{n}/{k}",
                source_name="kodik",
                priority=k,
                translation_title="AniDub",
                translation_type="voice",
            )
            for k in range(2)
        )

    return AnimeDetail(
        id=uuid.UUID(int=7),
        slug=slug,
        title=title,
        description="A title used by the benchmarks. " * 4,
        year=2024,
        status="ongoing",
        poster="https://img.example/posters/bench.jpg",
        genres=("Action", "Drama"),
        alternative_titles=("Бенч", "Bench"),
        episodes=tuple(
            Episode(id=uuid.UUID(int=1000 + n), number=n, season=1, title=None, video_sources=sources(n))
            for n in range(1, 5)
        ),
        last_updated=last_updated,
    )
