"""Fake provider servers (Kodik + Shikimori) with a bundled demo catalog, and a recording write-api stand-in."""

from ani_parser.fakes.backend import RecordingBackend, create_recording_backend_app
from ani_parser.fakes.dataset import Catalog, demo_catalog, generated_catalog
from ani_parser.fakes.providers import FakeProviders, Fault, create_fake_providers_app

__all__ = [
    "Catalog",
    "FakeProviders",
    "Fault",
    "RecordingBackend",
    "create_fake_providers_app",
    "create_recording_backend_app",
    "demo_catalog",
    "generated_catalog",
]
